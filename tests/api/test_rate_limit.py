"""Each token has a budget of calls (API_RATE_LIMIT); beyond it, 429 in Italian."""

from django.core.cache import cache

from tests.api.conftest import bearer


def test_a_token_beyond_its_rate_gets_429(client, settings, casorate, token_for):
    settings.API_RATE_LIMIT = "3/min"
    cache.clear()
    url = f"/api/v1/enti/casorate-primo/piani/{casorate.first_year}/rischi/misure"
    first, second = (
        bearer(token_for(casorate.organization, "reader")),
        bearer(token_for(casorate.organization, "secretary")),
    )
    codes = [client.get(url, **first).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = client.get(url, **first)
    assert refused.json() == {
        "detail": "Troppe richieste con questa chiave: attenda qualche secondo e riprovi."
    }
    assert int(refused["Retry-After"]) > 0
    # Another token has its own budget.
    assert client.get(url, **second).status_code == 200


def test_the_public_routes_are_limited_by_address(client, settings, casorate):
    settings.API_RATE_LIMIT = "2/min"
    cache.clear()
    url = "/api/v1/pubblici/enti/valdoria/piani"  # the demo adopts Valdoria's plan
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]
    assert client.get(url, REMOTE_ADDR="10.0.0.9").status_code == 200
