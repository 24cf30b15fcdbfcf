"""Values that cannot be true, posted through the real pages: each is refused with an Italian
message next to its field, and nothing is saved (issue 9, items 13-15)."""

from datetime import timedelta
from decimal import Decimal

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone

from openpiao.evaluation.models import BehaviourAssessment, Review
from openpiao.human_capital.models import PlannedHire, SmartWorkingAgreement
from openpiao.organization_chart.models import Employee
from openpiao.organizations.models import YearlyFigures
from openpiao.performance.models import Indicator, IndicatorTarget, Objective
from openpiao.transparency.models import AccessRequest, DutyAssignment
from tests import factories
from tests.page_forms import page_form


def error_of(response, name: str) -> str:
    """The message the page shows for the control `name`: the element its aria-describedby names."""
    assert response.status_code == 200, response.status_code
    page = lxml.html.fromstring(response.content.decode())
    controls = page.xpath("//*[@name=$name]", name=name)
    assert controls, f"la pagina non ha il campo «{name}»"
    described = controls[0].get("aria-describedby") or ""
    assert controls[0].get("aria-invalid") == "true", f"il campo «{name}» non è segnato come errato"
    texts = [" ".join(page.get_element_by_id(ref).text_content().split()) for ref in described.split()]
    return " ".join(texts)


def plan_address(plan, name: str, *args) -> str:
    return reverse(name, args=[plan.organization.slug, plan.first_year, *args])


# --- item 13: dates -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "start, message",
    [
        ("0001-01-01", "Data non plausibile"),
        ("1850-03-01", "Data non plausibile"),
        ("2090-03-01", "tra il 01/01/1974 e il 31/12/2026"),
        ("1960-03-01", "tra il 01/01/1974 e il 31/12/2026"),
    ],
)
def test_an_employee_hired_when_nobody_could_be_is_refused(secretary_client, casorate, start, message):
    address = plan_address(casorate, "organization_chart:employee_create")
    unit = casorate.units.first()
    data = page_form(
        secretary_client.get(address),
        unit=str(unit.pk),
        key="nuova-assunta",
        last_name="Nuova",
        gender="F",
        area="istruttori",
        start_date=start,
    )
    response = secretary_client.post(address, data)
    assert message in error_of(response, "start_date")
    assert not Employee.objects.filter(plan=casorate, key="nuova-assunta").exists()


def test_an_employee_who_left_before_the_plan_is_refused(secretary_client, casorate):
    employee = casorate.employees.filter(start_date=None, end_date=None).first()
    address = plan_address(casorate, "organization_chart:employee_edit", employee.pk)
    response = secretary_client.post(address, page_form(secretary_client.get(address), end_date="2020-06-30"))
    assert "tra il 01/01/2023 e il 31/12/2100" in error_of(response, "end_date")
    employee.refresh_from_db()
    assert employee.end_date is None


def test_an_access_request_of_year_9999_is_refused(secretary_client, casorate):
    address = plan_address(casorate, "transparency:access_create")
    data = page_form(
        secretary_client.get(address), kind="simple", received_on="9999-12-31", subject="Atti del 9999"
    )
    response = secretary_client.post(address, data)
    assert "Data non plausibile" in error_of(response, "received_on")
    assert not AccessRequest.objects.filter(subject="Atti del 9999").exists()


def test_an_access_request_received_after_today_is_refused(secretary_client, casorate):
    tomorrow = timezone.localdate() + timedelta(days=1)
    expected = (
        "non può essere successiva a oggi" if tomorrow.year <= 2027 else "tra il 01/01/2023 e il 31/12/2027"
    )
    address = plan_address(casorate, "transparency:access_create")
    data = page_form(
        secretary_client.get(address), kind="simple", received_on=tomorrow.isoformat(), subject="Futura"
    )
    response = secretary_client.post(address, data)
    assert expected in error_of(response, "received_on")
    assert not AccessRequest.objects.filter(subject="Futura").exists()


@pytest.mark.parametrize(
    "start, message",
    [("0001-01-01", "Data non plausibile"), ("2030-01-01", "tra il 01/01/2023 e il 31/12/2027")],
)
def test_a_smart_working_agreement_of_another_era_is_refused(secretary_client, casorate, start, message):
    address = plan_address(casorate, "human_capital:row_create", "accordi")
    employee = casorate.employees.order_by("pk").first()
    data = page_form(
        secretary_client.get(address),
        employee=str(employee.pk),
        requested_on="2024-01-08",
        start_date=start,
        remote_days="1",
        place="Domicilio fuori tempo",
    )
    response = secretary_client.post(address, data)
    assert message in error_of(response, "start_date")
    assert not SmartWorkingAgreement.objects.filter(place="Domicilio fuori tempo").exists()


def test_a_publication_of_year_9999_is_refused(secretary_client, casorate):
    assignment = DutyAssignment.objects.filter(plan=casorate, not_applicable=False).order_by("pk").first()
    address = plan_address(casorate, "transparency:assignment", assignment.pk)
    response = secretary_client.post(
        address, page_form(secretary_client.get(address), last_published="9999-12-31")
    )
    assert "Data non plausibile" in error_of(response, "last_published")
    assert DutyAssignment.objects.get(pk=assignment.pk).last_published == assignment.last_published


@pytest.mark.parametrize(
    "day, message",
    [("0001-01-01", "Data non plausibile"), ("2019-01-15", "tra il 01/01/2023 e il 31/12/2027")],
)
def test_a_behaviour_assessment_of_another_era_is_refused(secretary_client, casorate, day, message):
    assessed = BehaviourAssessment.objects.filter(plan=casorate).values("employee")
    employee = casorate.employees.filter(is_eq_holder=False).exclude(pk__in=assessed).first()
    address = plan_address(casorate, "evaluation:person", employee.pk)
    page = secretary_client.get(address)
    votes = {f"c{criterion.pk}": "8" for criterion in page.context["form"].criteria}
    response = secretary_client.post(address, page_form(page, assessed_on=day, **votes))
    assert message in error_of(response, "assessed_on")
    assert not BehaviourAssessment.objects.filter(plan=casorate, employee=employee).exists()


@pytest.mark.parametrize("year", ["1850", "2090"])
def test_a_planned_hire_outside_the_triennium_is_refused(secretary_client, casorate, year):
    address = plan_address(casorate, "human_capital:row_create", "assunzioni")
    data = page_form(
        secretary_client.get(address),
        year=year,
        profile="Istruttore fuori tempo",
        area="istruttori",
        unit=str(casorate.units.first().pk),
        modality="competition",
        annual_cost="32000",
    )
    response = secretary_client.post(address, data)
    assert error_of(response, "year")  # «Indicare un anno tra il 1990 e il 2100» or «… triennio 2024-2026»
    assert not PlannedHire.objects.filter(plan=casorate, profile="Istruttore fuori tempo").exists()


# --- item 14: what cannot be true ---------------------------------------------------------


def _figures_page(client, organization):
    address = reverse("organizations:edit", args=[organization.slug])
    page = client.get(address)
    new = organization.figures.count()  # the formset's empty row comes after the existing ones
    return address, page, f"figures-{new}"


@pytest.mark.parametrize(
    "year, employees, field, message",
    [
        ("3000", "27", "year", "Indicare un anno tra il 1990 e il 2100"),
        ("2030", "27", "year", "non sono ancora noti"),
        ("2025", "100000", "employees", "da 0 a 50.000 dipendenti"),
        ("2025", "9500", "employees", "più degli abitanti"),
    ],
)
def test_yearly_figures_that_cannot_be_true_are_refused(
    secretary_client, casorate, year, employees, field, message
):
    organization = casorate.organization
    address, page, row = _figures_page(secretary_client, organization)
    data = page_form(
        page,
        **{f"{row}-year": year, f"{row}-inhabitants": "9200", f"{row}-employees": employees},
    )
    response = secretary_client.post(address, data)
    assert message in error_of(response, f"{row}-{field}")
    assert list(organization.figures.values_list("year", flat=True)) == [2023]
    assert organization.latest_figures().simplified_regime  # 28 employees: the regime stays


def test_yearly_figures_of_a_hundred_thousand_employees_do_not_flip_the_regime(secretary_client, casorate):
    organization = casorate.organization
    address, page, _ = _figures_page(secretary_client, organization)
    data = page_form(page, **{"figures-0-employees": "100000"})
    response = secretary_client.post(address, data)
    assert "da 0 a 50.000 dipendenti" in error_of(response, "figures-0-employees")
    assert YearlyFigures.objects.get(organization=organization, year=2023).employees == 28


def _objective_with_indicators(plan, *specs):
    """An objective of a new unit with indicators (kind, target for the reference year)."""
    objective = factories.objective(plan, factories.unit(plan), with_details=False)
    for order, (kind, target) in enumerate(specs, start=1):
        indicator = Indicator.objects.create(
            objective=objective,
            order=order,
            description=f"Ind. {order}",
            kind=kind,
        )
        IndicatorTarget.objects.create(indicator=indicator, year=plan.reference_year, value=target)
    return objective


@pytest.mark.parametrize(
    "kind, target, message",
    [
        ("percentage", "500%", "non può superare 100"),
        ("deadline", "entro 31/12/1990", "deve cadere nel 2024 (dal 01/01/2024 al 31/12/2024)"),
        ("deadline", "entro 31/12/2030", "deve cadere nel 2024 (dal 01/01/2024 al 31/12/2024)"),
    ],
)
def test_an_indicator_target_that_cannot_be_true_is_refused(
    secretary_client, casorate, kind, target, message
):
    objective = _objective_with_indicators(casorate, ("number", "10"))
    address = plan_address(casorate, "performance:objective_part", objective.pk, "indicatori")
    data = page_form(
        secretary_client.get(address), **{"indicatori-0-kind": kind, "indicatori-0-target_2024": target}
    )
    response = secretary_client.post(address, data)
    assert message in error_of(response, "indicatori-0-target_2024")
    indicator = objective.indicators.get()
    assert (indicator.kind, indicator.targets.get().value) == ("number", "10")


def test_a_review_completed_in_1990_and_a_negative_percentage_are_refused(secretary_client, casorate):
    objective = _objective_with_indicators(casorate, ("percentage", "80%"), ("deadline", "Entro 15/05/2024"))
    percentage, deadline = objective.indicators.order_by("order")
    address = plan_address(casorate, "evaluation:review_edit", objective.pk, "finale")
    data = page_form(
        secretary_client.get(address),
        **{
            "verifica-reference_date": "2024-12-31",
            f"ind{percentage.pk}-number": "-50",
            f"ind{deadline.pk}-done_on": "1990-05-10",
        },
    )
    response = secretary_client.post(address, data)
    assert "Un valore percentuale va da 0 a 100" in error_of(response, f"ind{percentage.pk}-number")
    assert "tra il 01/01/2023 e il 31/12/2027" in error_of(response, f"ind{deadline.pk}-done_on")
    assert not Review.objects.filter(objective=objective).exists()


def test_a_percentage_above_100_is_refused_in_a_review(secretary_client, casorate):
    objective = _objective_with_indicators(casorate, ("percentage", "80%"))
    indicator = objective.indicators.get()
    address = plan_address(casorate, "evaluation:review_edit", objective.pk, "intermedia")
    data = page_form(
        secretary_client.get(address),
        **{"verifica-reference_date": "2024-07-31", f"ind{indicator.pk}-number": "150"},
    )
    response = secretary_client.post(address, data)
    assert "Un valore percentuale va da 0 a 100" in error_of(response, f"ind{indicator.pk}-number")
    assert not Review.objects.filter(objective=objective).exists()


def test_a_valid_review_is_still_saved(secretary_client, casorate):
    objective = _objective_with_indicators(casorate, ("percentage", "80%"), ("deadline", "Entro 15/05/2024"))
    percentage, deadline = objective.indicators.order_by("order")
    address = plan_address(casorate, "evaluation:review_edit", objective.pk, "finale")
    data = page_form(
        secretary_client.get(address),
        **{
            "verifica-reference_date": "2024-12-31",
            f"ind{percentage.pk}-number": "85,5",
            f"ind{deadline.pk}-done_on": "2024-05-10",
        },
    )
    assert secretary_client.post(address, data).status_code == 302
    values = {v.indicator_id: v for v in Review.objects.get(objective=objective).values.all()}
    assert values[percentage.pk].number == Decimal("85.5")


# --- item 15: integers ----------------------------------------------------------------------


def test_objective_number_99_999_999_999_is_refused(secretary_client, casorate):
    objective = Objective.objects.filter(plan=casorate).order_by("pk").first()
    address = plan_address(casorate, "performance:objective_edit", objective.pk)
    response = secretary_client.post(address, page_form(secretary_client.get(address), number="99999999999"))
    assert "Il numero dell'obiettivo va da 1 a 9.999" in error_of(response, "number")
    assert Objective.objects.get(pk=objective.pk).number == objective.number
