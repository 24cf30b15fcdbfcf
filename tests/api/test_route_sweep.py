"""Tenancy and roles over every route of the REST API (read from its OpenAPI description).

- a token of Albizzate gets 404 on every token route of Casorate, with Casorate's ente and ids
  in the address, and under its own ente's address with Casorate's ids;
- every token route answers 401 without a token, or with a revoked one;
- a token with a read-only role (lettore, Nucleo) reads every route and cannot write any (403),
  while the segretario's writes with the same bodies succeed.
"""

import pytest
from django.db import transaction

from openpiao.api.models import ApiToken
from tests.api.conftest import bearer
from tests.api.routes import arguments, body, routes

TOKEN_ROUTES = [r for r in routes() if not r.public]


def call(client, route, url, data, headers):
    """One call, undone afterwards: each route finds the same rows."""
    with transaction.atomic():
        response = getattr(client, route.method)(url, data=data, content_type="application/json", **headers)
        transaction.set_rollback(True)
    return response


def test_the_api_has_its_routes():
    assert len(TOKEN_ROUTES) >= 18
    assert {r.method for r in TOKEN_ROUTES} == {"get", "post", "put", "patch", "delete"}


def test_a_token_of_another_ente_gets_404_everywhere(client, casorate, albizzate, casorate_rows, token_for):
    headers = bearer(token_for(albizzate.organization, "admin"))
    theirs = arguments(casorate, casorate_rows)
    own_address = {**theirs, "org": albizzate.organization.slug, "year": albizzate.first_year}
    with_ids = [r for r in TOKEN_ROUTES if "_id}" in r.path]
    answered = {}
    for where, values, swept in (
        ("their address", theirs, TOKEN_ROUTES),
        ("own address", own_address, with_ids),
    ):
        for route in swept:
            url = route.url(**values)
            data = body(route, casorate, casorate_rows)
            answered[route.method, url, where] = call(client, route, url, data, headers).status_code
    assert len(answered) == len(TOKEN_ROUTES) + len(with_ids) >= 30
    assert {key: code for key, code in answered.items() if code != 404} == {}


def test_another_entes_unit_is_not_found_in_ones_own_plan(
    client, casorate, albizzate, casorate_rows, token_for
):
    """Relations travel by code and are looked up in the plan of the address."""
    headers = bearer(token_for(albizzate.organization, "admin"))
    url = f"/api/v1/enti/albizzate/piani/{albizzate.first_year}/obiettivi"
    data = {"unit": casorate_rows["unit"].code, "number": 5, "title": "x"}
    response = client.post(url, data=data, content_type="application/json", **headers)
    assert response.status_code == 422
    assert response.json()["errors"]["unit"] == [
        f"Nessuna unità «{casorate_rows['unit'].code}» tra quelle del piano che lei modifica."
    ]


def test_every_token_route_needs_a_valid_token(client, casorate, casorate_rows, token_for):
    secret = token_for(casorate.organization, "secretary")
    ApiToken.objects.filter(user__username=f"api-secretary-{casorate.organization.slug}").update(
        revoked_at="2026-01-01T00:00:00Z"
    )
    values = arguments(casorate, casorate_rows)
    for headers in ({}, bearer(secret), bearer("opiao_inventata")):
        for route in TOKEN_ROUTES:
            response = call(client, route, route.url(**values), body(route, casorate, casorate_rows), headers)
            assert response.status_code == 401, route
            assert "Chiave API" in response.json()["detail"]


@pytest.mark.parametrize("role", ["reader", "evaluator"])
def test_a_read_only_role_reads_everything_and_writes_nothing(
    client, casorate, casorate_rows, token_for, role
):
    headers = bearer(token_for(casorate.organization, role))
    values = arguments(casorate, casorate_rows)
    answered = {
        (route.method, route.operation): call(
            client, route, route.url(**values), body(route, casorate, casorate_rows), headers
        ).status_code
        for route in TOKEN_ROUTES
    }
    assert {k: code for k, code in answered.items() if k[0] == "get" and code != 200} == {}
    assert {k: code for k, code in answered.items() if k[0] != "get" and code != 403} == {}


def test_the_secretary_writes_through_every_route(client, casorate, casorate_rows, token_for):
    """The same bodies succeed for a role that may write: the 403 above is the role's."""
    headers = bearer(token_for(casorate.organization, "secretary"))
    values = arguments(casorate, casorate_rows)
    answered = {
        route.operation: call(
            client, route, route.url(**values), body(route, casorate, casorate_rows), headers
        ).status_code
        for route in TOKEN_ROUTES
        if route.writes
    }
    assert {op: code for op, code in answered.items() if code not in (200, 201, 204)} == {}


def test_a_reader_token_of_an_administrator_cannot_write(client, casorate, casorate_rows, token_for):
    """The token's role, not the member's, decides."""
    headers = bearer(token_for(casorate.organization, "admin", token_role="reader"))
    values = arguments(casorate, casorate_rows)
    writes = [r for r in TOKEN_ROUTES if r.writes]
    codes = {
        r.operation: call(client, r, r.url(**values), body(r, casorate, casorate_rows), headers).status_code
        for r in writes
    }
    assert set(codes.values()) == {403}
