"""Mappa integrata dei processi (PNA 2025, delibera ANAC n. 19 del 28/1/2026): the sections of
the PIAO and the performance objectives a risk process serves, its page, print, exchange, advice."""

import json
from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from docx import Document as WordDocument

from openpiao.core.exchange import Audience
from openpiao.core.printing.render_docx import render_docx
from openpiao.documents.builder import build_document
from openpiao.plans import rollover
from openpiao.plans.access import plan_url
from openpiao.plans.json_document import export_plan, import_plan
from openpiao.plans.models import Plan
from openpiao.risk import readiness
from openpiao.risk.integration import integration_advice, linkable_sections, section_problem
from openpiao.risk.models import Measure, MonitoringRecord, Process, RiskArea
from openpiao.risk.services import save_process
from tests import factories
from tests.page_forms import page_form


@pytest.fixture
def unit(casorate):
    return casorate.units.get(code="territorio")


@pytest.fixture
def process(casorate, unit):
    return factories.process(
        casorate, unit, code="integrato", area=RiskArea.objects.get(code="L16A"), name="Processo integrato"
    )


_numbers = iter(range(90, 200))


def _objective(plan, unit, **values):
    """An objective numbered apart from the demo's."""
    return factories.objective(plan, unit, number=next(_numbers), **values)


def test_linkable_sections_are_the_other_parts_of_the_piao():
    codes = [s.code for s in linkable_sections("piao")]
    assert codes == ["2.1", "2.1.1", "2.2", "2.2.2", "3.1", "3.2", "3.3", "3.3.4", "4"]
    assert [s.code for s in linkable_sections("performance")] == ["2.1", "2.2", "3.1"]


@pytest.mark.parametrize(
    "codes, kind, problem",
    [
        (["2.2", "3.1"], "piao", None),
        ([], "piao", None),
        (["2.3"], "piao", "non collegabile a un processo: 2.3"),
        (["3.3.4"], "performance", "non collegabile a un processo: 3.3.4"),
        (["2.2", "2.2"], "piao", "una sola volta"),
        ("2.2", "piao", "Atteso un elenco"),
        ([22], "piao", "Atteso un elenco"),
    ],
)
def test_section_problem(codes, kind, problem):
    found = section_problem(codes, kind)
    assert (found is None) if problem is None else (problem in found)


@pytest.mark.parametrize(
    "first_year, processes, linked, advised",
    [(2026, 10, 0, False), (2027, 10, 0, True), (2027, 10, 1, False), (2028, 0, 0, False)],
)
def test_integration_advice_from_2027(first_year, processes, linked, advised):
    advice = integration_advice(first_year, processes, linked)
    assert (advice is not None) == advised
    if advised:
        assert "PNA 2025, delibera ANAC n. 19 del 28/1/2026" in advice


def test_form_links_sections_and_objectives(secretary_client, casorate, process, unit):
    objective = _objective(casorate, unit, with_details=False)
    address = plan_url(casorate, "risk:process_edit", process.pk)
    page = secretary_client.get(address)
    assert "Altre sezioni del PIAO" in page.content.decode()
    data = page_form(page, piao_sections=["2.2", "3.3.4"], objectives=[str(objective.pk)])
    response = secretary_client.post(address, data)
    assert response.status_code == 302
    process.refresh_from_db()
    assert process.piao_sections == ["2.2", "3.3.4"]
    assert list(process.objectives.all()) == [objective]
    # Unchanged on a second save of the page.
    page = secretary_client.get(address)
    assert secretary_client.post(address, page_form(page)).status_code == 302
    assert list(process.objectives.all()) == [objective]


def test_an_objective_of_another_plan_is_refused_next_to_the_field(
    secretary_client, casorate, albizzate, process
):
    foreign = _objective(albizzate, albizzate.units.first(), with_details=False)
    address = plan_url(casorate, "risk:process_edit", process.pk)
    data = page_form(secretary_client.get(address), objectives=[str(foreign.pk)], piao_sections=["2.2"])
    response = secretary_client.post(address, data)
    assert response.status_code == 200
    assert "objectives" in response.context["form"].errors
    process.refresh_from_db()
    assert process.piao_sections == [] and not process.objectives.exists()


def test_the_service_refuses_a_foreign_objective_and_a_wrong_section(
    casorate, albizzate, process, make_member
):
    user = make_member(casorate.organization, "secretary")
    foreign = _objective(albizzate, albizzate.units.first(), with_details=False)
    with pytest.raises(ValidationError) as refused:
        save_process(plan=casorate, process=process, values={"objectives": [foreign]}, events=[], user=user)
    assert "objectives" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        save_process(plan=casorate, process=process, values={"piao_sections": ["9.9"]}, events=[], user=user)
    assert "piao_sections" in refused.value.message_dict


def _fill(plan, unit, count: int) -> None:
    objective = _objective(plan, unit, with_details=False)
    for n in range(count):
        process = factories.process(plan, unit, piao_sections=["2.2", "3.1"])
        process.objectives.add(objective)
        measure = Measure.objects.create(
            plan=plan, kind="specific", process=process, title=f"Misura {n}", objective=objective
        )
        MonitoringRecord.objects.create(
            measure=measure, date=date(plan.first_year, 3, 1), status="in_progress"
        )


@pytest.mark.parametrize("count", [1, 20])
def test_the_page_reads_in_a_fixed_number_of_queries(
    secretary_client, casorate, unit, count, django_assert_max_num_queries
):
    Process.objects.filter(plan=casorate).delete()
    _fill(casorate, unit, count)
    with django_assert_max_num_queries(10):  # 9 measured, for 1 as for 20 processes
        response = secretary_client.get(plan_url(casorate, "risk:integrated_map"))
    page = response.content.decode()
    assert response.status_code == 200 and page.count("rilevata il") == count
    assert "Mappa integrata dei processi" in page


def test_register_links_the_map(secretary_client, casorate):
    page = secretary_client.get(plan_url(casorate, "risk:register")).content.decode()
    assert plan_url(casorate, "risk:integrated_map") in page


def test_the_map_shows_objectives_derived_from_measures(secretary_client, casorate, process, unit):
    objective = _objective(casorate, unit, with_details=False, title="Appalti trasparenti")
    Measure.objects.create(
        plan=casorate, kind="specific", process=process, title="Rotazione", objective=objective
    )
    page = secretary_client.get(plan_url(casorate, "risk:integrated_map")).content.decode()
    assert "Appalti trasparenti" in page and "(tramite una misura)" in page


def test_the_map_of_another_ente_is_not_found(client, casorate, albizzate, make_member):
    client.force_login(make_member(albizzate.organization, "secretary"))
    assert client.get(plan_url(casorate, "risk:integrated_map")).status_code == 404


def test_exchange_round_trip_keeps_sections_and_objectives(casorate, process, unit):
    objective = _objective(casorate, unit, with_details=False)
    process.piao_sections = ["2.2", "4"]
    process.save()
    process.objectives.add(objective)
    first = export_plan(casorate, audience=Audience.BACKUP)
    exported = next(p for p in first["risk_processes"] if p["code"] == "integrato")
    assert exported["piao_sections"] == ["2.2", "4"]
    assert exported["objectives"] == [{"unit": "territorio", "number": objective.number}]
    copy = import_plan(json.loads(json.dumps(first)), slug="copia-integrata")
    again = Process.objects.get(plan=copy, code="integrato")
    assert again.piao_sections == ["2.2", "4"]
    assert [(o.plan_id, o.number) for o in again.objectives.all()] == [(copy.pk, objective.number)]


def _printed(plan) -> tuple[list[str], str]:
    """The paragraphs and the tables' text of the plan's DOCX."""
    word = WordDocument(BytesIO(render_docx(build_document(plan))))
    tables = "\n".join(c.text for t in word.tables for r in t.rows for c in r.cells)
    return [p.text for p in word.paragraphs], tables


def test_docx_prints_the_map_only_when_a_process_is_linked(casorate, process, unit):
    Measure.objects.filter(plan=casorate, process__isnull=False).update(objective=None)
    paragraphs, _ = _printed(casorate)
    assert "Mappa integrata dei processi" not in paragraphs
    objective = _objective(casorate, unit, with_details=False, title="Obiettivo integrato")
    process.piao_sections = ["2.2", "3.3.4"]
    process.save()
    process.objectives.add(objective)
    paragraphs, tables = _printed(casorate)
    assert "Mappa integrata dei processi" in paragraphs
    assert "Processo integrato" in tables and "2.2, 3.3.4" in tables and "Obiettivo integrato" in tables


def test_readiness_advises_a_2027_plan_without_integration(casorate):
    Measure.objects.filter(plan=casorate).update(objective=None)
    Process.objects.filter(plan=casorate).update(piao_sections=[])
    Plan.objects.filter(pk=casorate.pk).update(first_year=2027, reference_year=2027)
    casorate.refresh_from_db()
    advice = [i for i in readiness.readiness_items(casorate) if "PNA 2025" in i.message]
    assert len(advice) == 1 and advice[0].blocking is False
    process = Process.objects.filter(plan=casorate).first()
    process.piao_sections = ["2.2"]
    process.save(update_fields=["piao_sections"])
    assert not [i for i in readiness.readiness_items(casorate) if "PNA 2025" in i.message]


def test_rollover_carries_sections_and_the_objectives_that_carry(casorate, process, unit):
    objective = _objective(casorate, unit, with_details=False, last_year=casorate.last_year)
    process.piao_sections = ["2.2", "3.1"]
    process.save()
    process.objectives.add(objective)
    everything = rollover.default_choices()
    assert "objectives" in everything
    new, _, _ = rollover.roll_over(source=casorate, chosen=everything, user=None)
    copy = Process.objects.get(plan=new, code="integrato")
    assert copy.piao_sections == ["2.2", "3.1"]
    assert [(o.plan_id, o.unit.code, o.number) for o in copy.objectives.all()] == [
        (new.pk, "territorio", objective.number)
    ]


def test_rollover_without_objectives_drops_the_links(casorate, process, unit):
    """Never a link from the new plan's process to an objective of the previous plan."""
    process.objectives.add(_objective(casorate, unit, with_details=False, last_year=casorate.last_year))
    chosen = rollover.default_choices() - {"objectives", "other_objectives"}
    new, _, _ = rollover.roll_over(source=casorate, chosen=chosen, user=None)
    assert not Process.objects.get(plan=new, code="integrato").objectives.exists()
