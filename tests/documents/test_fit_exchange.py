"""The JSON document holds the plans as comuni write them: plan kinds, pre-requisiti, objectives
measured by their phases, the ente's kind labels, deadlines per year; older documents still read."""

import json

import pytest
import yaml

from openpiao.core.exchange import Audience, ImportProblem
from openpiao.organizations.models import Organization
from openpiao.plans.json_document import export_plan, import_plan

# The example of docs/export-format.md, into Albizzate's exported plan (2023).
EXAMPLE = """
- unit: segreteria
  number: 91
  kind_label: Obiettivo trasversale
  is_prerequisite: true
  weight: null
  title: Rispetto del codice di comportamento
  indicators:
    - {description: Nessuna sanzione disciplinare nell'anno, kind: boolean, targets: {"2023": "SI"}}
- unit: segreteria
  number: 92
  weight: null
  title: Festa patronale
  indicators: []
  phases:
    - {description: Programma e affidamenti, months: [3, 4]}
    - {description: Svolgimento 14-16 giugno, months: [6]}
    - {description: Rendiconto alla Giunta, months: [9]}
- unit: segreteria
  number: 93
  title: Convegno
  indicators:
    - description: Svolgimento
      kind: deadline
      targets: {"2023": "14-16 giugno", "2024": "entro il primo semestre"}
"""


def _document(plan) -> dict:
    return json.loads(json.dumps(export_plan(plan, audience=Audience.BACKUP)))


def test_new_fields_round_trip(albizzate):
    document = _document(albizzate)
    document["objectives"] += yaml.safe_load(EXAMPLE)
    copy = import_plan(document, slug="copia-albizzate")
    assert (copy.kind, copy.display_title) == (
        "performance",
        "Piano della performance e Piano degli obiettivi 2023",
    )
    again = _document(copy)
    rows = {o["number"]: o for o in again["objectives"] if o["unit"] == "segreteria"}
    assert (rows[91]["is_prerequisite"], rows[91]["weight"], rows[91]["kind"], rows[91]["kind_label"]) == (
        True,
        None,
        "",
        "Obiettivo trasversale",
    )
    assert rows[92]["indicators"] == [] and len(rows[92]["phases"]) == 3
    assert rows[93]["indicators"][0]["targets"] == {"2023": "14-16 giugno", "2024": "entro il primo semestre"}
    assert again["plan"]["kind"] == "performance"
    second = import_plan(json.loads(json.dumps(again)), slug="copia-di-copia")
    assert _document(second)["objectives"] == again["objectives"]


def test_a_document_written_before_the_kinds_is_a_piao(casorate):
    document = _document(casorate)
    document["plan"].pop("kind")
    for objective in document["objectives"]:
        objective.pop("kind_label")
        objective.pop("is_prerequisite")
    copy = import_plan(document, slug="vecchio-formato")
    assert copy.kind == "piao"
    assert not copy.objectives.filter(is_prerequisite=True).exists()
    assert set(copy.objectives.values_list("kind_label", flat=True)) == {""}


@pytest.mark.parametrize(
    "row, message",
    [
        (
            {"unit": "segreteria", "number": 95, "title": "t", "is_prerequisite": True, "weight": "10"},
            "pre-requisito non ha peso",
        ),
        (
            {
                "unit": "segreteria",
                "number": 96,
                "title": "t",
                "indicators": [
                    {"description": "d", "kind": "deadline", "targets": {"2023": "Entro 31/03/2024"}}
                ],
            },
            "deve cadere nel 2023",
        ),
        (
            {"unit": "segreteria", "number": 97, "title": "t", "kind": "di gestione"},
            "kind",
        ),
    ],
)
def test_bad_rows_are_refused_with_their_path(albizzate, row, message):
    document = _document(albizzate)
    document["objectives"].append(row)
    with pytest.raises(ImportProblem, match=message):
        import_plan(document, slug="non-deve-esistere")
    assert not Organization.objects.filter(slug="non-deve-esistere").exists()


def test_a_piao_before_2022_is_refused_a_performance_plan_is_kept(albizzate):
    document = _document(albizzate)
    for objective in document["objectives"]:
        objective["first_year"] = objective["last_year"] = 2019
        for indicator in objective["indicators"]:
            indicator["targets"] = {}
    for employee in document["employees"]:
        employee["start_date"] = None  # the 2023 hires would fall after the triennium
    document["plan"].update(first_year=2019, reference_year=2019, kind="piao")
    with pytest.raises(ImportProblem, match="Il PIAO esiste dal 2022"):
        import_plan(json.loads(json.dumps(document)), slug="storico")
    document["plan"]["kind"] = "performance"
    assert import_plan(document, slug="storico").first_year == 2019
