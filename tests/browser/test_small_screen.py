"""A phone (390×844): the plan's section menu opens from a button, «Esci» is on screen, and
the widest pages scroll their tables, not the whole page."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from openpiao.demo.loader import DEMO_PASSWORD
from openpiao.performance.models import Objective

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
PLAN = "/enti/casorate-primo/piani/2024/"
WIDE_PAGES = [
    "valutazione/",
    "rischi/",
    "trasparenza/",
    "capitale-umano/fabbisogni/",
    "capitale-umano/",
    "struttura/",
    "performance/",
    "documenti/",
]


@pytest.fixture
def phone(browser, demo_server):
    context = browser.new_context(locale="it-IT", base_url=demo_server.url, viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, "segretario", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="I miei enti")).to_be_visible()
    yield page
    context.close()


def overflow(page) -> int:
    """How many pixels the page is wider than the window (0: no sideways scrolling)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_the_section_menu_opens_from_a_button(phone):
    phone.goto(PLAN)
    menu = phone.get_by_role("navigation", name="Sezioni del piano")
    expect(menu.get_by_role("link", name="Rischi")).not_to_be_visible()
    phone.get_by_role("button", name=re.compile("menu", re.IGNORECASE)).click()
    expect(menu.get_by_role("link", name="Rischi")).to_be_visible()
    menu.get_by_role("link", name="Rischi").click()
    expect(phone).to_have_url(re.compile(r"/rischi/$"))


def test_the_logout_button_is_on_screen(phone):
    for path in ("/enti/", PLAN):
        phone.goto(path)
        box = phone.get_by_role("button", name="Esci").bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (path, box)
        assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], (path, box)


def test_the_scheda_obiettivo_does_not_scroll_sideways(phone):
    objective = Objective.objects.filter(plan__organization__slug="casorate-primo").order_by("pk").first()
    phone.goto(f"{PLAN}performance/obiettivi/{objective.pk}/")
    expect(phone.get_by_role("heading", name="Indicatori di risultato")).to_be_visible()
    assert overflow(phone) <= 0
    # The indicators' table is wider than the phone: its box scrolls and takes the focus.
    box = phone.locator(".table-responsive", has=phone.locator("#indicatori"))
    expect(box).to_have_attribute("tabindex", "0")
    assert box.evaluate("box => box.scrollWidth > box.clientWidth")


WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.mark.parametrize("path", WIDE_PAGES)
def test_wide_pages_do_not_scroll_sideways(phone, path):
    """The tables scroll in their boxes, which a keyboard can reach (axe: scrollable-region-focusable)."""
    phone.goto(PLAN + path)
    assert overflow(phone) <= 0, path
    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}}
    violations = Axe().run(phone, options=options).response["violations"]
    assert not violations, [(v["id"], v["nodes"][0]["target"]) for v in violations]
