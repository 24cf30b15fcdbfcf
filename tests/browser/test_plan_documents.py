"""The segretario writes a section text twice and moves the plan through publication and
reopening, in a real browser: the row version travels hidden with every form."""

from datetime import date

import pytest
from playwright.sync_api import expect

from openpiao.demo.loader import DEMO_PASSWORD
from openpiao.documents.models import SectionText
from openpiao.plans.models import Plan, PlanStatus

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCUMENTS = "/enti/casorate-primo/piani/2024/documenti/"
STALE = "Qualcun altro ha modificato"


def no_version_box(page) -> None:
    """The row version is a hidden input: no visible box, no «Expected version» label."""
    expect(page.get_by_text("Expected version")).to_have_count(0)
    boxes = page.locator("input[name$='expected_version']")
    for index in range(boxes.count()):
        assert boxes.nth(index).get_attribute("type") == "hidden"
        expect(boxes.nth(index)).to_be_hidden()


def save_text(page, body: str) -> None:
    page.goto(DOCUMENTS + "testi/premesse/")
    no_version_box(page)
    page.get_by_label("Testo dell'ente").fill(body)
    page.get_by_role("button", name="Salva", exact=True).click()
    expect(page.get_by_text("Testo salvato: Premesse.")).to_be_visible()
    expect(page.get_by_text(STALE)).to_have_count(0)


def test_a_section_text_is_saved_again_and_again(page):
    log_in(page, "segretario", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="I miei enti")).to_be_visible()

    save_text(page, "Prima stesura delle premesse.")
    save_text(page, "Seconda stesura delle premesse, corretta.")

    page.goto(DOCUMENTS + "testi/premesse/")
    expect(page.get_by_label("Testo dell'ente")).to_have_value("Seconda stesura delle premesse, corretta.")
    text = SectionText.objects.get(plan__organization__slug="casorate-primo", section="premesse")
    assert text.body == "Seconda stesura delle premesse, corretta."


def test_adoption_publication_and_reopening_forms_hide_the_version(page):
    log_in(page, "segretario", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="I miei enti")).to_be_visible()

    page.goto(DOCUMENTS + "adozione/")
    expect(page.get_by_label("Numero della delibera di Giunta")).to_be_visible()
    no_version_box(page)

    # The demo plan does not pass the readiness check: adopted here as adopt_plan leaves it.
    Plan.objects.filter(organization__slug="casorate-primo", first_year=2024).update(
        status=PlanStatus.ADOPTED, resolution_number="12", resolution_date=date(2024, 1, 25)
    )
    page.goto(DOCUMENTS)
    no_version_box(page)
    page.get_by_role("button", name="Segna come pubblicato").click()
    expect(page.get_by_text("Piano segnato come pubblicato.")).to_be_visible()

    no_version_box(page)
    page.get_by_label("Motivo della modifica").fill("Aggiornamento della sottosezione 3.3.")
    page.get_by_role("button", name="Riapri per modifica (nuova versione)").click()
    expect(page.get_by_text("Piano riaperto in bozza")).to_be_visible()
    plan = Plan.objects.get(organization__slug="casorate-primo", first_year=2024)
    assert plan.status == PlanStatus.DRAFT


# What Word puts on the clipboard (trimmed): a heading, a list of Word's own kind, bold and
# italic in styled spans, a table; classes, styles and spans that must not survive.
WORD_HTML = """<html xmlns:o="urn:schemas-microsoft-com:office:office">
<head><style>p.MsoNormal{}</style></head><body><!--StartFragment-->
<h2 style="mso-margin-top-alt:auto">Il contesto esterno<o:p></o:p></h2>
<p class="MsoNormal"><span style="font-family:Calibri">La popolazione è <b>stabile</b> e
<span style="font-style:italic">anziana</span>.</span><o:p></o:p></p>
<p class="MsoListParagraphCxSpFirst" style="mso-list:l0 level1 lfo1"><span style="mso-list:Ignore">·
<span style="font:7.0pt">&nbsp;&nbsp;</span></span>prima voce</p>
<p class="MsoListParagraphCxSpLast" style="mso-list:l0 level1 lfo1"><span style="mso-list:Ignore">·
</span>seconda voce</p>
<table class="MsoTableGrid" border="1"><tr><td><p class="MsoNormal"><b>Anno</b></p></td>
<td><p class="MsoNormal"><b>Nati</b></p></td></tr>
<tr><td><p class="MsoNormal">2023</p></td><td><p class="MsoNormal">71</p></td></tr></table>
<!--EndFragment--></body></html>"""

PASTED = """### Il contesto esterno

La popolazione è **stabile** e *anziana*.

- prima voce
- seconda voce

| **Anno** | **Nati** |
| 2023 | 71 |"""


def test_a_paste_from_word_keeps_headings_lists_and_tables(page):
    log_in(page, "segretario", DEMO_PASSWORD)
    page.goto(DOCUMENTS + "testi/4/")
    box = page.get_by_label("Testo dell'ente")
    box.fill("")
    box.focus()
    page.evaluate(
        """html => {
            const data = new DataTransfer();
            data.setData("text/html", html);
            data.setData("text/plain", "testo semplice");
            document.activeElement.dispatchEvent(
                new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        WORD_HTML,
    )
    expect(box).to_have_value(PASTED)
    page.get_by_role("button", name="Salva", exact=True).click()
    text = SectionText.objects.get(plan__organization__slug="casorate-primo", section="4")
    assert text.body == PASTED
    # The preview shows the table the printed plan will hold.
    page.goto(DOCUMENTS + "testi/4/")
    expect(page.locator("table td", has_text="71")).to_be_visible()
    expect(page.locator("h3", has_text="Il contesto esterno")).to_be_visible()
