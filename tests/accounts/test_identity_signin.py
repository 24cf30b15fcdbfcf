"""Sign-in with SPID/CIE through a real OpenID Connect provider started by the tests: the
person is found by the codice fiscale of her identity, an invitation's link binds it, and
nobody else gets an account."""

from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from openpiao.accounts.identity import METHODS
from openpiao.organizations.access import IDENTITY_SESSION_KEY
from openpiao.organizations.models import Identity, InvitationStatus, Membership, Organization
from openpiao.organizations.services import invite
from tests.accounts.conftest import GIOVANNI, LUCIA, MARIA, through_provider

pytestmark = pytest.mark.django_db


@pytest.fixture
def valdoria():
    return Organization.objects.get(slug="valdoria")


def invited(
    organization, mailoutbox, *, email="maria.rossi@comune.example.it", tax_code="", role="secretary"
):
    """The invitation's token, read from the link of its e-mail as the person would."""
    invitation = invite(
        organization=organization,
        email=email,
        role=role,
        tax_code=tax_code,
        site="http://testserver",
        user=None,
    )
    link = next(line for line in mailoutbox[-1].body.splitlines() if "/invito/" in line)
    return invitation, link.strip().rstrip("/").rsplit("/", 1)[1]


def test_without_configuration_there_are_no_buttons_and_no_oidc_pages(client):
    page = client.get(reverse("login")).content.decode()
    assert "Entra con SPID" not in page
    assert client.get(reverse("accounts:identity_signin")).status_code == 404


def test_the_login_page_offers_spid_and_cie(client, identity_signin):
    page = client.get(reverse("login")).content.decode()
    for label in METHODS.values():
        assert label in page
    assert f"{reverse('accounts:identity_signin')}?con=cie" in page


def test_a_person_whose_identity_is_bound_enters(client, identity_signin, valdoria):
    user = get_user_model().objects.create_user("maria", email="maria@example.it")
    Identity.objects.create(user=user, tax_code=MARIA)
    Membership.objects.create(user=user, organization=valdoria, role="reader")

    response = through_provider(client, reverse("accounts:identity_signin") + "?con=spid", MARIA)

    assert response.status_code == 302 and response["Location"] == reverse("organizations:list")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session[IDENTITY_SESSION_KEY] == MARIA
    assert "Comune di Valdoria" in client.get(response["Location"]).content.decode()


def test_an_unknown_identity_gets_a_clear_page_and_no_account(client, identity_signin):
    users = get_user_model().objects.count()

    response = through_provider(client, reverse("accounts:identity_signin"), LUCIA)

    assert response["Location"] == reverse("accounts:identity_refused")
    page = client.get(response["Location"])
    assert page.status_code == 403
    text = unescape(page.content.decode())
    assert f"Nessun accesso a OpenPIAO è collegato all'identità con codice fiscale {LUCIA}" in text
    assert "serve l'invito dell'amministratore" in text
    assert "_auth_user_id" not in client.session
    assert get_user_model().objects.count() == users


def test_accepting_an_invitation_with_spid_creates_the_account_and_binds_the_identity(
    client, identity_signin, valdoria, mailoutbox
):
    invitation, token = invited(valdoria, mailoutbox, tax_code=MARIA)
    page = client.get(reverse("organizations:invitation", args=[token])).content.decode()
    assert "Entra con SPID" in page and reverse("accounts:invitation_signin", args=[token]) in page

    response = through_provider(
        client, reverse("accounts:invitation_signin", args=[token]) + "?con=spid", MARIA
    )

    assert response["Location"] == reverse("organizations:home", args=["valdoria"])
    user = get_user_model().objects.get(identity__tax_code=MARIA)
    assert (user.username, user.first_name, user.last_name) == (
        "maria.rossi@comune.example.it",
        "Maria",
        "Rossi",
    )
    assert not user.has_usable_password()  # she enters with SPID/CIE
    assert Membership.objects.get(user=user, organization=valdoria).role == "secretary"
    invitation.refresh_from_db()
    assert invitation.status() == InvitationStatus.ACCEPTED and invitation.accepted_by == user
    home = unescape(client.get(response["Location"]).content.decode())
    assert "Benvenuto in OpenPIAO: ora accede a Comune di Valdoria come segretario / rpct." in home

    client.logout()  # the next time, the identity alone opens her account
    again = through_provider(client, reverse("accounts:identity_signin"), MARIA)
    assert again["Location"] == reverse("organizations:list")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_an_invitation_for_another_codice_fiscale_is_refused_and_creates_nothing(
    client, identity_signin, valdoria, mailoutbox
):
    invitation, token = invited(valdoria, mailoutbox, tax_code=MARIA)
    users = get_user_model().objects.count()

    response = through_provider(client, reverse("accounts:invitation_signin", args=[token]), GIOVANNI)

    assert response["Location"] == reverse("accounts:identity_refused")
    assert "L'invito è per un'altra persona" in unescape(client.get(response["Location"]).content.decode())
    assert get_user_model().objects.count() == users
    assert not Identity.objects.filter(tax_code=GIOVANNI).exists()
    invitation.refresh_from_db()
    assert invitation.status() == InvitationStatus.PENDING


def test_an_existing_account_of_the_invited_email_gets_the_identity(
    client, identity_signin, valdoria, mailoutbox
):
    user = get_user_model().objects.create_user("giovanni.bianchi@comune.example.it", password="vecchia-pw-1")
    _, token = invited(valdoria, mailoutbox, email="giovanni.bianchi@comune.example.it", role="reader")

    through_provider(client, reverse("accounts:invitation_signin", args=[token]), GIOVANNI)

    assert Identity.objects.get(tax_code=GIOVANNI).user == user
    assert Membership.objects.filter(user=user, organization=valdoria).exists()
    assert client.session["_auth_user_id"] == str(user.pk)


def test_each_button_adds_its_own_authorization_parameters(client, identity_signin, settings):
    settings.OIDC_AUTH_PARAMS = {"spid": "acr_values=https://www.spid.gov.it/SpidL2", "cie": "idp=cie"}
    cie = client.get(reverse("accounts:identity_signin") + "?con=cie")["Location"]
    spid = client.get(reverse("accounts:identity_signin") + "?con=spid")["Location"]
    assert "idp=cie" in cie and "acr_values" not in cie
    assert "acr_values=https%3A%2F%2Fwww.spid.gov.it%2FSpidL2" in spid and "idp=cie" not in spid


def test_an_abandoned_invitation_is_not_accepted_by_a_later_sign_in(
    client, identity_signin, valdoria, mailoutbox
):
    invitation, token = invited(valdoria, mailoutbox)
    client.get(reverse("accounts:invitation_signin", args=[token]))  # off to the provider, never back

    response = through_provider(client, reverse("accounts:identity_signin"), LUCIA)

    assert response["Location"] == reverse("accounts:identity_refused")
    assert not Identity.objects.filter(tax_code=LUCIA).exists()
    invitation.refresh_from_db()
    assert invitation.status() == InvitationStatus.PENDING
