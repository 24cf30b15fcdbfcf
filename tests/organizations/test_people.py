"""The ente's administrator manages who enters: invitations by e-mail (single-use, expiring
links stored as hashes), roles, revocations, never leaving the ente without an administrator;
a person in several enti moves between them."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from openpiao.core.models import Action, AuditEvent
from openpiao.organizations.invitations import token_hash
from openpiao.organizations.models import Invitation, Membership
from openpiao.organizations.people_views import same_page_in
from tests.page_forms import page_form


def link_in(message) -> str:
    return re.search(r"http://testserver(/invito/[\w-]+/)", message.body).group(1)


@pytest.fixture
def admin_client(client, casorate, make_member):
    client.force_login(make_member(casorate.organization, "admin", username="casorate-admin"))
    return client


@pytest.fixture
def guest():
    """The invitee's own browser (the administrator's stays logged in)."""
    return Client()


def invite(client, org="casorate-primo", **changes) -> object:
    members = client.get(reverse("organizations:members", args=[org]))
    data = page_form(members, **changes)
    return client.post(reverse("organizations:member_invite", args=[org]), data)


def test_the_administrator_invites_and_the_email_carries_a_single_use_link(admin_client, casorate, guest):
    response = invite(admin_client, email="Deborah.Ariboni@example.it", role="unit_head")
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="deborah.ariboni@example.it")
    [message] = mail.outbox
    assert message.to == ["deborah.ariboni@example.it"]
    assert "responsabile di unità" in message.body and "scade tra 7 giorni" in message.body
    path = link_in(message)
    token = path.split("/")[2]
    # Only the token's hash is stored: nothing in the row is the link.
    assert invitation.token_hash == token_hash(token) and token not in str(Invitation.objects.values().get())
    assert AuditEvent.objects.filter(
        action=Action.INVITATION_SENT, organization=casorate.organization
    ).exists()

    guest.logout()
    page = guest.get(path)
    assert "Scelga la sua password" in page.content.decode()
    response = guest.post(
        path,
        page_form(
            page,
            first_name="Deborah",
            last_name="Ariboni",
            password1="Piao-2025-casorate",
            password2="Piao-2025-casorate",
        ),
    )
    assert response.status_code == 302 and response["Location"] == "/enti/casorate-primo/"
    user = get_user_model().objects.get(username="deborah.ariboni@example.it")
    assert user.check_password("Piao-2025-casorate") and user.get_full_name() == "Deborah Ariboni"
    assert Membership.objects.get(user=user).role == "unit_head"
    assert guest.get("/enti/casorate-primo/").status_code == 200  # logged in, in the ente
    invitation.refresh_from_db()
    assert invitation.accepted_by == user and invitation.accepted_at is not None

    # The same link again: used.
    guest.logout()
    again = guest.get(path)
    assert again.status_code == 410 and "già stato usato" in again.content.decode()
    assert guest.post(path, {"password1": "x", "password2": "x"}).status_code == 410
    assert Membership.objects.filter(user=user).count() == 1


def test_an_expired_link_says_so_and_a_resent_invitation_has_a_new_link(admin_client, guest, casorate):
    invite(admin_client, email="tardi@example.it", role="reader")
    old = link_in(mail.outbox[0])
    invitation = Invitation.objects.get(email="tardi@example.it")
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    guest.logout()
    response = guest.get(old)
    assert response.status_code == 410 and "Questo invito è scaduto" in response.content.decode()
    assert (
        "scaduto"
        in admin_client.get(reverse("organizations:members", args=["casorate-primo"])).content.decode()
    )

    resend = reverse("organizations:invitation_resend", args=["casorate-primo", invitation.pk])
    assert admin_client.post(resend).status_code == 302
    new = link_in(mail.outbox[1])
    assert new != old
    assert guest.get(old).status_code == 410  # the old link is dead
    assert guest.get(new).status_code == 200
    assert AuditEvent.objects.filter(action=Action.INVITATION_RESENT).count() == 1


def test_a_link_whose_token_is_unknown_or_cancelled_is_refused_in_italian(admin_client, guest):
    assert "non corrisponde ad alcun invito" in guest.get("/invito/abcdef/").content.decode()
    invite(admin_client, email="annullato@example.it", role="reader")
    path = link_in(mail.outbox[0])
    invitation = Invitation.objects.get(email="annullato@example.it")
    admin_client.post(reverse("organizations:invitation_cancel", args=["casorate-primo", invitation.pk]))
    guest.logout()
    response = guest.get(path)
    assert response.status_code == 410 and "annullato" in response.content.decode()


def test_someone_with_an_account_logs_in_and_lands_in_the_second_ente(
    admin_client, guest, albizzate, make_member
):
    person = make_member(albizzate.organization, "secretary", username="giulia")
    person.email = "giulia@example.it"
    person.save()
    invite(admin_client, email="giulia@example.it", role="secretary")
    path = link_in(mail.outbox[0])
    guest.logout()
    page = guest.get(path).content.decode()
    assert "Accedi" in page and f"/accesso/?next={path}" in page
    guest.force_login(person)
    response = guest.post(path)
    assert response.status_code == 302 and response["Location"] == "/enti/casorate-primo/"
    assert set(person.memberships.values_list("organization__slug", flat=True)) == {
        "albizzate",
        "casorate-primo",
    }


def test_a_wrong_password_pair_is_refused_next_to_the_field(admin_client, guest):
    invite(admin_client, email="nuovo@example.it", role="reader")
    path = link_in(mail.outbox[0])
    guest.logout()
    page = guest.get(path)
    response = guest.post(
        path, page_form(page, first_name="A", last_name="B", password1="Piao-2025-x!", password2="altra")
    )
    assert "Le due password non coincidono." in response.context["form"].errors["password2"]
    response = guest.post(
        path, page_form(page, first_name="A", last_name="B", password1="12345678", password2="12345678")
    )
    assert response.context["form"].errors["password1"]
    assert not get_user_model().objects.filter(username="nuovo@example.it").exists()


def test_an_address_already_in_the_ente_or_already_invited_is_refused(admin_client, casorate):
    invite(admin_client, email="doppio@example.it", role="reader")
    response = invite(admin_client, email="doppio@example.it", role="reader")
    assert "già un invito in attesa" in " ".join(response.context["form"].errors["email"])
    user = get_user_model().objects.create_user(username="gia", email="gia@example.it")
    Membership.objects.create(user=user, organization=casorate.organization, role="reader")
    response = invite(admin_client, email="GIA@example.it", role="reader")
    assert "ha già accesso all'ente" in " ".join(response.context["form"].errors["email"])
    assert len(mail.outbox) == 1


def test_the_members_page_shows_who_since_when_and_pending_invitations(admin_client, casorate):
    invite(admin_client, email="attesa@example.it", role="evaluator")
    html = admin_client.get(reverse("organizations:members", args=["casorate-primo"])).content.decode()
    assert "Persone e accessi" in html and "attesa@example.it" in html and "Nucleo di valutazione" in html
    assert timezone.localdate().strftime("%d/%m/%Y") in html  # con accesso dal
    # The demo's unit heads with their units in the current plan.
    assert "Servizio Amministrativo" in html or "Amministrativo" in html


def test_the_members_page_costs_the_same_queries_with_more_members(
    admin_client, casorate, django_assert_max_num_queries
):
    url = reverse("organizations:members", args=["casorate-primo"])
    admin_client.get(url)
    with django_assert_max_num_queries(14) as few:
        admin_client.get(url)
    for n in range(8):
        user = get_user_model().objects.create_user(username=f"extra-{n}")
        Membership.objects.create(user=user, organization=casorate.organization, role="unit_head")
        casorate.units.first().editors.add(user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        admin_client.get(url)


def test_role_change_and_revocation_are_audited(admin_client, casorate, make_member):
    head = make_member(casorate.organization, "unit_head", username="capo")
    unit = casorate.units.first()
    unit.editors.add(head)
    membership = head.memberships.get()
    url = reverse("organizations:member_edit", args=["casorate-primo", membership.pk])
    assert admin_client.post(url, page_form(admin_client.get(url), role="reader")).status_code == 302
    membership.refresh_from_db()
    assert membership.role == "reader"
    event = AuditEvent.objects.get(action=Action.MEMBER_ROLE_CHANGED)
    assert event.details == {"before": "unit_head", "after": "reader"}

    revoke = reverse("organizations:member_revoke", args=["casorate-primo", membership.pk])
    assert admin_client.post(revoke).status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert not unit.editors.filter(pk=head.pk).exists()  # its units go with its access
    assert AuditEvent.objects.get(action=Action.MEMBER_REVOKED).details == {
        "member": "capo",
        "role": "reader",
    }


def test_the_last_administrator_cannot_leave_the_ente_without_one(client, casorate):
    casorate.organization.memberships.filter(role="admin").delete()
    me = get_user_model().objects.create_user(username="solo")
    mine = Membership.objects.create(user=me, organization=casorate.organization, role="admin")
    client.force_login(me)
    url = reverse("organizations:member_edit", args=["casorate-primo", mine.pk])
    response = client.post(url, page_form(client.get(url), role="secretary"))
    assert "senza amministratore" in " ".join(response.context["form"].errors["role"])
    response = client.post(reverse("organizations:member_revoke", args=["casorate-primo", mine.pk]))
    assert response.status_code == 200 and "senza amministratore" in response.content.decode()
    mine.refresh_from_db()
    assert mine.role == "admin"
    # With a second administrator, the first may step down.
    other = get_user_model().objects.create_user(username="secondo")
    Membership.objects.create(user=other, organization=casorate.organization, role="admin")
    assert client.post(url, page_form(client.get(url), role="secretary")).status_code == 302


def test_an_administrator_cannot_invite_into_or_change_another_ente(client, casorate, albizzate, make_member):
    client.force_login(make_member(albizzate.organization, "admin", username="albizzate-admin"))
    target = casorate.organization.memberships.exclude(role="reader").first()
    role_before = target.role
    invitation = Invitation.objects.create(
        organization=casorate.organization,
        email="x@example.it",
        role="reader",
        token_hash=token_hash("t"),
        expires_at=timezone.now() + timedelta(days=1),
    )
    answers = [
        client.post(
            reverse("organizations:member_invite", args=["casorate-primo"]),
            {"email": "a@b.it", "role": "admin"},
        ),
        client.post(
            reverse("organizations:member_edit", args=["casorate-primo", target.pk]), {"role": "reader"}
        ),
        client.post(reverse("organizations:member_revoke", args=["casorate-primo", target.pk])),
        client.post(reverse("organizations:invitation_cancel", args=["casorate-primo", invitation.pk])),
        # Casorate's rows under Albizzate's own address.
        client.post(reverse("organizations:member_edit", args=["albizzate", target.pk]), {"role": "reader"}),
        client.post(reverse("organizations:member_revoke", args=["albizzate", target.pk])),
        client.post(reverse("organizations:invitation_resend", args=["albizzate", invitation.pk])),
    ]
    assert [a.status_code for a in answers] == [404] * 7
    target.refresh_from_db()
    invitation.refresh_from_db()
    assert target.role == role_before and invitation.is_open and not mail.outbox
    assert not Invitation.objects.filter(email="a@b.it").exists()


def test_the_switcher_lands_on_the_same_page_kind_in_the_other_ente(client, casorate, albizzate):
    assert (
        same_page_in(albizzate.organization, "/enti/casorate-primo/piani/2024/rischi/")
        == "/enti/albizzate/piani/2023/rischi/"
    )
    assert (
        same_page_in(albizzate.organization, "/enti/casorate-primo/anagrafica/")
        == "/enti/albizzate/anagrafica/"
    )
    # A page about one row has no counterpart: the other ente's home.
    assert (
        same_page_in(albizzate.organization, "/enti/casorate-primo/piani/2024/performance/obiettivi/5/")
        is None
    )
    assert same_page_in(albizzate.organization, "https://altrove.example.com/") is None
    client.force_login(get_user_model().objects.get(username="segretario"))
    page = client.get("/enti/casorate-primo/piani/2024/rischi/").content.decode()
    assert 'href="/enti/albizzate/passa/?da=/enti/casorate-primo/piani/2024/rischi/"' in page
    response = client.get("/enti/albizzate/passa/", {"da": "/enti/casorate-primo/piani/2024/rischi/"})
    assert response["Location"] == "/enti/albizzate/piani/2023/rischi/"
    response = client.get(
        "/enti/albizzate/passa/", {"da": "/enti/casorate-primo/piani/2024/performance/obiettivi/5/"}
    )
    assert response["Location"] == "/enti/albizzate/"
