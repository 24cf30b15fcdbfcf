"""Struttura organizzativa: the unit tree with its responsabili and the staff."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openpiao.core.audit import Action
from openpiao.core.locking import StaleEdit
from openpiao.core.models import AuditEvent
from openpiao.organization_chart.models import Employee, OrgUnit
from tests import factories
from tests.page_forms import page_form

URL = reverse("organization_chart:index", args=["casorate-primo", 2024])


def _queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(URL)
    assert response.status_code == 200
    return len(context.captured_queries), response.content.decode()


def test_units_inherit_the_responsabile_and_queries_do_not_grow_with_depth(secretary_client, casorate):
    _queries(secretary_client)  # warm the session
    before, _ = _queries(secretary_client)
    top = factories.unit(casorate, name="Area Alfa", head_label="Dott.ssa Bianchi")
    for n in range(4):
        middle = factories.unit(casorate, name=f"Settore {n}", parent=top)
        lower = factories.unit(casorate, name=f"Servizio {n}", parent=middle)
        factories.unit(casorate, name=f"Ufficio {n}", parent=lower)
    after, html = _queries(secretary_client)
    assert after == before
    row = html[html.index("Ufficio 3") :]
    assert "Dott.ssa Bianchi" in row[: row.index("</tr>")]


def _edit_url(name: str, pk: int) -> str:
    return reverse(f"organization_chart:{name}", args=["casorate-primo", 2024, pk])


@pytest.mark.parametrize(
    ("name", "rows", "field", "first", "second", "audit"),
    [
        (
            "unit_edit",
            "units",
            "name",
            "Servizio Amministrativo e Demografico",
            "Servizi Generali",
            Action.UNIT_SAVED,
        ),
        (
            "employee_edit",
            "employees",
            "profile",
            "Ufficiale d'anagrafe",
            "Messo comunale",
            Action.EMPLOYEE_SAVED,
        ),
    ],
    ids=["unit", "employee"],
)
def test_two_editors_the_second_is_told_and_saves_nothing(
    client, casorate, make_member, name, rows, field, first, second, audit
):
    """Both open the same unit or employee; the first saves; the second's page is stale."""
    row = getattr(casorate, rows).order_by("pk").first()
    url = _edit_url(name, row.pk)
    one, two = Client(), Client()
    one.force_login(make_member(casorate.organization, "secretary", username="segr-uno"))
    two.force_login(make_member(casorate.organization, "admin", username="admin-due"))
    page_one, page_two = one.get(url), two.get(url)
    assert one.post(url, page_form(page_one, **{field: first})).status_code == 302
    response = two.post(url, page_form(page_two, **{field: second}))
    assert response.status_code == 200
    assert StaleEdit.message in response.content.decode()
    row.refresh_from_db()
    assert getattr(row, field) == first
    assert AuditEvent.objects.filter(action=audit, object_id=str(row.pk)).count() == 1
    # Reloading shows the first change, and from there the second editor can save.
    response = two.post(url, page_form(two.get(url), **{field: second}))
    assert response.status_code == 302
    row.refresh_from_db()
    assert getattr(row, field) == second


def test_new_units_and_employees_are_saved_from_the_page(secretary_client, casorate):
    """A new row has no version to check yet: the page posts without one and the row starts at 1."""
    url = reverse("organization_chart:unit_create", args=["casorate-primo", 2024])
    data = page_form(secretary_client.get(url), code="nuovo-ufficio", name="Nuovo ufficio", kind="office")
    assert secretary_client.post(url, data).status_code == 302
    unit = OrgUnit.objects.get(plan=casorate, code="nuovo-ufficio")
    url = reverse("organization_chart:employee_create", args=["casorate-primo", 2024])
    new = {"key": "nuovo-dip", "last_name": "Nuovi", "gender": "F", "area": "istruttori", "unit": unit.pk}
    data = page_form(secretary_client.get(url), **new)
    assert secretary_client.post(url, data).status_code == 302
    employee = Employee.objects.get(plan=casorate, key="nuovo-dip")
    assert (unit.version, employee.version) == (1, 1)
