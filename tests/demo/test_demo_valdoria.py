"""The third demo ente, the fictional small Comune di Valdoria (issue 13): a plan written the way
small comuni write it goes through readiness, adoption and print with no invented data."""

from datetime import date

import pytest
from docx import Document as Docx

from openpiao.documents.builder import build_document
from openpiao.documents.models import sha256
from openpiao.documents.readiness import collect
from openpiao.organization_chart.models import Employee
from openpiao.performance.models import Objective
from openpiao.plans.models import Plan, PlanStatus


@pytest.fixture
def valdoria(db) -> Plan:
    return Plan.objects.select_related("organization").get(organization__slug="valdoria")


def test_nothing_had_to_be_invented(valdoria):
    """What the plan does not say stays unsaid: no weight for the pre-requisito, no kind where
    the plan gives none, no names for the operai counted by category, no gender not declared."""
    prerequisite = Objective.objects.get(plan=valdoria, is_prerequisite=True)
    assert prerequisite.weight is None
    assert Objective.objects.filter(plan=valdoria, kind="").count() == 2
    measured_by_phases = Objective.objects.filter(plan=valdoria, indicators__isnull=True)
    assert measured_by_phases.count() == 3 and all(o.phases.exists() for o in measured_by_phases)
    operai = Employee.objects.get(plan=valdoria, key="tec-b")
    assert (operai.headcount, operai.last_name, operai.first_name) == (2, "", "")
    assert Employee.objects.get(plan=valdoria, key="amm-c-03").gender == "N"
    assert valdoria.risk_settings.scale == ["Nullo", "Basso", "Medio", "Alto"]


def test_readiness_blocks_nothing_and_advises_on_what_a_small_comune_leaves_out(valdoria):
    report = collect(valdoria)
    assert report.ready, [item.message for item in report.blocking]
    advice = " ".join(item.message for item in report.items)
    assert "misurato dal completamento e dal rispetto dei tempi delle fasi" in advice


def test_the_printed_plan_reads_as_the_comune_wrote_it(valdoria):
    text = build_document(valdoria).text()
    assert "X (pre-requisito)" in text
    assert "entro il 30 settembre" in text and "entro il primo semestre" in text
    assert "2 × Operaio specializzato" in text
    assert "Non dichiarato" in text
    assert "Area di rischio | Alto | Medio | Basso | Nullo" in text
    assert "Fattori abilitanti: Un solo tecnico istruisce e firma" in text
    assert "Autocarro con lama sgombraneve e spargisale" in text


def test_the_demo_adopts_the_plan_with_its_frozen_documents(valdoria, tmp_path):
    """The loader adopts it through adopt_plan, with the delibera the fixture records."""
    version = valdoria.frozen_versions.get()
    assert valdoria.status == PlanStatus.ADOPTED and version.number == 1
    assert (version.resolution_number, version.resolution_date) == ("9", date(2025, 1, 30))
    pdf = version.pdf.read()
    assert pdf.startswith(b"%PDF")
    assert version.pdf_sha256 == sha256(pdf)
    path = tmp_path / "valdoria.docx"
    path.write_bytes(version.docx.read())
    printed = "\n".join(p.text for p in Docx(path).paragraphs)
    assert "Comune di Valdoria" in printed


def test_readiness_messages_end_with_one_full_stop(valdoria):
    """A note that already ends with a full stop («… testo G.U.») gets no second one."""
    messages = [item.message for item in collect(valdoria).items]
    assert any("Tabella 3" in m for m in messages)
    assert not [m for m in messages if m.endswith("..")]
