"""The plan's JSON document: export → import → export keeps every field."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from openpiao.core.exchange import Audience, ImportProblem
from openpiao.performance.models import StrategicObjective
from openpiao.plans.json_document import export_plan, import_plan
from tests import factories


def _without_slug(document: dict) -> dict:
    copy = json.loads(json.dumps(document))
    copy["organization"].pop("slug")
    return copy


def _enrich(plan):
    """Fill every optional field once, so the round trip checks them all."""
    parent = factories.unit(plan, code="rt-area", kind="area", name="Area di prova")
    unit = factories.unit(plan, code="rt-servizio", parent=parent, head_label="Segretario comunale")
    partner = factories.unit(plan, code="rt-partner")
    head = factories.employee(
        plan,
        unit,
        key="rt-capo",
        last_name="Rossi",
        first_name="Anna",
        area="funzionari_eq",
        old_category="D",
        economic_position="D3",
        is_eq_holder=True,
        part_time_pct=Decimal("83.33"),
        hourly_cost=Decimal("31.20"),
        start_date="2010-04-01",
        job_title="Istruttore direttivo",
        profile="Specialista amministrativo",
    )
    unit.head = head
    unit.save()
    strategic = StrategicObjective.objects.create(
        plan=plan,
        code="rt-so",
        title="Servizi digitali",
        mission_id=None,
        stakeholders="cittadini, imprese",
    )
    objective = factories.objective(
        plan,
        unit,
        kind="cross_unit",
        weight=Decimal("12.5"),
        description="Descrizione\nsu due righe",
        strategic_objective=strategic,
        cost_centre="CC1",
        budget_chapter="1043",
        budget_amount=Decimal("1500.50"),
        simplification=True,
        digitalisation=True,
        accessibility=True,
        equal_opportunity=True,
        remote_workable=False,
        reward_note="Costo fuori orario",
        last_year=plan.last_year,
    )
    objective.co_units.set([partner])


def test_round_trip_keeps_every_field(casorate):
    _enrich(casorate)
    first = export_plan(casorate, audience=Audience.BACKUP)
    copy = import_plan(json.loads(json.dumps(first)), slug="copia-casorate")
    second = export_plan(copy, audience=Audience.BACKUP)
    assert second["organization"]["slug"] == "copia-casorate"
    assert _without_slug(second) == _without_slug(first)
    objective = next(o for o in second["objectives"] if o["unit"] == "rt-servizio")
    assert objective["co_units"] == ["rt-partner"]
    assert objective["budget_amount"] == "1500.5"
    assert objective["participations"][0]["percent"] == "50"
    employee = next(e for e in second["employees"] if e["key"] == "rt-capo")
    assert employee["part_time_pct"] == "83.33" and employee["start_date"] == "2010-04-01"


def test_demo_round_trips(casorate, albizzate):
    for plan in (casorate, albizzate):
        first = export_plan(plan, audience=Audience.BACKUP)
        copy = import_plan(json.loads(json.dumps(first)), slug=f"copia-{plan.organization.slug}")
        assert _without_slug(export_plan(copy, audience=Audience.BACKUP)) == _without_slug(first)


@pytest.mark.parametrize(("options", "audience"), [([], Audience.PUBLIC), (["--completo"], Audience.BACKUP)])
def test_export_command_writes_the_same_document(casorate, options, audience):
    out = StringIO()
    call_command("export_plan", "casorate-primo", "2024", *options, stdout=out)
    assert json.loads(out.getvalue()) == json.loads(json.dumps(export_plan(casorate, audience=audience)))


def _objective_row(number: int, **parts) -> dict:
    """A new objective of the exported unit «rt-servizio», as the document writes it."""
    return {"unit": "rt-servizio", "number": number, "kind": "improvement", "title": "t", **parts}


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: d.update(format="altro"), "non è un piano OpenPIAO"),
        (lambda d: d["organization"].update(tax_code="123"), "Codice fiscale non valido"),
        (lambda d: d["plan"].update(reference_year=2030), "triennio"),
        (
            lambda d: d["employees"].append(
                {"key": "x", "gender": "F", "area": "istruttori", "unit": "nessuna"}
            ),
            "unità «nessuna» non presente",
        ),
        (
            lambda d: d["objectives"].append(
                _objective_row(
                    77, indicators=[{"description": "d", "kind": "boolean", "targets": {"2024": "forse"}}]
                )
            ),
            "«SI» oppure «NO»",
        ),
        (
            lambda d: d["objectives"].append(
                _objective_row(
                    78, indicators=[{"description": "d", "kind": "number", "targets": {"2031": "3"}}]
                )
            ),
            "triennio 2024-2026",
        ),
        (
            lambda d: d["objectives"].append(
                _objective_row(
                    79,
                    participations=[
                        {"employee": "rt-capo", "percent": "70"},
                        {"employee": "rt-capo2", "percent": "1"},
                    ],
                )
            ),
            "dipendente «rt-capo2» non presente",
        ),
    ],
)
def test_bad_document_imports_nothing(casorate, mutate, message):
    from openpiao.organizations.models import Organization

    _enrich(casorate)
    document = json.loads(json.dumps(export_plan(casorate, audience=Audience.BACKUP)))
    mutate(document)
    with pytest.raises(ImportProblem, match=message):
        import_plan(document, slug="non-deve-esistere")
    assert not Organization.objects.filter(slug="non-deve-esistere").exists()
