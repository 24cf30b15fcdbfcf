"""People as comuni write them: a gender not declared («n.d.»), staff counted by category without
names («5 Istruttori (C1)»), resources per unit. Tables of cases for each rule, the pages posted
as they are rendered, the print and the JSON round trip."""

import json
from decimal import Decimal as D
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError

from openpiao.core.exchange import Audience
from openpiao.documents.builder import build_document
from openpiao.human_capital import reference, selectors
from openpiao.human_capital.gender_balance import check_gender_gap, too_small
from openpiao.human_capital.headcount import StaffRow, dotazione_organica, gender_tables
from openpiao.organization_chart.models import Employee, UnitResource
from openpiao.performance.costs import objective_costs, participation_cost
from openpiao.performance.models import Participation
from openpiao.plans.access import plan_url
from openpiao.plans.json_document import export_plan, import_plan
from tests import factories
from tests.page_forms import page_form

TWO_THIRDS = Fraction(2, 3)


@pytest.mark.parametrize(
    ("women", "men", "undeclared", "gap", "why"),
    [
        (17, 11, 0, False, "non sussiste"),  # Casorate's staff
        (20, 10, 0, True, "occorre favorire"),
        (8, 1, 1, None, "il genere di 1 su 10 dipendenti non è dichiarato"),
        (0, 0, 4, None, "il genere di 4 su 4 dipendenti non è dichiarato"),
        (1, 0, 0, None, "1 dipendente; in un gruppo così piccolo"),  # one E.Q. holder
        (2, 1, 0, None, "3 dipendenti; in un gruppo così piccolo"),
        (1, 1, 0, False, "non sussiste"),  # 2 people can be balanced: the test applies
        (2, 0, 0, True, "occorre favorire"),
        (3, 2, 0, False, "non sussiste"),  # 5 people: 60% < 2/3
        (0, 0, 0, None, "nessun dipendente"),
    ],
)
def test_art48_says_why_it_cannot_judge(women, men, undeclared, gap, why):
    _, norm = reference.gender_gap_threshold()
    result = check_gender_gap(
        group="Personale", women=women, men=men, undeclared=undeclared, threshold=TWO_THIRDS, norm=norm
    )
    assert result.gap is gap and why in result.verdict
    if gap is None and women + men + undeclared:
        assert result.steps[-1].label == "Soglia del divario"  # the working shows what was known


@pytest.mark.parametrize(
    ("total", "small"), [(1, True), (2, False), (3, True), (4, False), (5, False), (7, False)]
)
def test_a_group_is_too_small_when_no_split_stays_below_two_thirds(total, small):
    assert too_small(total, TWO_THIRDS) is small


def _row(key, gender, **values):
    return StaffRow(
        key=key, gender=gender, unit="Servizi generali", unit_order=1, area="istruttori", **values
    )


def test_the_tables_add_a_not_declared_row_only_when_someone_has_it():
    staff = [_row("a", "F", old_category="C"), _row("b", "M", old_category="C")]
    assert gender_tables(staff)["by_contract"].rows == ["M", "F"]
    staff.append(_row("c", "N", old_category="C", is_eq_holder=True))
    tables = gender_tables(staff)
    assert tables["by_contract"].row_labels == ["Uomini", "Donne", "Non dichiarato"]
    assert tables["by_category"].column_labels[6:9] == ["C U", "C D", "C n.d."]
    assert tables["responsabili"].cell("eq", "N") == 1
    assert tables["by_contract"].total == 3  # nobody filed under a gender not theirs


def _counted(plan, unit, key, headcount, **values):
    values = {"gender": "N", "area": "istruttori", "old_category": "C", "economic_position": "C1", **values}
    return Employee.objects.create(plan=plan, unit=unit, key=key, headcount=headcount, **values)


def test_rows_by_category_count_as_their_people_everywhere(casorate):
    named = selectors.staffing(casorate)
    unit = casorate.units.get(code="territorio")
    _counted(casorate, unit, "istruttori-c1", 5, profile="Istruttore tecnico")
    _counted(
        casorate, unit, "istruttori-c3", 2, profile="Istruttore tecnico", economic_position="C3", gender="M"
    )
    staffing = selectors.staffing(casorate)
    assert staffing.headcount_31_12 == named.headcount_31_12 + 7
    lines = {(line.job_title, line.profile): line.count for _, lines in staffing.dotazione for line in lines}
    assert lines[("", "Istruttore tecnico")] == 7
    balance = selectors.gender_balance(selectors.staff_rows(staffing.employees))
    assert balance.gender_checks[0].gap is None and "non è dichiarato" in balance.gender_checks[0].verdict
    assert balance.gender["by_economic_position"].cell("C1", "N") == 5


def test_dotazione_of_counted_and_named_rows_is_the_same():
    named = [_row(f"p{n}", "F", old_category="C", profile="Istruttore") for n in range(5)]
    counted = [_row("grp", "F", old_category="C", profile="Istruttore")] * 5
    assert dotazione_organica(named)[0][1][0].count == dotazione_organica(counted)[0][1][0].count == 5


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"headcount": 5, "last_name": "Rossi"}, "headcount", "togliere nome e cognome"),
        ({"headcount": 0}, "headcount", "tra 1 e 999"),
        ({"headcount": 1000}, "headcount", "tra 1 e 999"),
    ],
)
def test_a_row_by_category_has_no_name(casorate, values, field, message):
    unit = casorate.units.get(code="territorio")
    employee = Employee(plan=casorate, unit=unit, key="x", gender="N", area="istruttori", **values)
    with pytest.raises(ValidationError) as refused:
        employee.full_clean()
    assert message in " ".join(refused.value.message_dict[field])


def test_a_row_by_category_cannot_head_a_unit(casorate):
    unit = casorate.units.get(code="territorio")
    unit.head = _counted(casorate, unit, "gruppo", 3)
    with pytest.raises(ValidationError, match="è una persona"):
        unit.full_clean()


def test_participation_by_count_and_its_cost(casorate):
    unit = casorate.units.get(code="territorio")
    group = _counted(casorate, unit, "istruttori-c1", 5, profile="Istruttore", hourly_cost=D("21.50"))
    objective = factories.objective(casorate, unit, with_details=False, number=90)
    too_many = Participation(objective=objective, employee=group, headcount=6, percent=D(20), hours=D(100))
    with pytest.raises(ValidationError, match="conta 5 dipendenti"):
        too_many.full_clean()
    two = Participation.objects.create(
        objective=objective, employee=group, headcount=2, percent=D(20), hours=D(100)
    )
    assert two.staff_label == "2 × Istruttore (C1)" and str(group) == "5 × Istruttore (C1)"
    # 2 people × 50 hours cost what two named people of the same cost do
    named = [participation_cost(D(50), D("21.50"))] * 2
    assert two.cost == objective_costs(named, []).internal == D("2150.00")
    everyone = Participation(objective=objective, employee=group)
    assert everyone.people == 5


def test_the_employee_form_takes_a_row_by_category(secretary_client, casorate):
    create = plan_url(casorate, "organization_chart:employee_create")
    page = secretary_client.get(create)
    unit = casorate.units.get(code="territorio")
    data = page_form(
        page,
        unit=str(unit.pk),
        key="operai-b3",
        headcount="3",
        gender="N",
        area="operatori_esperti",
        old_category="B",
        economic_position="B3",
        profile="Operaio specializzato",
    )
    assert secretary_client.post(create, data).status_code == 302
    group = Employee.objects.get(plan=casorate, key="operai-b3")
    assert (group.headcount, group.get_gender_display()) == (3, "Non dichiarato")
    index = secretary_client.get(plan_url(casorate, "organization_chart:index")).content.decode()
    assert "3 × Operaio specializzato (B3)" in index and "Non dichiarato" in index
    refused = secretary_client.post(create, {**data, "key": "altro", "last_name": "Rossi"})
    assert refused.status_code == 200 and "togliere nome e cognome" in refused.content.decode()


def test_unit_resources_page_form_print_and_delete(secretary_client, casorate):
    create = plan_url(casorate, "organization_chart:resource_create")
    unit = casorate.units.get(code="territorio")
    page = secretary_client.get(create)
    data = page_form(
        page,
        unit=str(unit.pk),
        kind="vehicles",
        description="Autocarro con cassone",
        quantity="1",
        amount="1.250,00",
    )
    assert secretary_client.post(create, data).status_code == 302
    resource = UnitResource.objects.get(plan=casorate)
    assert (resource.unit, resource.get_kind_display(), resource.amount) == (unit, "Automezzi", D("1250.00"))
    refused = secretary_client.post(create, {**data, "kind": "", "description": "Senza tipo"})
    assert refused.status_code == 200 and UnitResource.objects.filter(plan=casorate).count() == 1
    index = secretary_client.get(plan_url(casorate, "organization_chart:index")).content.decode()
    assert "Autocarro con cassone" in index
    printed = build_document(casorate, section="3.1").text()
    assert "Risorse strumentali e finanziarie delle unità" in printed and "Autocarro con cassone" in printed
    delete = plan_url(casorate, "organization_chart:resource_delete", resource.pk)
    assert secretary_client.post(delete).status_code == 302
    assert not UnitResource.objects.filter(plan=casorate).exists()


def test_counted_rows_undeclared_gender_and_unit_resources_go_round_the_json(casorate):
    unit = casorate.units.get(code="territorio")
    group = _counted(casorate, unit, "istruttori-c1", 5, profile="Istruttore")
    objective = factories.objective(casorate, unit, with_details=False, number=90)
    Participation.objects.create(objective=objective, employee=group, headcount=2, percent=D(10))
    UnitResource.objects.create(plan=casorate, unit=unit, kind="it", description="PC portatili", quantity=4)
    document = json.loads(json.dumps(export_plan(casorate, audience=Audience.BACKUP), default=str))
    public = export_plan(casorate, audience=Audience.PUBLIC)
    assert {e["key"]: e["headcount"] for e in public["employees"]}["istruttori-c1"] == 5
    copy = import_plan(document, slug="copia-categorie")
    again = Employee.objects.get(plan=copy, key="istruttori-c1")
    assert (again.headcount, again.gender, str(again)) == (5, "N", "5 × Istruttore (C1)")
    assert Participation.objects.get(objective__plan=copy, employee=again).headcount == 2
    assert list(UnitResource.objects.filter(plan=copy).values_list("unit__code", "kind", "quantity")) == [
        ("territorio", "it", 4)
    ]
