"""A real OpenID Connect provider (tests/identity_provider) for the sign-in with SPID/CIE, and
the round trip a browser makes through it, driven with `requests` on the provider's side and
Django's test client on OpenPIAO's."""

from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests

from tests.identity_provider.running import client_settings, running_provider

# Three people the provider knows: its user names are their codici fiscali.
MARIA = "RSSMRA85T10A562S"
GIOVANNI = "BNCGNN80A01F205W"
LUCIA = "VRDLCU90E45H501H"
PASSWORD = "password-spid-1"
PEOPLE = [
    f"{MARIA}:{PASSWORD}:Maria:Rossi",
    f"{GIOVANNI}:{PASSWORD}:Giovanni:Bianchi",
    f"{LUCIA}:{PASSWORD}:Lucia:Verdi",
]
CALLBACK = "http://testserver/accesso/spid-cie/ritorno/"


@pytest.fixture(scope="module")
def provider():
    with running_provider(CALLBACK, PEOPLE) as base:
        yield base


@pytest.fixture
def identity_signin(provider, settings):
    """OpenPIAO configured as the provider's client, as the OIDC_* variables would."""
    for name, value in client_settings(provider).items():
        setattr(settings, name, value)
    return provider


def through_provider(client, start: str, tax_code: str, password: str = PASSWORD):
    """Open `start` on OpenPIAO (a SPID/CIE button's address), sign in at the provider as
    `tax_code`, and come back to OpenPIAO's callback: its response."""
    to_provider = client.get(start)
    while to_provider.status_code == 302 and to_provider["Location"].startswith("/"):
        to_provider = client.get(to_provider["Location"])  # an invitation's button, then the sign-in
    assert to_provider.status_code == 302, to_provider
    browser = requests.Session()
    login_page = browser.get(to_provider["Location"], timeout=10)
    assert "Identity provider di prova" in login_page.text
    back = browser.post(
        login_page.url,
        data={
            "username": tax_code,
            "password": password,
            "next": parse_qs(urlsplit(login_page.url).query)["next"][0],
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
        },
        allow_redirects=False,
        timeout=10,
    )
    while back.status_code == 302 and not back.headers["Location"].startswith(CALLBACK):
        back = browser.get(urljoin(back.url, back.headers["Location"]), allow_redirects=False, timeout=10)
    callback = urlsplit(back.headers["Location"])
    return client.get(f"{callback.path}?{callback.query}")
