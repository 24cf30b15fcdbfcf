"""Risk register (sottosezione 2.3): catalogues, pages, roles, services, query counts, readiness."""

import shutil
import subprocess
from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from openpiao.core import rulebook
from openpiao.organization_chart.models import OrgUnit
from openpiao.plans.access import plan_url
from openpiao.risk import catalogue, readiness
from openpiao.risk.models import (
    Assessment,
    Measure,
    MonitoringRecord,
    Process,
    ProcessTemplate,
    RiskArea,
    RiskCatalogue,
    RiskIndicator,
)
from openpiao.risk.selectors import risk_register
from tests import factories
from tests.page_forms import page_form
from tests.pdf_files import pdfa_identification


def url(plan, name, *args):
    return plan_url(plan, f"risk:{name}", *args)


@pytest.fixture
def unit(casorate):
    return casorate.units.get(code="territorio")


@pytest.fixture
def process(casorate, unit):
    return factories.process(
        casorate, unit, code="prova", area=RiskArea.objects.get(code="L16A"), name="Processo di prova"
    )


def test_catalogues_are_loaded_with_version_and_source(db):
    assert RiskArea.objects.filter(mandatory_for_small=True).count() == 5  # L16A-E
    assert RiskIndicator.objects.filter(organization__isnull=True).count() == 6
    starter = RiskCatalogue.objects.get(key=catalogue.STARTER_MAP_KEY)
    # The row names the newest edition loaded (PNA 2025, from the 2027 plans).
    newest = catalogue.read_starter_map(rulebook.latest(catalogue.STARTER_MAP_KEY).file)
    assert starter.version == newest["version"] and "PNA 2019" in starter.source
    assert (
        ProcessTemplate.objects.filter(area__code__in=["L16A", "L16B", "L16C", "L16D"])
        .values("area")
        .distinct()
        .count()
        == 4
    )


def test_reloading_the_catalogue_is_an_upsert(db):
    before = ProcessTemplate.objects.count()
    counts = catalogue.load_risk_catalogues()
    assert ProcessTemplate.objects.count() == before == counts["processi della mappa tipo"]


def test_casorate_demo_register(casorate):
    register = risk_register(casorate, today=date(2024, 12, 31))
    assert len(register.processes) == 14
    assert {p.area.code for p in register.processes} >= {"L16A", "L16B", "L16C", "L16D", "L16E"}
    assert not register.mandatory_areas_missing
    assert len(register.general_measures) == 8
    assert [p.name for p in register.unassessed] == ["Gestione del contenzioso e delle transazioni"]
    levels = {p.code: p.level for p in register.processes}
    assert levels["p-b02"] == "alto"  # alto ×3 is the mode
    assert levels["p-b03"] == "alto"  # basso by the rule, alto by the RPCT with a motivation
    assert (
        register.processes[[p.code for p in register.processes].index("p-b03")].assessment.computed_level
        == "basso"
    )
    transparency = next(m for m in register.general_measures if m.general_measure.code == "MG01")
    assert (transparency.objective.unit.code, transparency.objective.number) == ("amministrativo", 4)


def test_override_without_motivation_is_refused_by_the_database(casorate, process):
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(
            process=process,
            year=2024,
            rule="mode_worst",
            override_level="alto",
        )


def _assessment_post(levels, **extra):
    data = {
        f"level_{i.pk}": lv
        for i, lv in zip(RiskIndicator.objects.filter(organization__isnull=True), levels, strict=False)
    }
    return {**data, "motivation": "", **extra}


def test_assessment_computes_the_synthetic_judgment(secretary_client, casorate, process):
    response = secretary_client.post(
        url(casorate, "assessment", process.pk),
        _assessment_post(["alto", "alto", "basso", "medio", "basso", "basso"]),
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get(process=process, year=2024)
    assert (assessment.computed_level, assessment.level, assessment.judgments.count()) == (
        "basso",
        "basso",
        6,
    )
    detail = secretary_client.get(url(casorate, "process", process.pk))
    assert "Come è calcolato il giudizio sintetico" in detail.content.decode()


def test_override_without_motivation_is_refused_by_the_form(secretary_client, casorate, process):
    response = secretary_client.post(
        url(casorate, "assessment", process.pk),
        _assessment_post(["basso"] * 6, override_level="alto", override_motivation="  "),
    )
    assert response.status_code == 200
    assert "deve scrivere la motivazione" in response.content.decode()
    assert not Assessment.objects.filter(process=process).exists()


def test_override_with_motivation_is_kept(secretary_client, casorate, process):
    secretary_client.post(
        url(casorate, "assessment", process.pk),
        _assessment_post(
            ["basso"] * 6, override_level="alto", override_motivation="Segnalazioni ricevute nel 2024"
        ),
    )
    assessment = Assessment.objects.get(process=process)
    assert (assessment.computed_level, assessment.level) == ("basso", "alto")


def test_changing_the_rule_recomputes_every_assessment_of_the_plan(secretary_client, casorate):
    from openpiao.core.audit import Action
    from openpiao.core.models import AuditEvent
    from openpiao.risk import judgment

    assessments = Assessment.objects.filter(process__plan=casorate)
    before = {a.pk: a.computed_level for a in assessments}
    page = secretary_client.get(url(casorate, "settings"))
    response = secretary_client.post(url(casorate, "settings"), page_form(page, judgment_rule="worst"))
    assert response.status_code == 302
    changed = 0
    for a in assessments.prefetch_related("judgments"):
        expected = judgment.synthetic_judgment([j.level for j in a.judgments.all()], "worst").level or ""
        assert (a.rule, a.computed_level) == ("worst", expected)
        changed += a.computed_level != before[a.pk]
    assert changed > 0
    p_b03 = assessments.get(process__code="p-b03")
    assert p_b03.level == "alto" and p_b03.override_motivation  # the RPCT's override stays
    event = AuditEvent.objects.filter(action=Action.RISK_SETTINGS_SAVED).latest("pk")
    assert event.details == {"rule": "worst", "recomputed": len(before)}


def test_unit_head_cannot_override(client, casorate, process, unit, make_member):
    head = make_member(casorate.organization, "unit_head", username="resp-territorio")
    unit.editors.add(head)
    client.force_login(head)
    client.post(
        url(casorate, "assessment", process.pk),
        _assessment_post(["basso"] * 6, override_level="alto", override_motivation="Vorrei alto"),
    )
    assessment = Assessment.objects.get(process=process)
    assert assessment.override_level == "" and assessment.level == "basso"


@pytest.mark.parametrize(
    ("role", "own_unit", "expected"),
    [
        ("secretary", False, 200),
        ("admin", False, 200),
        ("unit_head", True, 200),
        ("unit_head", False, 403),
        ("evaluator", False, 403),
        ("reader", False, 403),
    ],
)
def test_who_may_edit_a_process(client, casorate, process, unit, make_member, role, own_unit, expected):
    user = make_member(casorate.organization, role, username=f"u-{role}-{own_unit}")
    (unit if own_unit else casorate.units.get(code="finanziario")).editors.add(user)
    client.force_login(user)
    assert client.get(url(casorate, "process", process.pk)).status_code == 200  # everyone reads
    assert client.get(url(casorate, "process_edit", process.pk)).status_code == expected
    assert client.get(url(casorate, "assessment", process.pk)).status_code == expected


def test_unit_head_creates_processes_only_in_its_units(client, casorate, unit, make_member):
    head = make_member(casorate.organization, "unit_head", username="resp-t")
    unit.editors.add(head)
    client.force_login(head)
    other = casorate.units.get(code="finanziario")
    data = {
        "code": "nuovo",
        "name": "Nuovo",
        "area": RiskArea.objects.get(code="L16B").pk,
        "unit": other.pk,
        "order": 0,
        "eventi-TOTAL_FORMS": 0,
        "eventi-INITIAL_FORMS": 0,
    }
    response = client.post(url(casorate, "process_create"), data)
    assert response.status_code == 200 and not Process.objects.filter(plan=casorate, code="nuovo").exists()
    response = client.post(url(casorate, "process_create"), {**data, "unit": unit.pk})
    assert response.status_code == 302 and Process.objects.get(plan=casorate, code="nuovo").unit == unit


def test_monitoring_record_updates_the_measure(client, casorate, make_member):
    measure = Measure.objects.filter(
        plan=casorate, owner_unit__code="territorio", process__isnull=False
    ).first()
    head = make_member(casorate.organization, "unit_head", username="resp-mon")
    casorate.units.get(code="territorio").editors.add(head)
    client.force_login(head)
    address = url(casorate, "measure", measure.pk)
    data = page_form(client.get(address), date="2024-12-20", status="done", value="SI", evidence="Verbale")
    response = client.post(address, data)
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.status == "done" and measure.monitoring.last().evidence == "Verbale"


def test_monitoring_does_not_get_overwritten_by_an_older_measure_form(secretary_client, casorate):
    """The edit form opened before a monitoring record carries the old status: it must not save."""
    measure = Measure.objects.filter(plan=casorate, kind="specific", process__isnull=False).first()
    opened = secretary_client.get(url(casorate, "measure_edit", measure.pk)).context["form"]
    secretary_client.post(
        url(casorate, "measure", measure.pk), {"date": "2024-12-20", "status": "done", "evidence": "Verbale"}
    )
    data = {name: value for name, value in opened.initial.items() if value is not None}
    data["deadline"] = data["deadline"].isoformat() if data.get("deadline") else ""
    data["title"] = "Titolo corretto"
    response = secretary_client.post(url(casorate, "measure_edit", measure.pk), data)
    assert response.status_code == 200 and "Qualcun altro ha modificato" in response.content.decode()
    measure.refresh_from_db()
    assert measure.status == "done" and measure.title != "Titolo corretto"


def test_reader_cannot_record_monitoring(client, casorate, make_member):
    measure = Measure.objects.filter(plan=casorate).first()
    client.force_login(make_member(casorate.organization, "reader"))
    response = client.post(url(casorate, "measure", measure.pk), {"date": "2024-12-20", "status": "done"})
    assert response.status_code == 403
    assert MonitoringRecord.objects.filter(measure=measure, date=date(2024, 12, 20)).count() == 0


def test_starter_map_adoption(secretary_client, casorate):
    template = ProcessTemplate.objects.get(code="P-A04")  # concessioni cimiteriali: not in the demo
    unit = casorate.units.get(code="amministrativo")
    response = secretary_client.post(
        url(casorate, "starter_map"), {f"take_{template.pk}": "on", f"unit_{template.pk}": unit.pk}
    )
    assert response.status_code == 302
    process = Process.objects.get(plan=casorate, code="p-a04")
    assert process.unit == unit and process.events.count() == len(template.events)
    assert process.measures.count() == len(template.measures)


@pytest.mark.parametrize(
    "deadline, message",
    [("2030-01-01", "triennio 2024-2026"), ("9999-12-31", "Data non plausibile")],
)
def test_measure_deadline_outside_the_triennium_is_refused(
    secretary_client, casorate, process, deadline, message
):
    address = url(casorate, "measure_create")
    data = page_form(
        secretary_client.get(address),
        kind="specific",
        process=str(process.pk),
        title="Controllo fuori tempo",
        deadline=deadline,
        status="planned",
    )
    response = secretary_client.post(address, data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Measure.objects.filter(plan=casorate, title="Controllo fuori tempo").exists()


@pytest.mark.parametrize(
    "day, message",
    [("1990-07-15", "tra il 01/01/2023 e il 31/12/2027"), ("0001-01-01", "Data non plausibile")],
)
def test_a_monitoring_record_of_another_era_is_refused(secretary_client, casorate, day, message):
    measure = Measure.objects.filter(plan=casorate).first()
    address = url(casorate, "measure", measure.pk)
    data = page_form(secretary_client.get(address), date=day, status="done")
    response = secretary_client.post(address, data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not measure.monitoring.filter(date__year__in=[1, 1990]).exists()


def test_general_measure_must_name_the_pna_measure(secretary_client, casorate):
    response = secretary_client.post(
        url(casorate, "measure_create"),
        {"kind": "general", "title": "Formazione", "status": "planned", "order": 0},
    )
    assert response.status_code == 200 and "Una misura generale" in response.content.decode()


def _grow(plan, unit, n):
    area = RiskArea.objects.get(code="L16B")
    indicator = RiskIndicator.objects.filter(organization__isnull=True).first()
    for i in range(n):
        process = Process.objects.create(
            plan=plan,
            code=f"extra-{plan.pk}-{i}",
            area=area,
            unit=unit,
            name=f"Extra {i}",
        )
        assessment = Assessment.objects.create(
            process=process,
            year=plan.reference_year,
            rule="mode_worst",
            computed_level="alto",
        )
        assessment.judgments.create(indicator=indicator, level="alto")
        measure = Measure.objects.create(
            plan=plan,
            kind="specific",
            process=process,
            title="m",
            owner_unit=unit,
        )
        MonitoringRecord.objects.create(measure=measure, date=date(2024, 5, 1), status="in_progress")


@pytest.mark.parametrize("name", ["register", "measures", "rpct_report"])
def test_query_count_is_constant_in_the_register_size(secretary_client, casorate, unit, name):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert secretary_client.get(url(casorate, name)).status_code == 200
        return len(ctx)

    before = count()
    _grow(casorate, unit, 10)
    assert count() == before


def test_register_selector_query_count(casorate, unit, django_assert_num_queries):
    with django_assert_num_queries(12):  # the ente's settings (scale, method) included
        risk_register(casorate)
    _grow(casorate, unit, 5)
    fresh = type(casorate).objects.select_related("organization").get(pk=casorate.pk)  # settings not cached
    with django_assert_num_queries(12):
        risk_register(fresh)


def test_rpct_report_docx(secretary_client, casorate):
    from io import BytesIO

    from docx import Document

    response = secretary_client.get(url(casorate, "rpct_report_docx"), follow=True)
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    document = Document(BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Relazione annuale del RPCT — anno 2024" in text and "15/12/2024" in text
    assert "Nel 2024 non sono stati rilevati eventi corruttivi" in text
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    assert "Accesso civico semplice" in cells


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) non installato")
def test_rpct_report_pdf_is_pdfa_with_the_same_content(secretary_client, casorate, tmp_path):
    response = secretary_client.get(url(casorate, "rpct_report_pdf"), follow=True)
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    path = tmp_path / "relazione.pdf"
    path.write_bytes(response.content)
    text = " ".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.split()
    )
    assert "Relazione annuale del RPCT — anno 2024" in text and "15/12/2024" in text
    assert "Nel 2024 non sono stati rilevati eventi corruttivi" in text
    assert "Accesso civico semplice" in text
    assert pdfa_identification(path) == ("3", "A")


def test_readiness_items(casorate):
    items = readiness.readiness_items(casorate)
    messages = [i.message for i in items]
    assert any("senza valutazione del rischio 2024" in m for m in messages)
    assert any("senza indicatore" in m for m in messages)
    assert all(i.section == "2.3" and i.url.startswith("/enti/casorate-primo/") for i in items)


def test_readiness_flags_high_risk_process_without_measure(casorate, process):
    Assessment.objects.create(
        process=process,
        year=2024,
        rule="mode_worst",
        computed_level="alto",
    )
    messages = [i.message for i in readiness.readiness_items(casorate)]
    assert "Processo «Processo di prova» a rischio alto senza misure di prevenzione." in messages


def test_unit_of_another_plan_is_refused(casorate, albizzate):
    foreign = OrgUnit.objects.filter(plan=albizzate).first()
    process = Process(
        plan=casorate,
        code="x",
        area=RiskArea.objects.first(),
        unit=foreign,
        name="x",
    )
    with pytest.raises(Exception, match="stesso piano"):
        process.full_clean()


def test_training_measure_links_the_course_of_the_training_plan(casorate):
    measure = Measure.objects.get(plan=casorate, general_measure__code="MG11")
    assert measure.training_course.title == "Anticorruzione e trasparenza, aggiornamento sul PNA 2023"
    assert measure.training_course.plan_id == casorate.pk
