"""Tenancy: a member of one ente cannot read or change another ente's data through any URL.

Every URL pattern of the project that carries an ente is requested, GET and POST, by a user
who belongs only to Albizzate, with the arguments of Casorate's rows. Each must answer 404 or
403. A new URL argument must be added to ARGUMENTS, or the test fails and says so.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from openpiao.evaluation.models import Review
from openpiao.organization_chart.models import Employee, OrgUnit
from openpiao.performance.models import Indicator, Objective, StrategicObjective


def _walk(resolver=None, namespace: str = "", params: frozenset = frozenset()):
    """(url name, URL arguments) of every named pattern, arguments of enclosing includes too."""
    for entry in (resolver or get_resolver()).url_patterns:
        here = params | set(entry.pattern.converters)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, inner, frozenset(here))
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace + entry.name, frozenset(here)


def ente_urls() -> dict[str, frozenset]:
    """Every URL that carries an ente (the admin has its own, staff-only, permissions)."""
    return {name: args for name, args in _walk() if "org" in args and not name.startswith("admin:")}


@pytest.fixture
def casorate_rows(casorate):
    """One row of each kind in Casorate's plan, created here so the test never depends on the demo."""
    unit = OrgUnit.objects.create(plan=casorate, code="tenancy-unit", name="Unità test")
    employee = Employee.objects.create(
        plan=casorate,
        key="tenancy-emp",
        last_name="Prova",
        gender="F",
        unit=unit,
        area="istruttori",
        old_category="C",
        part_time_pct=Decimal(100),
    )
    strategic = StrategicObjective.objects.create(plan=casorate, code="tenancy-so", title="Strategico test")
    objective = Objective.objects.create(
        plan=casorate,
        unit=unit,
        number=99,
        kind="improvement",
        title="Test",
        first_year=2024,
        last_year=2024,
    )
    indicator = Indicator.objects.create(objective=objective, description="x", kind="number")
    return {
        "unit": unit,
        "employee": employee,
        "strategic": strategic,
        "objective": objective,
        "indicator": indicator,
        **_section23_rows(casorate, unit),
    }


def _section23_rows(plan, unit) -> dict:
    """Sottosezione 2.3: a process, a measure, a duty of the map and an access request."""
    from datetime import date

    from openpiao.risk.models import Measure, Process, RiskArea
    from openpiao.transparency.models import AccessRequest, Duty, DutyAssignment

    organization = plan.organization
    process = Process.objects.create(
        plan=plan,
        code="tenancy-proc",
        area=RiskArea.objects.first(),
        unit=unit,
        name="P",
    )
    measure = Measure.objects.create(plan=plan, kind="specific", process=process, title="M", owner_unit=unit)
    assignment, _ = DutyAssignment.objects.update_or_create(
        plan=plan, duty=Duty.objects.first(), defaults={"organization": organization, "producing_unit": unit}
    )
    access = AccessRequest.objects.create(
        plan=plan,
        kind="simple",
        received_on=date(2024, 3, 1),
        subject="x",
        unit=unit,
    )
    return {"process": process, "measure": measure, "assignment": assignment, "access": access}


# How to fill each URL argument with one of Casorate's rows. Add a line for every new argument.
ARGUMENTS = {
    "org": lambda plan, rows: plan.organization.slug,
    "year": lambda plan, rows: plan.first_year,
    "unit_id": lambda plan, rows: rows["unit"].pk,
    "employee_id": lambda plan, rows: rows["employee"].pk,
    "objective_id": lambda plan, rows: rows["objective"].pk,
    "indicator_id": lambda plan, rows: rows["indicator"].pk,
    "strategic_id": lambda plan, rows: rows["strategic"].pk,
    "part": lambda plan, rows: "indicatori",
    "process_id": lambda plan, rows: rows["process"].pk,
    "measure_id": lambda plan, rows: rows["measure"].pk,
    "assignment_id": lambda plan, rows: rows["assignment"].pk,
    "request_id": lambda plan, rows: rows["access"].pk,
    "table": lambda plan, rows: "assunzioni",
    "row_id": lambda plan, rows: rows["employee"].pk,
    "kind": lambda plan, rows: "intermedia",
    "review_id": lambda plan, rows: (
        Review.objects.get_or_create(
            plan=plan,
            objective=rows["objective"],
            kind="final",
            defaults={"reference_date": date(plan.reference_year, 7, 31)},
        )[0].pk
    ),
    "fmt": lambda plan, rows: "pdf",
    "section": lambda plan, rows: "2.2",
    "number": lambda plan, rows: 1,
}


def test_every_url_argument_is_covered():
    missing = {name: set(args) - set(ARGUMENTS) for name, args in ente_urls().items()}
    missing = {name: args for name, args in missing.items() if args}
    assert not missing, f"Aggiungere a ARGUMENTS gli argomenti di questi URL: {missing}"


def test_there_are_many_ente_urls():
    assert len(ente_urls()) >= 15


@pytest.mark.parametrize("method", ["get", "post"])
def test_member_of_another_ente_is_refused_everywhere(
    client, casorate, albizzate, make_member, casorate_rows, method
):
    outsider = make_member(albizzate.organization, "admin", username="outsider")
    client.force_login(outsider)
    answered = {}
    for name, args in ente_urls().items():
        url = reverse(name, kwargs={arg: ARGUMENTS[arg](casorate, casorate_rows) for arg in args})
        response = getattr(client, method)(url)
        answered[url] = response.status_code
    allowed = {403, 404}
    leaks = {url: code for url, code in answered.items() if code not in allowed}
    assert not leaks, f"URL raggiungibili da un altro ente: {leaks}"
    # And the same user, on its own ente, is not refused by the ente check.
    home = client.get(reverse("organizations:home", kwargs={"org": albizzate.organization.slug}))
    assert home.status_code == 200


def test_anonymous_user_is_sent_to_login(client, casorate, casorate_rows):
    for name, args in ente_urls().items():
        response = client.get(
            reverse(name, kwargs={arg: ARGUMENTS[arg](casorate, casorate_rows) for arg in args})
        )
        assert response.status_code == 302 and "/accesso/" in response["Location"], name


def test_export_command_has_no_tenant_leak_through_the_page(client, albizzate, casorate, make_member):
    """The JSON export is a URL like the others: refused to a member of another ente."""
    client.force_login(make_member(albizzate.organization, "secretary", username="other-secretary"))
    url = reverse("plans:export", kwargs={"org": casorate.organization.slug, "year": casorate.first_year})
    assert client.get(url).status_code == 404
