"""Passwords as a fallback the service operator switches off per ente: a person whose every
ente has them off enters only with SPID/CIE; django-axes still throttles the passwords."""

from html import unescape

import lxml.html
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from openpiao.core.models import AuditEvent
from openpiao.organizations.models import OPERATE_SERVICE, Membership, Organization
from tests.factories import invitation_for
from tests.page_forms import page_form

pytestmark = pytest.mark.django_db
PASSWORD = "una-password-giusta-1"
OFF = "Per i suoi enti l'accesso con password è disattivato: entri con SPID o CIE."


def person(*enti):
    user = get_user_model().objects.create_user("persona", password=PASSWORD)
    for organization in enti:
        Membership.objects.create(user=user, organization=organization, role="reader")
    return user


def log_in(client, password=PASSWORD):
    data = page_form(client.get(reverse("login")), username="persona", password=password)
    return client.post(reverse("login"), data)


def form_index(response, action: str) -> int:
    """The number, among the page's post forms (as page_form counts them), of the one to `action`."""
    forms = [f for f in lxml.html.fromstring(response.content).forms if f.method.lower() == "post"]
    return next(i for i, form in enumerate(forms) if form.action == action)


def passwords(slug, allowed):
    Organization.objects.filter(slug=slug).update(password_login=allowed)
    return Organization.objects.get(slug=slug)


def test_a_person_whose_every_ente_switched_passwords_off_is_told_to_use_spid_or_cie(client):
    person(passwords("valdoria", False), passwords("albizzate", False))
    response = log_in(client)
    assert response.status_code == 200
    assert OFF in unescape(response.content.decode())
    assert "_auth_user_id" not in client.session


def test_one_ente_that_still_allows_passwords_is_enough(client):
    person(passwords("valdoria", False), passwords("albizzate", True))
    assert log_in(client).status_code == 302
    assert "_auth_user_id" in client.session


def test_someone_in_no_ente_may_use_a_password(client):
    person()
    assert log_in(client).status_code == 302


def test_a_wrong_password_is_still_a_wrong_password_and_axes_still_locks(client):
    person(passwords("valdoria", True))
    for _ in range(5):
        response = log_in(client, "sbagliata")
        assert OFF not in unescape(response.content.decode())
    locked = log_in(client)  # the right one, after five wrong: locked out
    assert locked.status_code == 429 and "_auth_user_id" not in client.session


def test_the_operator_switches_an_entes_passwords_off_and_on(client):
    operator = get_user_model().objects.create_user("op", password=PASSWORD)
    operator.user_permissions.add(Permission.objects.get(codename=OPERATE_SERVICE))
    client.force_login(operator)
    home = client.get(reverse("organizations:operator"))
    url = reverse("organizations:operator_password_login", args=["valdoria"])
    assert url in home.content.decode()
    posted = client.post(url, page_form(home, index=form_index(home, url)))
    assert posted.status_code == 302, posted
    valdoria = Organization.objects.get(slug="valdoria")
    assert not valdoria.password_login
    event = AuditEvent.objects.filter(organization=valdoria).latest("pk")
    assert event.action == "organization_changed"

    home = client.get(reverse("organizations:operator"))
    assert "disattivato: solo SPID e CIE" in home.content.decode()
    client.post(url, page_form(home, index=form_index(home, url)))  # and on again
    assert Organization.objects.get(slug="valdoria").password_login


def test_only_the_operator_switches_passwords(client):
    client.force_login(person(passwords("valdoria", True)))
    url = reverse("organizations:operator_password_login", args=["valdoria"])
    assert client.post(url, {}).status_code == 403
    assert Organization.objects.get(slug="valdoria").password_login


def test_an_invitation_to_an_ente_without_passwords_offers_no_password(client):
    valdoria = passwords("valdoria", False)
    invitation_for(valdoria, email="nuova@comune.example.it", token="codice-invito-prova")
    url = reverse("organizations:invitation", args=["codice-invito-prova"])
    page = unescape(client.get(url).content.decode())
    assert "Imposta la password" not in page
    assert "si entra solo con SPID o CIE" in page
    client.post(url, {"first_name": "A", "last_name": "B", "password1": PASSWORD, "password2": PASSWORD})
    assert not get_user_model().objects.filter(username="nuova@comune.example.it").exists()
