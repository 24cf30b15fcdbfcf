"""The strict Content-Security-Policy breaks nothing: pages log no violation, fonts still load,
htmx still swaps."""

import re

import pytest
from playwright.sync_api import expect

from openpiao.demo.loader import DEMO_PASSWORD

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAN = "/enti/casorate-primo/piani/2024/"
PAGES = [
    "/enti/",
    PLAN,
    PLAN + "struttura/",
    PLAN + "performance/",
    PLAN + "valutazione/",
    PLAN + "capitale-umano/lavoro-agile/",
    PLAN + "rischi/",
    PLAN + "trasparenza/",
    PLAN + "capitale-umano/righe/assunzioni/nuove/",
    "/enti/casorate-primo/registro/",
    "/admin/",
]


def test_pages_log_no_content_security_policy_violation(page):
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    log_in(page, "admin", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="I miei enti")).to_be_visible()
    for address in PAGES:
        response = page.goto(address)
        assert response.status == 200, address
        assert "default-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
    assert page.evaluate("document.fonts.check('16px \"Titillium Web\"')")
    assert violations == []


def test_htmx_editing_works_under_the_policy(page):
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    log_in(page, "segretario", DEMO_PASSWORD)
    page.goto(PLAN + "performance/")
    page.get_by_role("link", name=re.compile("Innovazione servizi demografici", re.IGNORECASE)).click()
    page.locator("#indicatori tbody tr").first.get_by_role("button", name=re.compile("^Modifica")).click()
    expect(page.locator("#indicatori form")).to_be_visible()
    assert violations == []
