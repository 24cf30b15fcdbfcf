"""The published demo plan as a citizen sees it: no login, the adopted PDF downloaded and
checked against the SHA-256 the page shows, and every public page clean for axe-core
(WCAG 2.1 AA)."""

import hashlib

import pytest
from axe_playwright_python.sync_playwright import Axe

from .test_accessibility import WCAG_21_AA

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAN = "/pubblico/valdoria/2025/"


@pytest.fixture
def public_page(browser, published_demo_server):
    context = browser.new_context(locale="it-IT", base_url=published_demo_server.url, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_a_citizen_downloads_the_adopted_pdf_and_checks_its_hash(public_page):
    page = public_page
    page.goto("/pubblico/")
    page.get_by_role("link", name="Comune di Valdoria").click()
    page.get_by_role("link", name="PIAO 2025-2027 in forma semplificata").click()
    assert page.url.endswith(PLAN)
    shown = page.locator("[data-sha256=pdf]").inner_text().strip()
    with page.expect_download() as download:
        page.get_by_role("link", name="Piano in PDF/A").click()
    content = download.value.path().read_bytes()
    assert content.startswith(b"%PDF")
    assert hashlib.sha256(content).hexdigest() == shown


def test_public_pages_have_no_wcag_violations(public_page):
    page = public_page
    axe = Axe()
    problems = {}
    for url in ("/pubblico/", "/pubblico/valdoria/", PLAN, PLAN + "dati/", PLAN + "portale-piao/"):
        page.goto(url)
        violations = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}}).response[
            "violations"
        ]
        if violations:
            problems[url] = [(v["id"], v["impact"], v["nodes"][0]["target"]) for v in violations]
    assert not problems, problems
