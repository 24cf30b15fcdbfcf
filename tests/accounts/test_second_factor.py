"""The TOTP second factor (django-otp) of the service operator and the enti's administrators,
with real codes of django_otp.oath: enrolment with a QR code, the step after the sign-in,
recovery codes, and the installation that makes it mandatory."""

from html import unescape

import lxml.html
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from openpiao.organizations.models import Membership, Organization
from tests.page_forms import page_form

pytestmark = pytest.mark.django_db
PASSWORD = "una-password-giusta-1"


@pytest.fixture
def admin():
    user = get_user_model().objects.create_user("amministratore", password=PASSWORD)
    Membership.objects.create(user=user, organization=Organization.objects.get(slug="valdoria"), role="admin")
    return user


def unthrottle():
    for model in (TOTPDevice, StaticDevice):
        model.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)


def code_of(device, drift: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.drift = drift
    return f"{totp.token():06d}"


def log_in(client, username="amministratore"):
    data = page_form(client.get(reverse("login")), username=username, password=PASSWORD)
    return client.post(reverse("login"), data)


def enrol(client) -> list[str]:
    page = client.get(reverse("accounts:second_factor"))
    assert "<svg" in page.content.decode()  # the QR code, drawn inline
    device = TOTPDevice.objects.get(user__username="amministratore", confirmed=False)
    done = client.post(reverse("accounts:second_factor"), page_form(page, code=code_of(device)))
    assert done.status_code == 200
    codes = [c.text_content() for c in lxml.html.fromstring(done.content).xpath("//ul[@class]//code")]
    assert len(codes) == 10
    return codes


def test_an_administrator_enrols_and_then_every_sign_in_asks_a_code(client, admin):
    client.force_login(admin)
    codes = enrol(client)
    device = TOTPDevice.objects.get(user=admin)
    assert device.confirmed
    client.logout()

    signed = log_in(client)
    assert signed.status_code == 302
    home = client.get(reverse("organizations:list"))  # any page leads to the code first
    assert home.status_code == 302 and home["Location"].startswith(reverse("accounts:verify"))

    page = client.get(home["Location"])
    wrong = client.post(reverse("accounts:verify"), page_form(page, -2, code="000000"))
    assert "Codice non valido" in unescape(wrong.content.decode())
    assert client.get(reverse("organizations:list")).status_code == 302

    unthrottle()  # django-otp delays a device after a wrong code (1 s, doubling): not a test's wait
    right = client.post(reverse("accounts:verify"), page_form(page, -2, code=code_of(device, drift=1)))
    assert right.status_code == 302
    assert client.get(reverse("organizations:list")).status_code == 200

    client.logout()  # a recovery code works once
    log_in(client)
    page = client.get(reverse("accounts:verify"))
    assert client.post(reverse("accounts:verify"), page_form(page, -2, code=codes[0])).status_code == 302
    client.logout()
    log_in(client)
    again = client.post(reverse("accounts:verify"), page_form(page, -2, code=codes[0]))
    assert again.status_code == 200 and "Codice non valido" in unescape(again.content.decode())


def test_a_wrong_code_does_not_enable_it(client, admin):
    client.force_login(admin)
    page = client.get(reverse("accounts:second_factor"))
    response = client.post(reverse("accounts:second_factor"), page_form(page, code="123456"))
    assert "Codice non valido" in unescape(response.content.decode())
    assert not TOTPDevice.objects.filter(user=admin, confirmed=True).exists()


def test_other_roles_have_no_second_factor_page(client, make_member):
    client.force_login(make_member(Organization.objects.get(slug="valdoria"), "reader"))
    assert client.get(reverse("accounts:second_factor")).status_code == 403


def test_when_mandatory_an_administrator_without_it_must_enrol_first(client, admin, make_member, settings):
    settings.SECOND_FACTOR_REQUIRED = True
    log_in(client)
    home = client.get(reverse("organizations:list"))
    assert home["Location"].startswith(reverse("accounts:second_factor"))
    enrol(client)
    assert client.get(reverse("organizations:list")).status_code == 200
    page = unescape(client.get(reverse("accounts:second_factor")).content.decode())
    assert "Disattiva il secondo fattore" not in page  # mandatory: it cannot be switched off

    client.logout()  # a reader is not asked
    reader = make_member(Organization.objects.get(slug="valdoria"), "reader", username="lettore-prova")
    reader.set_password(PASSWORD)
    reader.save()
    log_in(client, "lettore-prova")
    assert client.get(reverse("organizations:list")).status_code == 200
