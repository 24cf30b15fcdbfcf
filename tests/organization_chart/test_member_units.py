"""The ente's administrator gives a responsabile di unità its units, plan by plan, from «Persone e
accessi»; the unit scope of every section follows."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from openpiao.core.models import Action, AuditEvent
from openpiao.organization_chart.scope import unit_scope
from openpiao.organization_chart.services import set_unit_editors
from tests.page_forms import page_form


@pytest.fixture
def admin(casorate, make_member):
    return make_member(casorate.organization, "admin", username="units-admin")


def test_the_administrator_gives_a_unit_head_her_units_from_the_members_page(
    client, casorate, admin, make_member
):
    head = make_member(casorate.organization, "unit_head", username="capa")
    membership = head.memberships.get()
    client.force_login(admin)
    members = client.get(reverse("organizations:members", args=["casorate-primo"])).content.decode()
    url = reverse("organization_chart:member_units", args=["casorate-primo", 2024, membership.pk])
    assert url in members  # the link from the members page, for the current plan
    unit = casorate.units.get(code="polizia-locale")
    page = client.get(url)
    assert client.post(url, page_form(page, units=[str(unit.pk)])).status_code == 302
    scope = unit_scope(membership, casorate)
    assert not scope.everything and scope.unit_ids == {unit.pk}
    event = AuditEvent.objects.get(action=Action.UNIT_EDITORS_CHANGED)
    assert event.details == {"plan": 2024, "member": "capa", "units": ["polizia-locale"]}
    assert (
        "Polizia Locale"
        in client.get(reverse("organizations:members", args=["casorate-primo"])).content.decode()
    )
    # Unchecking every unit takes them all away.
    assert client.post(url, page_form(client.get(url), units=[])).status_code == 302
    assert unit_scope(membership, casorate).unit_ids == frozenset()


def test_units_go_only_to_unit_heads_and_only_of_the_plan(casorate, albizzate, admin, make_member):
    reader = make_member(casorate.organization, "reader", username="solo-lettura").memberships.get()
    with pytest.raises(ValidationError, match="Solo a un responsabile di unità"):
        set_unit_editors(plan=casorate, membership=reader, unit_ids=[casorate.units.first().pk], user=admin)
    head = make_member(casorate.organization, "unit_head", username="capo-2").memberships.get()
    with pytest.raises(ValidationError, match="non appartiene al piano"):
        set_unit_editors(plan=casorate, membership=head, unit_ids=[albizzate.units.first().pk], user=admin)
    outsider = make_member(albizzate.organization, "unit_head", username="di-albizzate").memberships.get()
    with pytest.raises(ValidationError, match="non appartiene all'ente"):
        set_unit_editors(plan=casorate, membership=outsider, unit_ids=[], user=admin)
    assert not AuditEvent.objects.filter(action=Action.UNIT_EDITORS_CHANGED).exists()


def test_another_entes_member_or_unit_is_not_found(client, casorate, albizzate, admin, make_member):
    outsider = make_member(albizzate.organization, "unit_head", username="altrove").memberships.get()
    client.force_login(admin)
    url = reverse("organization_chart:member_units", args=["casorate-primo", 2024, outsider.pk])
    assert client.get(url).status_code == 404
    head = make_member(casorate.organization, "unit_head", username="capo-3").memberships.get()
    url = reverse("organization_chart:member_units", args=["casorate-primo", 2024, head.pk])
    response = client.post(url, {"units": [str(albizzate.units.first().pk)]})
    assert response.status_code == 200 and response.context["form"].errors["units"]
    assert unit_scope(head, casorate).unit_ids == frozenset()
