"""Sezione 3 with Casorate's demo: the seed's tables cell by cell, pages, roles, locking, export."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openpiao.core.audit import Action
from openpiao.core.exchange import Audience
from openpiao.core.models import AuditEvent
from openpiao.human_capital import selectors
from openpiao.human_capital.models import Cessation, Course, Enrolment, PlannedHire, SmartWorkingAgreement
from openpiao.human_capital.readiness import readiness_items
from openpiao.human_capital.selectors import section3
from openpiao.organization_chart.models import Employee, OrgUnit
from openpiao.plans.json_document import export_plan
from openpiao.plans.models import Plan

ORG, YEAR = "casorate-primo", 2024
SEED_SERVICES = {  # seed column (2.2.2 "Così suddiviso per ambiti") → demo unit name
    "Servizio Amministrativo": "Servizio Amministrativo",
    "Servizi per il Territorio": "Servizi per il Territorio",
    "Servizi Socio Educativi Culturali": "Servizi Socio Educativi Culturali",
    "Servizio Finanziario": "Servizio Finanziario",
    "Servizio Polizia Locale": "Polizia Locale",
}


def url(name, *args):
    return reverse(f"human_capital:{name}", args=[ORG, YEAR, *args])


@pytest.fixture
def s3(casorate):
    return section3(casorate, today=date(2024, 3, 20))


def test_headcount_at_31_12_2023_is_the_seeds_28(s3):
    assert s3.headcount_31_12 == 28 == s3.figures_employees


def test_dotazione_organica_equals_the_seed_row_by_row(s3):
    # 3.3 "Rappresentazione della consistenza di personale al 31 dicembre 2023".
    seed = {
        "Servizio Amministrativo": [
            ("D", "Istruttore Direttivo", 1),
            ("C", "Istruttore Amministrativo", 3),
            ("B", "Collaboratore Amministrativo", 2),
            ("A", "Operatore Centralino", 1),
        ],
        "Servizio Finanziario": [
            ("D", "Istruttore Direttivo", 1),
            ("D", "Istruttore Direttivo", 1),
            ("C", "Istruttore Amministrativo", 2),
            ("B", "Collaboratore Amministrativo", 1),
        ],
        "Servizi per il Territorio": [
            ("D", "Istruttore Direttivo", 1),
            ("C", "Istruttore Amministrativo", 3),
            ("B", "Operatore Ecologico", 3),
            ("A", "Operatore Ecologico", 1),
        ],
        "Polizia Locale": [
            ("D", "Istruttore Direttivo", 1),
            ("C", "Agente di Polizia Locale", 4),
            ("C", "Istruttore Amministrativo", 1),
        ],
        "Servizi Socio Educativi Culturali": [
            ("D", "Istruttore Direttivo", 1),
            ("C", "Istruttore Amministrativo", 1),
        ],
    }
    computed = {
        unit: sorted((x.old_category, x.job_title, x.count) for x in lines) for unit, lines in s3.dotazione
    }
    assert computed == {unit: sorted(rows) for unit, rows in seed.items()}
    assert sum(x.count for _, lines in s3.dotazione for x in lines) == 28


def test_gender_tables_equal_the_seed_cell_by_cell(s3):
    g = s3.gender
    # "Quadro del personale ... al 31.12.2023"
    assert [g["by_contract"].cell(s, "permanent") for s in "MF"] == [11, 17]
    assert g["by_contract"].column_total("fixed_term") == 0
    # "Così suddiviso per ambiti"
    seed_by_unit = {"M": [2, 5, 0, 1, 3], "F": [5, 3, 2, 4, 3]}
    for gender, counts in seed_by_unit.items():
        assert [g["by_unit"].cell(gender, SEED_SERVICES[s]) for s in SEED_SERVICES] == counts
    # "Dipendenti a tempo pieno / parziale ed indeterminato, suddivisi per categorie"
    areas = ["operatori", "operatori_esperti", "istruttori", "funzionari_eq"]
    assert [g["full_time_by_area"].cell("M", a) for a in areas] == [1, 3, 4, 3]
    assert [g["full_time_by_area"].cell("F", a) for a in areas] == [0, 3, 9, 3]
    assert [g["part_time_by_area"].cell("M", a) for a in areas] == [0, 0, 0, 0]
    assert [g["part_time_by_area"].cell("F", a) for a in areas] == [1, 0, 1, 0]
    # "DOTAZIONE ORGANICA DEL PERSONALE": A B C D × U D, full and part time
    cols = ["AM", "AF", "BM", "BF", "CM", "CF", "DM", "DF"]
    assert [g["by_category"].cell("full", c) for c in cols] == [1, 0, 3, 3, 4, 9, 3, 3]
    assert [g["by_category"].cell("part", c) for c in cols] == [0, 1, 0, 0, 0, 1, 0, 0]
    # Responsabili (cat. D, art. 107): 2 women, 3 men
    assert (g["responsabili"].cell("eq", "F"), g["responsabili"].cell("eq", "M")) == (2, 3)


def test_economic_positions_equal_the_seed(s3):
    """2.2.2 prints one woman at ex C3 and one at ex C2 at 31/12/2023 (the 2024 schede show both
    at C3 after a progression): the adopted gender table is the seed's, cell by cell."""
    table = s3.gender["by_economic_position"]
    seed = {
        "D6": (0, 1),
        "D5": (0, 0),
        "D4": (0, 0),
        "D3": (2, 0),
        "D2": (1, 1),
        "D1": (0, 1),
        "C5": (0, 1),
        "C4": (0, 3),
        "C3": (1, 1),
        "C2": (0, 1),
        "C1": (3, 4),
        "B6": (1, 1),
        "B5": (0, 0),
        "B4": (1, 1),
        "B3": (1, 0),
        "B2": (0, 1),
        "A5": (1, 1),
    }
    assert table.rows == list(seed)
    computed = {p: (table.cell(p, "M"), table.cell(p, "F")) for p in table.rows}
    assert computed == seed
    assert sum(sum(v) for v in computed.values()) == sum(sum(v) for v in seed.values()) == 28


def test_art48_verdict_as_the_seed(s3):
    staff, heads = s3.gender_checks
    assert (staff.women, staff.men, staff.gap) == (17, 11, False)
    assert (heads.women, heads.men, heads.gap) == (2, 3, False)
    assert "non occorre" in staff.verdict


def test_casorate_hiring_capacity_and_checks(s3):
    c = s3.capacity
    assert (c.ratio_display, c.table1_pct, c.margin, c.max_spending) == (
        D("24.706"),
        D("26.9"),
        D("118033.00"),
        D("1447233.48"),
    )
    assert c.provisional  # no 2018 spending in the seed
    assert all(v.ok for v in c.verdicts)
    assert c.net_increase == D("37000.00")  # the Istruttore of the Servizi Socio Educativi
    assert s3.check_557.ok and s3.check_flexible.ok and s3.check_flexible.limit == D("12550.00")
    assert "24,706%" in s3.narrative and "€ 118.033,00" in s3.narrative


def test_smart_working_register(s3):
    by_key = {a.employee.key: (presence, term) for a, presence, term in s3.agreements}
    assert by_key["bernardinello"][0].derogation and by_key["bernardinello"][0].ok
    assert by_key["radici"][1].status == "answered_late"
    assert by_key["latorre"][1].status == "overdue"
    assert all(p.ok for p, _ in by_key.values())


def test_training_budget_and_hours(s3):
    assert s3.budget.ok_courses is True and s3.budget.ok_minimum is None
    assert s3.hours.target.hours == 24
    assert {r.key for r in s3.hours.rows} >= {"pizzocaro"} and "terr-d-01" not in {
        r.key for r in s3.hours.rows
    }
    assert s3.hours.short


def test_readiness_of_the_demo(casorate):
    items = readiness_items(casorate)
    assert not [i for i in items if i.blocking]
    assert any("2018" in i.message for i in items)


def test_readiness_blocks_hires_beyond_capacity_and_headcount_mismatch(casorate):
    unit = OrgUnit.objects.get(plan=casorate, code="territorio")
    PlannedHire.objects.create(
        plan=casorate,
        year=2024,
        profile="Extra",
        area="funzionari_eq",
        unit=unit,
        modality="competition",
        annual_cost=D("200000"),
    )
    figures = casorate.organization.figures.get(year=2023)
    figures.employees = 30
    figures.save()
    items = readiness_items(casorate)
    blocking = [i.message for i in items if i.blocking]
    assert any("oltre la capacità assunzionale" in m for m in blocking)
    assert any(i.section == "3.1" and "30" in i.message for i in items)


PAGES = ["index", "staffing", "smart_working", "training", "positive_actions"]


def _count(client, address):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(address)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_pages_show_the_section_and_query_counts_do_not_grow(client, casorate, make_member):
    client.force_login(make_member(casorate.organization, "reader"))
    page = client.get(url("staffing")).content.decode()
    assert "118.033,00" in page and "Come è calcolata la capacità assunzionale" in page
    assert "Modifica" not in page  # readers read
    before = {name: _count(client, url(name)) for name in PAGES}
    unit = OrgUnit.objects.get(plan=casorate, code="amministrativo")
    course = Course.objects.filter(plan=casorate).first()
    for n in range(5):
        employee = Employee.objects.create(
            plan=casorate,
            key=f"extra-{n}",
            last_name=f"Extra{n}",
            gender="F",
            unit=unit,
            area="istruttori",
            old_category="C",
            economic_position="C1",
        )
        Enrolment.objects.create(plan=casorate, course=course, employee=employee)
        SmartWorkingAgreement.objects.create(
            plan=casorate,
            employee=employee,
            requested_on=date(2024, 2, 1),
            remote_days=1,
        )
        Cessation.objects.create(
            plan=casorate,
            year=2025,
            profile="X",
            reason="retirement",
            unit=unit,
            employee=employee,
        )
        PlannedHire.objects.create(
            plan=casorate,
            year=2025,
            profile="Y",
            area="istruttori",
            unit=unit,
            modality="mobility",
            annual_cost=1,
        )
    after = {name: _count(client, url(name)) for name in PAGES}
    assert after == before
    assert max(before.values()) <= 30


def test_reader_cannot_edit(client, casorate, make_member):
    client.force_login(make_member(casorate.organization, "reader"))
    assert client.get(url("row_create", "assunzioni")).status_code == 403
    assert client.post(url("singleton_edit", "rendiconto"), {}).status_code == 403


def test_unit_head_records_agreements_only_for_its_unit(client, casorate, make_member):
    user = make_member(casorate.organization, "unit_head", username="resp-pl")
    OrgUnit.objects.get(plan=casorate, code="polizia-locale").editors.add(user)
    client.force_login(user)
    assert client.get(url("row_create", "assunzioni")).status_code == 403
    form = client.get(url("row_create", "accordi")).content.decode()
    assert "Formigoni" in form and "Cervi" not in form
    own = Employee.objects.get(plan=casorate, key="formigoni")
    other = Employee.objects.get(plan=casorate, key="cervi")
    data = {
        "requested_on": "2024-04-02",
        "remote_days": "1",
        "period": "week",
        "weekly_working_days": "5",
        "outcome": "pending",
    }
    response = client.post(url("row_create", "accordi"), {**data, "employee": other.pk})
    assert response.status_code == 200 and not SmartWorkingAgreement.objects.filter(
        employee=other, requested_on="2024-04-02"
    )
    response = client.post(url("row_create", "accordi"), {**data, "employee": own.pk})
    assert response.status_code == 302
    assert SmartWorkingAgreement.objects.filter(employee=own, requested_on="2024-04-02").exists()
    someone_else = SmartWorkingAgreement.objects.get(plan=casorate, employee__key="cervi")
    assert client.get(url("row_edit", "accordi", someone_else.pk)).status_code == 403


@pytest.mark.parametrize(("page", "kind"), [("smart_working", "accordi"), ("training", "iscrizioni")])
def test_unit_head_sees_edit_links_only_for_its_staff(client, casorate, make_member, page, kind):
    """Every link on the page opens: no «modifica» leading to a 403 for another unit's staff."""
    user = make_member(casorate.organization, "unit_head", username="resp-links")
    OrgUnit.objects.get(plan=casorate, code="polizia-locale").editors.add(user)
    client.force_login(user)
    if kind == "accordi":  # the demo has no agreement in the Polizia Locale
        SmartWorkingAgreement.objects.create(
            plan=casorate,
            employee=Employee.objects.get(plan=casorate, key="formigoni"),
            requested_on=date(2024, 4, 2),
            remote_days=1,
            period="week",
            weekly_working_days=5,
        )
    html = client.get(url(page)).content.decode()
    model = SmartWorkingAgreement if kind == "accordi" else Enrolment
    rows = model.objects.filter(plan=casorate).select_related("employee__unit")
    own = [r for r in rows if r.employee.unit.code == "polizia-locale"]
    others = [r for r in rows if r.employee.unit.code != "polizia-locale"]
    assert own and others
    for row in others:
        assert url("row_edit", kind, row.pk) not in html
        assert client.get(url("row_edit", kind, row.pk)).status_code == 403
    for row in own:
        assert url("row_edit", kind, row.pk) in html
        assert client.get(url("row_edit", kind, row.pk)).status_code == 200


def test_registers_of_the_year_go_on_after_adoption(client, casorate, make_member):
    """Enrolments are completed and agreements signed during the year: after adoption too."""
    Plan.objects.filter(pk=casorate.pk).update(
        status="adopted", resolution_number="5", resolution_date=date(2024, 1, 30)
    )
    head = make_member(casorate.organization, "unit_head", username="resp-adopted")
    OrgUnit.objects.get(plan=casorate, code="polizia-locale").editors.add(head)
    client.force_login(head)
    enrolment = Enrolment.objects.filter(plan=casorate, employee__unit__code="polizia-locale").first()
    data = {
        "course": enrolment.course_id,
        "employee": enrolment.employee_id,
        "completed": "on",
        "completed_on": "2024-10-15",
        "expected_version": enrolment.version,
    }
    assert url("row_edit", "iscrizioni", enrolment.pk) in client.get(url("training")).content.decode()
    assert client.post(url("row_edit", "iscrizioni", enrolment.pk), data).status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.completed and enrolment.completed_on == date(2024, 10, 15)
    agreement = {
        "employee": Employee.objects.get(plan=casorate, key="formigoni").pk,
        "requested_on": "2024-04-02",
        "remote_days": "1",
        "period": "week",
        "weekly_working_days": "5",
        "outcome": "pending",
    }
    assert client.post(url("row_create", "accordi"), agreement).status_code == 302
    # The plan itself stays as adopted, also for the segretario.
    client.force_login(make_member(casorate.organization, "secretary", username="segr-adopted"))
    response = client.get(url("row_create", "assunzioni"))
    assert response.status_code == 403
    assert client.post(url("singleton_edit", "rendiconto"), {}).status_code == 403


def test_bad_input_gets_an_italian_message_and_nothing_is_saved(secretary_client, casorate):
    employee = Employee.objects.get(plan=casorate, key="gatti")
    count = SmartWorkingAgreement.objects.count()
    response = secretary_client.post(
        url("row_create", "accordi"),
        {
            "employee": employee.pk,
            "requested_on": "2024-04-02",
            "remote_days": "3",
            "period": "week",
            "weekly_working_days": "5",
            "outcome": "approved",
            "presence_derogation": "on",
        },
    )
    text = response.content.decode()
    assert (
        "Indicare la data della risposta" in text
        and "La deroga alla prevalenza della presenza va motivata" in text
    )
    assert SmartWorkingAgreement.objects.count() == count


def test_stale_edit_saves_nothing(secretary_client, casorate):
    hire = PlannedHire.objects.filter(plan=casorate).first()
    data = {
        "year": 2024,
        "profile": "Nuovo profilo",
        "area": hire.area,
        "unit": hire.unit_id,
        "modality": hire.modality,
        "contract_type": hire.contract_type,
        "part_time_pct": "100",
        "annual_cost": "1000",
        "expected_version": hire.version,
    }
    PlannedHire.objects.filter(pk=hire.pk).update(version=hire.version + 1)
    response = secretary_client.post(url("row_edit", "assunzioni", hire.pk), data)
    assert "Qualcun altro ha modificato" in response.content.decode()
    hire.refresh_from_db()
    assert hire.profile != "Nuovo profilo"
    data["expected_version"] = hire.version
    assert secretary_client.post(url("row_edit", "assunzioni", hire.pk), data).status_code == 302
    hire.refresh_from_db()
    assert hire.profile == "Nuovo profilo"


def test_secretary_edits_inputs_and_the_capacity_follows(secretary_client, casorate):
    form = secretary_client.get(url("singleton_edit", "rendiconto")).content.decode().lower()
    assert "spesa di personale 2018" in form
    inputs = casorate.staffing_inputs
    response = secretary_client.post(
        url("singleton_edit", "rendiconto"),
        {
            "spending_year": 2023,
            "personnel_spending": "1329200,48",
            "net_revenues": "5380050,11",
            "spending_2018": "1103755,20",
            "flexible_base_label": "2009",
            "expected_version": inputs.version,
        },
    )
    assert response.status_code == 302
    capacity = section3(casorate).capacity
    # With the 2018 spending the seed's "soglia teorica" reading (× 1,25) would be 1.379.694; the law
    # for 2024 uses the 2024 column of Tabella 2 (reference data, row e not yet verified on the G.U.).
    assert capacity.max_spending_transitional is not None and not capacity.provisional
    assert capacity.max_spending == min(capacity.max_spending_table1, capacity.max_spending_transitional)


def test_delete_row(secretary_client, casorate):
    cessation = Cessation.objects.filter(plan=casorate).first()
    assert secretary_client.post(url("row_delete", "cessazioni", cessation.pk)).status_code == 302
    assert not Cessation.objects.filter(pk=cessation.pk).exists()


def test_export_carries_hiring_capacity_and_tables(casorate):
    section = export_plan(casorate, audience=Audience.BACKUP)["human_capital"]
    hc = section["hiring_capacity"]
    assert (hc["ratio_pct"], hc["fascia"], hc["table1_pct"], hc["margin"], hc["max_spending"]) == (
        "24.706",
        "e",
        "26.9",
        "118033.00",
        "1447233.48",
    )
    assert hc["table3_pct"] and hc["position"] == "below_table1" and len(hc["verdicts"]) == 3
    assert hc["spending_cap_557"]["ok"] and hc["flexible_work_cap"]["ok"]
    assert section["headcount"]["total"] == 28
    assert section["gender_tables"]["by_unit"]["total"] == 28
    assert section["gender_balance"][0]["gap"] is False
    assert len(section["training_areas"]) == 7 and len(section["positive_action_areas"]) == 5


@pytest.mark.parametrize("table", ["cessazioni", "assunzioni", "corsi"])
def test_a_year_outside_the_triennium_is_refused_next_to_the_field(secretary_client, casorate, table):
    response = secretary_client.post(url("row_create", table), {"year": "2030"})
    assert response.status_code == 200
    assert response.context["form"].errors["year"] == ["L'anno deve cadere nel triennio 2024-2026."]


def test_delete_message_and_audit_row_agree_with_the_row(secretary_client, casorate):
    cessation = Cessation.objects.filter(plan=casorate).first()
    response = secretary_client.post(url("row_delete", "cessazioni", cessation.pk), follow=True)
    assert "Cessazione eliminata." in response.content.decode()
    event = AuditEvent.objects.filter(object_type="cessation", object_id=str(cessation.pk)).get()
    assert event.action == Action.CESSATION_DELETED
    assert event.get_action_display() == "cessazione eliminata"


def test_summary_dates_the_headcount_the_italian_way(secretary_client, casorate):
    page = secretary_client.get(url("index")).content.decode()
    assert "Personale al 31/12/2023" in page and "2023-12-31" not in page


# Each page of Sezione 3 loads only what it shows; the printed section loads it all at once.
PAGE_QUERIES = {
    "overview": 8,  # staffing (5) and the training plan with its courses and enrolments (3)
    "staffing": 5,  # employees, yearly figures, inputs, cessations, hires
    "smart_working": 4,  # POLA indicators and values, activity map, agreements
    "training": 5,  # employees, training plan, courses and enrolments, areas
    "positive_actions": 3,  # employees, areas and actions
    "section3": 15,
}


@pytest.mark.parametrize(("loader", "queries"), PAGE_QUERIES.items())
def test_each_page_loads_only_what_it_shows(casorate, loader, queries, django_assert_num_queries):
    with django_assert_num_queries(queries):
        getattr(selectors, loader)(casorate)


def test_the_pages_show_the_figures_of_the_whole_section(casorate):
    whole = selectors.section3(casorate, today=date(2024, 3, 20))
    staffing = selectors.staffing(casorate)
    assert (staffing.capacity, staffing.check_557, staffing.narrative) == (
        whole.capacity,
        whole.check_557,
        whole.narrative,
    )
    agreements = selectors.smart_working(casorate, today=date(2024, 3, 20)).agreements
    assert [(a.pk, p, t) for a, p, t in agreements] == [(a.pk, p, t) for a, p, t in whole.agreements]
    training = selectors.training(casorate)
    assert (training.budget, training.hours) == (whole.budget, whole.hours)
    assert [(a.pk, [c.pk for c in cs]) for a, cs in training.courses_by_area] == [
        (a.pk, [c.pk for c in cs]) for a, cs in whole.courses_by_area
    ]
    actions = selectors.positive_actions(casorate)
    assert (actions.gender_checks, [a.pk for a in actions.action_areas]) == (
        whole.gender_checks,
        [a.pk for a in whole.action_areas],
    )
    overview = selectors.overview(casorate)
    assert (overview.capacity, overview.budget, overview.gender_checks) == (
        whole.capacity,
        whole.budget,
        whole.gender_checks,
    )
