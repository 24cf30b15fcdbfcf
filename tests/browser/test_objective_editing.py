"""The segretario edits an indicator's target on the scheda obiettivo, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from openpiao.demo.loader import DEMO_PASSWORD
from openpiao.performance.models import IndicatorTarget

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_first_indicator_editor(page):
    page.get_by_role("link", name="Comune di Casorate Primo").click()
    page.get_by_role("link", name="PIAO 2024-2026").first.click()
    page.get_by_role("link", name="Performance").first.click()
    expect(page.get_by_role("heading", name=re.compile("Obiettivi di performance 2024"))).to_be_visible()
    page.get_by_role("link", name=re.compile("Innovazione servizi demografici", re.IGNORECASE)).click()
    expect(page.get_by_role("heading", name="Indicatori di risultato")).to_be_visible()
    row = page.locator("#indicatori tbody tr").first
    row.get_by_role("button", name=re.compile("^Modifica")).click()
    return page.locator("#indicatori form")


def test_segretario_changes_a_target_and_a_wrong_value_is_refused(page):
    log_in(page, "segretario", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="I miei enti")).to_be_visible()

    form = open_first_indicator_editor(page)
    target = form.get_by_label("valore atteso 2024")
    target.fill("1250")
    form.get_by_role("button", name="Salva indicatore").click()
    row = page.locator("#indicatori tbody tr").first
    expect(row).to_contain_text("Salvato")
    expect(row.locator('td[data-year="2024"]')).to_have_text("1250")
    assert IndicatorTarget.objects.filter(value="1250", year=2024).exists()

    page.reload()
    expect(page.locator("#indicatori tbody tr").first.locator('td[data-year="2024"]')).to_have_text("1250")

    form = open_first_indicator_editor_again(page)
    form.get_by_label("valore atteso 2024").fill("moltissime")
    form.get_by_role("button", name="Salva indicatore").click()
    error = page.locator("#indicatori .invalid-feedback")
    expect(error).to_contain_text("Il valore atteso deve contenere un numero")
    expect(page.locator("#indicatori input.is-invalid")).to_have_attribute("aria-invalid", "true")
    assert IndicatorTarget.objects.filter(value="1250", year=2024).exists()
    assert not IndicatorTarget.objects.filter(value="moltissime").exists()


def open_first_indicator_editor_again(page):
    row = page.locator("#indicatori tbody tr").first
    row.get_by_role("button", name=re.compile("^Modifica")).click()
    return page.locator("#indicatori form")
