"""SPID/CIE in a real browser, through a real OpenID Connect provider started by the test
(tests/identity_provider, django-oauth-toolkit) in its own process: an invited segretaria
accepts with «Entra con SPID», then enters again from the login page with her identity alone;
someone the enti do not know gets the Italian page and no account."""

import re
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from openpiao.organizations.models import Identity, Membership, Organization
from openpiao.organizations.services import invite
from tests.identity_provider.running import client_settings, running_provider

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MARIA = "RSSMRA85T10A562S"
LUCIA = "VRDLCU90E45H501H"
PASSWORD = "password-spid-1"


@pytest.fixture
def provider(demo_server, settings):
    people = [f"{MARIA}:{PASSWORD}:Maria:Rossi", f"{LUCIA}:{PASSWORD}:Lucia:Verdi"]
    with running_provider(f"{demo_server.url}/accesso/spid-cie/ritorno/", people) as base:
        for name, value in client_settings(base).items():
            setattr(settings, name, value)
        yield base


def sign_in_at_provider(page, tax_code: str):
    expect(page.get_by_role("heading", name="Identity provider di prova (SPID/CIE)")).to_be_visible()
    page.get_by_label("Utente SPID").fill(tax_code)
    page.get_by_label("Password SPID").fill(PASSWORD)
    page.get_by_role("button", name="Autorizza").click()


def test_an_invited_person_enters_with_spid_through_a_real_oidc_provider(page, provider, mailoutbox):
    valdoria = Organization.objects.get(slug="valdoria")
    invite(
        organization=valdoria,
        email="maria.rossi@comune.example.it",
        role="secretary",
        tax_code=MARIA,
        site="http://testserver",
        user=None,
    )
    link = re.search(r"https?://[^/\s]+(/invito/[\w-]+/)", mailoutbox[-1].body).group(1)

    page.goto(link)
    page.get_by_role("link", name="Entra con SPID").click()
    sign_in_at_provider(page, MARIA)

    expect(page.get_by_text("Benvenuto in OpenPIAO: ora accede a Comune di Valdoria")).to_be_visible()
    assert page.url.endswith("/enti/valdoria/")
    user = get_user_model().objects.get(identity__tax_code=MARIA)
    assert Membership.objects.get(user=user, organization=valdoria).role == "secretary"

    # Next time: the login page's button, and the identity alone opens her account.
    page.get_by_role("button", name="Esci").click()
    page.goto("/accesso/")
    page.get_by_role("link", name="Entra con CIE").click()
    if "Identity provider di prova" in page.content():  # the provider may remember her
        sign_in_at_provider(page, MARIA)
    expect(page.get_by_role("link", name="Comune di Valdoria")).to_be_visible()
    expect(page.get_by_text("Maria Rossi")).to_be_visible()


def test_an_identity_nobody_invited_gets_an_italian_page_and_no_account(page, provider):
    users = get_user_model().objects.count()
    page.goto("/accesso/")
    page.get_by_role("link", name="Entra con SPID").click()
    sign_in_at_provider(page, LUCIA)

    expect(page.get_by_role("heading", name="Accesso con SPID o CIE non riuscito")).to_be_visible()
    assert f"codice fiscale {LUCIA}" in unescape(page.content())
    assert get_user_model().objects.count() == users
    assert not Identity.objects.filter(tax_code=LUCIA).exists()
