"""Struttura organizzativa: the unit tree with its responsabili and the staff."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from . import factories

URL = reverse("organization_chart:index", args=["casorate-primo", 2024])


def _queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(URL)
    assert response.status_code == 200
    return len(context.captured_queries), response.content.decode()


def test_units_inherit_the_responsabile_and_queries_do_not_grow_with_depth(secretary_client, casorate):
    _queries(secretary_client)  # warm the session
    before, _ = _queries(secretary_client)
    top = factories.unit(casorate, name="Area Alfa", head_label="Dott.ssa Bianchi")
    for n in range(4):
        middle = factories.unit(casorate, name=f"Settore {n}", parent=top)
        lower = factories.unit(casorate, name=f"Servizio {n}", parent=middle)
        factories.unit(casorate, name=f"Ufficio {n}", parent=lower)
    after, html = _queries(secretary_client)
    assert after == before
    row = html[html.index("Ufficio 3") :]
    assert "Dott.ssa Bianchi" in row[: row.index("</tr>")]
