"""Accessibility (WCAG 2.1 AA, a legal duty for PA software): axe-core in Chromium on the pages
a segretario opens, reached by following the links of the plan page and of each section."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from openpiao.demo.loader import DEMO_PASSWORD

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PLAN = "/enti/casorate-primo/piani/2024/"
# Downloads and actions are not pages to audit.
NOT_PAGES = re.compile(r"(\.json|\.xlsx|/pdf/?|/docx/?|/stampa/|elimina|/esporta)")


def section_pages(page) -> list[str]:
    """The plan page, the first page of each section, and the pages they link to (one level)."""
    page.goto(PLAN)
    sections = [href for href in _plan_links(page) if href != PLAN]
    found = [PLAN, *sections]
    for section in sections:
        page.goto(section)
        for href in _plan_links(page):
            if href not in found:
                found.append(href)
    return found


def _plan_links(page) -> list[str]:
    hrefs = page.eval_on_selector_all("main a[href]", "links => links.map(a => a.getAttribute('href'))")
    return [h.split("#")[0] for h in hrefs if h.startswith(PLAN) and not NOT_PAGES.search(h)]


def test_pages_have_no_wcag_violations(page):
    log_in(page, "segretario", DEMO_PASSWORD)
    axe = Axe()
    pages = ["/enti/", "/enti/casorate-primo/", *section_pages(page)][:60]
    assert len(pages) >= 30
    problems = {}
    for url in pages:
        page.goto(url)
        violations = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}}).response[
            "violations"
        ]
        if violations:
            problems[url] = [(v["id"], v["impact"], v["nodes"][0]["target"]) for v in violations]
    assert not problems, problems


def test_form_errors_are_announced(page):
    """A refused value: the message is tied to its field (aria-describedby) and the page passes axe."""
    log_in(page, "segretario", DEMO_PASSWORD)
    page.goto("/enti/casorate-primo/anagrafica/")
    page.get_by_label("Codice fiscale").fill("00468580189")
    page.get_by_role("button", name="Salva").click()
    field = page.get_by_label("Codice fiscale")
    assert field.get_attribute("aria-invalid") == "true"
    message = page.locator(f"#{field.get_attribute('aria-describedby')}")
    assert "Codice fiscale non valido" in message.inner_text()
    violations = (
        Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}}).response["violations"]
    )
    assert not violations, [(v["id"], v["nodes"][0]["target"]) for v in violations]


def test_a_responsabiles_pages_have_no_wcag_violations(page):
    """The demo responsabile's «I miei obiettivi» and a verifica finale precompilata."""
    from openpiao.performance.models import Objective

    objective = Objective.objects.get(
        plan__organization__slug="casorate-primo", unit__code="amministrativo", number=1
    )
    log_in(page, "resp.amministrativo", DEMO_PASSWORD)
    problems = {}
    for url in [f"{PLAN}valutazione/miei-obiettivi/", f"{PLAN}valutazione/obiettivi/{objective.pk}/finale/"]:
        page.goto(url)
        assert page.get_by_role("heading", level=1).count() == 1
        violations = axe_violations(page)
        if violations:
            problems[url] = violations
    assert "Precompilata dalla verifica intermedia" in page.content()
    assert not problems, problems


def axe_violations(page) -> list:
    violations = (
        Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}}).response["violations"]
    )
    return [(v["id"], v["impact"], v["nodes"][0]["target"]) for v in violations]
