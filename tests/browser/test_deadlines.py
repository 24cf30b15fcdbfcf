"""The scadenzario in Chromium: the segretario opens the ente's year from its home page, marks the
RPCT's report done, subscribes to the calendar; every page passes axe (WCAG 2.1 AA)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from openpiao.deadlines.models import Completion
from openpiao.demo.loader import DEMO_PASSWORD

from .conftest import log_in
from .test_accessibility import WCAG_21_AA

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _violations(page) -> list:
    found = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}}).response["violations"]
    return [(v["id"], v["impact"], v["nodes"][0]["target"]) for v in found]


def test_the_segretario_marks_a_deadline_done_and_subscribes(page):
    log_in(page, "segretario", DEMO_PASSWORD)
    page.goto("/enti/casorate-primo/")
    page.get_by_role("link", name="Scadenzario").click()
    page.get_by_role("link", name="2025", exact=True).click()
    assert page.get_by_role("heading", name="Scadenzario 2025").is_visible()
    assert _violations(page) == []

    row = page.locator("tr[id='relazione-rpct:2024']")
    row.get_by_label("Svolto il").fill("2025-01-29")
    row.get_by_role("button", name="Segna come svolto").click()
    row = page.locator("tr[id='relazione-rpct:2024']")
    assert "Svolto" in row.inner_text() and "29/01/2025" in row.inner_text()
    assert Completion.objects.filter(key="relazione-rpct:2024").exists()

    row.get_by_text("Come è calcolata").click()
    assert "Comunicato del Presidente ANAC del 29 ottobre 2024" in row.inner_text()

    page.get_by_role("link", name="Calendario sul telefono (iCalendar)").click()
    page.get_by_role("button", name="Crea l'indirizzo").click()
    address = page.get_by_label("Indirizzo del calendario").input_value()
    assert address.endswith(".ics")
    assert _violations(page) == []
    feed = page.request.get(address)
    assert feed.ok and b"BEGIN:VCALENDAR" in feed.body()
