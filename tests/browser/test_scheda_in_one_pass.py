"""A scheda obiettivo written in one pass in a real browser: 3 indicators, 5 phases and 4 staff
added on one page (htmx rows, static JS under the strict CSP), one row removed, one save."""

import re

import pytest
from playwright.sync_api import expect

from openpiao.demo.loader import DEMO_PASSWORD
from openpiao.organization_chart.models import Employee
from openpiao.performance.models import Indicator, Objective, Participation, Phase
from openpiao.plans.models import Plan
from tests import factories

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def add_row(page, table: str, index: int):
    """«Aggiungi riga» under `table`; returns the new row once the server's row is on the page."""
    page.locator(f'[data-formset-add="{table}"]').click()
    field = page.locator(f'[name="{table}-{index}-order"]')
    expect(field).to_be_visible()
    return field.locator("xpath=ancestor::fieldset[1]")


def test_three_indicators_five_phases_four_staff_one_row_removed_one_save(page):
    plan = Plan.objects.get(organization__slug="casorate-primo", first_year=2024)
    objective = factories.objective(plan, plan.units.order_by("pk").first(), with_details=False, number=900)
    staff = list(Employee.objects.filter(plan=plan).order_by("pk").values_list("pk", flat=True)[:4])
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    log_in(page, "segretario", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="I miei enti")).to_be_visible()
    page.goto(f"/enti/casorate-primo/piani/2024/performance/obiettivi/{objective.pk}/")
    page.get_by_role("link", name="Indicatori, fasi, personale e risorse").click()
    expect(page.get_by_role("heading", name="Indicatori, fasi, personale e risorse", level=1)).to_be_visible()
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)

    for n in range(3):
        row = page.locator('[name="indicatori-0-order"]').locator("xpath=ancestor::fieldset[1]")
        row = row if n == 0 else add_row(page, "indicatori", n)
        row.locator(f'[name="indicatori-{n}-order"]').fill(str(n + 1))
        row.locator(f'[name="indicatori-{n}-description"]').fill(f"Indicatore {n + 1}")
        row.locator(f'[name="indicatori-{n}-kind"]').select_option("number")
        row.locator(f'[name="indicatori-{n}-target_2024"]').fill(str(10 * (n + 1)))
    for n in range(6):
        row = page.locator('[name="fasi-0-order"]').locator("xpath=ancestor::fieldset[1]")
        row = row if n == 0 else add_row(page, "fasi", n)
        row.locator(f'[name="fasi-{n}-order"]').fill(str(n + 1))
        row.locator(f'[name="fasi-{n}-description"]').fill(f"Fase {n + 1}")
        row.locator(f'label[for="id_fasi-{n}-months_{n}"]').click()  # the month's box (styled)
    removed = page.locator('[name="fasi-5-order"]').locator("xpath=ancestor::fieldset[1]")
    removed.get_by_role("button", name="Rimuovi riga").click()
    expect(removed).to_be_hidden()
    for n, person in enumerate(staff):
        row = page.locator('[name="personale-0-order"], [name="personale-0-employee"]').first
        row = row.locator("xpath=ancestor::fieldset[1]") if n == 0 else None
        if row is None:
            page.locator('[data-formset-add="personale"]').click()
            expect(page.locator(f'[name="personale-{n}-employee"]')).to_be_visible()
            row = page.locator(f'[name="personale-{n}-employee"]').locator("xpath=ancestor::fieldset[1]")
        row.locator(f'[name="personale-{n}-employee"]').select_option(str(person))
        row.locator(f'[name="personale-{n}-percent"]').fill("25")
    expect(page.locator("#id_fasi-TOTAL_FORMS")).to_have_value("6")

    page.get_by_role("button", name="Salva", exact=True).click()

    expect(page.get_by_text("Scheda obiettivo salvata.")).to_be_visible()
    assert len(posts) == 1  # one save for the whole scheda
    assert list(
        Indicator.objects.filter(objective=objective).order_by("order").values_list("description", flat=True)
    ) == [
        "Indicatore 1",
        "Indicatore 2",
        "Indicatore 3",
    ]
    phases = Phase.objects.filter(objective=objective).order_by("order")
    assert [(p.description, p.months) for p in phases] == [(f"Fase {n}", [n]) for n in range(1, 6)]
    assert (
        sorted(Participation.objects.filter(objective=objective).values_list("employee_id", flat=True))
        == staff
    )
    assert Objective.objects.get(pk=objective.pk).version == 5
    expect(page.locator("#indicatori tbody tr")).to_have_count(3)
    expect(page).to_have_url(re.compile(rf"/obiettivi/{objective.pk}/$"))
    assert violations == []  # the rows come and go with htmx and a static script only
