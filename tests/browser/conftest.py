"""Browser tests: Debian's Chromium driven by Playwright against Django's live server."""

import os
import shutil

import pytest

from openpiao.demo.loader import load_demo
from openpiao.organizations.models import Organization

# Playwright's sync API keeps an event loop running in this thread; the ORM calls the tests
# make around it are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def demo_server(live_server, transactional_db):
    """The live server with the demo comuni (a transactional test flushes them afterwards).

    Every plan stays a draft: Valdoria's adoption prints its PDF, seconds that only the tests
    of the public pages need (`published_demo_server`).
    """
    if not Organization.objects.filter(slug="casorate-primo").exists():
        load_demo(adopt=False)
    return live_server


@pytest.fixture
def published_demo_server(live_server, transactional_db):
    """The live server with the whole demo, Valdoria's plan adopted and published."""
    load_demo()
    return live_server


@pytest.fixture
def page(browser, demo_server):
    context = browser.new_context(locale="it-IT", base_url=demo_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def log_in(page, username: str, password: str) -> None:
    page.goto("/accesso/")
    page.get_by_label("Nome utente").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Accedi").click()
