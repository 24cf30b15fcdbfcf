"""Login throttling (django-axes): a user name is locked after a few wrong passwords."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import F
from django.urls import reverse

from tests.page_forms import page_form

PASSWORD = "una-password-giusta-1"
LOCKED = "Troppi tentativi di accesso non riusciti"


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user(username="segretario-prova", password=PASSWORD)


def attempt(client, password, address="127.0.0.1"):
    form = client.get(reverse("login"))
    data = page_form(form, username="segretario-prova", password=password)
    return client.post(reverse("login"), data, REMOTE_ADDR=address)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_the_limit_and_cool_off_come_from_the_settings():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60


def test_five_wrong_passwords_lock_the_user_out_with_an_italian_message(client, user):
    for _ in range(5):
        assert attempt(client, "sbagliata").status_code in (200, 429)
    response = attempt(client, PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED in page and "15 minuti" in page
    assert 'name="username"' in page  # the login page itself, not a bare text
    assert not logged_in(client)


def test_after_the_cool_off_the_right_password_works(client, user):
    for _ in range(5):
        attempt(client, "sbagliata")
    assert attempt(client, PASSWORD).status_code == 429
    # The clock moves past the cool-off: the failures are as old as 16 minutes.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=16))
    response = attempt(client, PASSWORD)
    assert response.status_code == 302 and logged_in(client)


def test_a_successful_login_resets_the_count(client, user):
    for _ in range(4):
        attempt(client, "sbagliata")
    assert attempt(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        attempt(client, "sbagliata")
    assert attempt(client, PASSWORD).status_code == 302 and logged_in(client)


def test_guesses_spread_over_many_addresses_lock_the_user_name(client, user):
    for index in range(5):
        attempt(client, "sbagliata", address=f"198.51.100.{index + 1}")
    assert attempt(client, PASSWORD, address="203.0.113.9").status_code == 429
    assert not logged_in(client)


def test_another_user_name_is_not_locked(client, user):
    get_user_model().objects.create_user(username="lettore-prova", password=PASSWORD)
    for _ in range(5):
        attempt(client, "sbagliata")
    data = page_form(client.get(reverse("login")), username="lettore-prova", password=PASSWORD)
    assert client.post(reverse("login"), data).status_code == 302
