"""The administrator gives a responsabile di unità her units when inviting her: kept on the
invitation by unit code, shown among the pending invitations, given on acceptance in the ente's
plans that have those units (audited); another role's units are ignored."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openpiao.core.models import Action, AuditEvent
from openpiao.organizations.models import Invitation
from openpiao.organizations.services import invite as invite_service
from openpiao.plans.models import Plan
from tests import factories
from tests.page_forms import page_form

MEMBERS = reverse("organizations:members", args=["casorate-primo"])
INVITE = reverse("organizations:member_invite", args=["casorate-primo"])


@pytest.fixture
def admin_client(client, casorate, make_member):
    client.force_login(make_member(casorate.organization, "admin", username="casorate-admin"))
    return client


def post_invite(client, **changes):
    return client.post(INVITE, page_form(client.get(MEMBERS), **changes))


def accept(path_from_mail, first_name="Deborah"):
    guest = Client()
    path = re.search(r"http://testserver(/invito/[\w-]+/)", path_from_mail.body).group(1)
    page = guest.get(path)
    response = guest.post(
        path,
        page_form(
            page,
            first_name=first_name,
            last_name="Ariboni",
            password1="Piao-2025-casorate",
            password2="Piao-2025-casorate",
        ),
    )
    assert response.status_code == 302
    return response.wsgi_request.user


def test_the_invite_form_offers_the_units_of_the_current_plan_only_for_a_unit_head(admin_client):
    html = admin_client.get(MEMBERS).content.decode()
    assert 'data-shown-when="role=unit_head" hidden' in html  # the first role is not unit_head
    assert 'name="unit_codes" value="polizia-locale"' in html and "Polizia Locale" in html
    assert 'value="area-tecnica"' not in html  # Albizzate's


def test_a_unit_head_invited_with_units_receives_them_on_acceptance(admin_client, casorate):
    response = post_invite(
        admin_client,
        email="deborah@example.it",
        role="unit_head",
        unit_codes=["polizia-locale", "finanziario"],
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="deborah@example.it")
    assert invitation.unit_codes == ["finanziario", "polizia-locale"]
    sent = AuditEvent.objects.get(action=Action.INVITATION_SENT, organization=casorate.organization)
    assert sent.details["units"] == ["finanziario", "polizia-locale"]
    # The pending invitation shows its units by name.
    html = admin_client.get(MEMBERS).content.decode()
    assert "Unità: Servizio Finanziario, Polizia Locale" in html

    user = accept(mail.outbox[0])
    edited = set(casorate.units.filter(editors=user).values_list("code", flat=True))
    assert edited == {"polizia-locale", "finanziario"}
    event = AuditEvent.objects.get(action=Action.UNIT_EDITORS_CHANGED, organization=casorate.organization)
    assert event.user == user and event.details["units"] == ["finanziario", "polizia-locale"]
    # No longer pending: she is among the members, with her units.
    html = admin_client.get(MEMBERS).content.decode()
    assert "Unità: Servizio Finanziario" not in html and "deborah@example.it" in html


def test_a_unit_head_invited_without_units_gets_none(admin_client, casorate):
    assert post_invite(admin_client, email="senza@example.it", role="unit_head").status_code == 302
    assert Invitation.objects.get(email="senza@example.it").unit_codes == []
    user = accept(mail.outbox[0])
    assert not casorate.units.filter(editors=user).exists()
    assert not AuditEvent.objects.filter(action=Action.UNIT_EDITORS_CHANGED).exists()


def test_a_unit_of_another_ente_is_refused_next_to_the_field_and_nothing_is_saved(admin_client):
    response = post_invite(
        admin_client,
        email="altro@example.it",
        role="unit_head",
        unit_codes=["polizia-locale", "area-tecnica"],
    )
    assert response.status_code == 200
    assert "area-tecnica" in " ".join(response.context["form"].errors["unit_codes"])
    html = response.content.decode()
    assert 'data-shown-when="role=unit_head">' in html  # shown: the role posted is unit_head
    assert not Invitation.objects.filter(email="altro@example.it").exists() and not mail.outbox
    # The page that answered posts again, corrected, as rendered.
    response = admin_client.post(INVITE, page_form(response, unit_codes=["polizia-locale"]))
    assert response.status_code == 302
    assert Invitation.objects.get(email="altro@example.it").unit_codes == ["polizia-locale"]


def test_the_service_refuses_codes_of_no_unit_of_the_ente(casorate, albizzate, make_member):
    admin = make_member(casorate.organization, "admin", username="casorate-admin")
    with pytest.raises(Exception) as refused:
        invite_service(
            organization=casorate.organization,
            email="x@example.it",
            role="unit_head",
            unit_codes=["area-tecnica"],
            site="http://testserver/",
            user=admin,
        )
    assert "unit_codes" in refused.value.error_dict
    assert not Invitation.objects.filter(email="x@example.it").exists()


def test_an_invitation_for_another_role_ignores_the_units(admin_client, casorate):
    response = post_invite(
        admin_client, email="lettore@example.it", role="reader", unit_codes=["polizia-locale"]
    )
    assert response.status_code == 302
    assert Invitation.objects.get(email="lettore@example.it").unit_codes == []
    user = accept(mail.outbox[0])
    assert not casorate.units.filter(editors=user).exists()


def test_the_units_apply_in_every_plan_of_the_ente_with_that_code(admin_client, casorate):
    post_invite(admin_client, email="due@example.it", role="unit_head", unit_codes=["segreteria"])
    # Meanwhile the ente starts next year's plan: a unit with the same code, renamed, and one without.
    later = Plan.objects.create(organization=casorate.organization, first_year=2025, reference_year=2025)
    factories.unit(later, "segreteria", name="Segreteria generale")
    factories.unit(later, "tributi", name="Tributi")
    user = accept(mail.outbox[0])
    assert list(casorate.units.filter(editors=user).values_list("code", flat=True)) == ["segreteria"]
    assert list(later.units.filter(editors=user).values_list("name", flat=True)) == ["Segreteria generale"]
    events = AuditEvent.objects.filter(action=Action.UNIT_EDITORS_CHANGED)
    assert sorted(e.details["plan"] for e in events) == [2024, 2025]
    # Albizzate has a unit «segreteria» too: none of another ente's units is given.
    assert not user.edited_units.exclude(organization=casorate.organization).exists()


def test_an_administrator_of_another_ente_cannot_invite_with_units_here(client, albizzate, make_member):
    client.force_login(make_member(albizzate.organization, "admin", username="albizzate-admin"))
    response = client.post(
        INVITE, {"email": "intruso@example.it", "role": "unit_head", "unit_codes": ["polizia-locale"]}
    )
    assert response.status_code == 404
    assert not Invitation.objects.filter(email="intruso@example.it").exists()
    # In its own ente, Casorate's unit codes are not offered (Albizzate has no «polizia-locale»).
    own = reverse("organizations:member_invite", args=["albizzate"])
    members = client.get(reverse("organizations:members", args=["albizzate"]))
    response = client.post(
        own, page_form(members, email="intruso@example.it", role="unit_head", unit_codes=["polizia-locale"])
    )
    assert response.status_code == 200 and "unit_codes" in response.context["form"].errors
    assert not Invitation.objects.filter(email="intruso@example.it").exists()


def test_the_members_page_costs_the_same_queries_with_more_invitations_with_units(admin_client):
    post_invite(admin_client, email="prima@example.it", role="unit_head", unit_codes=["polizia-locale"])
    with CaptureQueriesContext(connection) as few:
        admin_client.get(MEMBERS)
    for n in range(6):
        post_invite(admin_client, email=f"altra-{n}@example.it", role="unit_head", unit_codes=["segreteria"])
    with CaptureQueriesContext(connection) as many:
        html = admin_client.get(MEMBERS).content.decode()
    assert html.count("Unità: Segreteria Comunale") == 6
    assert len(many.captured_queries) == len(few.captured_queries)
