"""Tenancy: a member of one ente cannot read or change another ente's data through any URL.

Every URL pattern of the project that carries an ente is requested, GET and POST, by a user
who belongs only to Albizzate, with the arguments of Casorate's rows. Each must answer 404 or
403, files included. A new URL argument must be added to ARGUMENTS (tests/crawl.py), or the
test fails and says so.
"""

import pytest
from django.db import transaction
from django.urls import reverse

from tests.crawl import ARGUMENTS, organization_urls, url_of


def test_every_url_argument_is_covered():
    missing = {name: set(args) - set(ARGUMENTS) for name, args in organization_urls().items()}
    missing = {name: args for name, args in missing.items() if args}
    assert not missing, f"Aggiungere a ARGUMENTS gli argomenti di questi URL: {missing}"


def test_there_are_many_ente_urls():
    assert len(organization_urls()) >= 15


@pytest.mark.parametrize("method", ["get", "post"])
def test_member_of_another_ente_is_refused_everywhere(
    client, casorate, albizzate, make_member, casorate_rows, method
):
    outsider = make_member(albizzate.organization, "admin", username="outsider")
    client.force_login(outsider)
    answered = {}
    for name, args in organization_urls().items():
        url = url_of(name, args, casorate, casorate_rows)
        response = getattr(client, method)(url)
        answered[url] = response.status_code
    allowed = {403, 404}
    leaks = {url: code for url, code in answered.items() if code not in allowed}
    assert not leaks, f"URL raggiungibili da un altro ente: {leaks}"
    # And the same user, on its own ente, is not refused by the ente check.
    home = client.get(reverse("organizations:home", kwargs={"org": albizzate.organization.slug}))
    assert home.status_code == 200


def test_anonymous_user_is_sent_to_login(client, casorate, casorate_rows):
    for name, args in organization_urls().items():
        response = client.get(url_of(name, args, casorate, casorate_rows))
        assert response.status_code == 302 and "/accesso/" in response["Location"], name


def test_export_command_has_no_tenant_leak_through_the_page(client, albizzate, casorate, make_member):
    """The JSON export is a URL like the others: refused to a member of another ente."""
    client.force_login(make_member(albizzate.organization, "secretary", username="other-secretary"))
    url = reverse("plans:export", kwargs={"org": casorate.organization.slug, "year": casorate.first_year})
    assert client.get(url).status_code == 404


def test_another_entes_ids_under_ones_own_address_are_not_found(
    client, casorate, albizzate, make_member, casorate_rows
):
    """Albizzate's administrator requests its own ente's addresses with the ids of Casorate's
    rows: every URL that takes an id answers 404 (never 200 with Casorate's row, never 500), to
    GET and to POST; a POST-only address may refuse the GET first (405)."""
    client.force_login(make_member(albizzate.organization, "admin", username="albizzate-admin"))
    own = {"org": albizzate.organization.slug, "year": albizzate.first_year}
    answered = {}
    for name, args in organization_urls().items():
        if not any(arg.endswith("_id") for arg in args):
            continue
        url = url_of(name, args, casorate, casorate_rows, **own)
        for method in ("get", "post"):
            with transaction.atomic():
                answered[method, url] = getattr(client, method)(url).status_code
                transaction.set_rollback(True)
    assert len(answered) >= 2 * 25
    not_found = {"get": {404, 405}, "post": {404}}
    assert {(m, url): code for (m, url), code in answered.items() if code not in not_found[m]} == {}
