"""The segretario imports objectives from the plan's workbook, in a real browser: one row is
refused with its sheet, row and column, the corrected file is previewed, imported, and the
objectives are on the plan's page."""

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from openpiao.demo.loader import DEMO_PASSWORD
from openpiao.performance.models import Objective

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Importing Casorate's whole plan takes seconds on a busy machine.
SLOW = 90_000


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def with_new_objectives(content: bytes, weight) -> bytes:
    """The downloaded workbook with two objectives added, as a user would type them."""
    book = load_workbook(io.BytesIO(content))
    sheet = book["Obiettivi"]
    headers = [c.value for c in sheet[1]]
    for number, title, peso in ((90, "Sportello unico digitale", "5"), (91, "Archivio ordinato", weight)):
        values = {
            "Unità": "amministrativo",
            "Numero": number,
            "Tipo": "Innovativo",
            "Titolo": title,
            "Peso": peso,
            "Dall'anno": 2024,
            "All'anno": 2024,
        }
        sheet.append([values.get(header) for header in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_segretario_fixes_the_refused_row_and_imports_the_objectives(page, tmp_path):
    log_in(page, "segretario", DEMO_PASSWORD)
    page.goto("/enti/casorate-primo/piani/2024/documenti/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Scarica il foglio compilato (XLSX)").click()
    original = download.value.path().read_bytes()
    rows = load_workbook(io.BytesIO(original))["Obiettivi"].max_row

    page.get_by_role("link", name="Importa il foglio di calcolo").click()
    wrong = tmp_path / "obiettivi.xlsx"
    wrong.write_bytes(with_new_objectives(original, "venti"))
    page.get_by_label("File da importare").set_input_files(str(wrong))
    page.get_by_role("button", name="Carica e verifica").click()
    problems = page.locator("#problemi")
    expect(problems).to_contain_text("nulla è stato salvato", timeout=SLOW)
    expect(problems).to_contain_text(
        f"Foglio Obiettivi, riga {rows + 2}, colonna Peso: atteso un numero (es. 1250,40), trovato «venti»."
    )
    assert not Objective.objects.filter(title="Sportello unico digitale").exists()

    fixed = tmp_path / "obiettivi-corretto.xlsx"
    fixed.write_bytes(with_new_objectives(original, "7,5"))
    page.get_by_label("File da importare").set_input_files(str(fixed))
    page.get_by_role("button", name="Carica e verifica").click()
    expect(page.get_by_role("heading", name="Anteprima dell'importazione")).to_be_visible(timeout=SLOW)
    expect(page.get_by_role("row", name=re.compile(r"^Obiettivi 26 28$"))).to_be_visible()
    assert not Objective.objects.filter(title="Sportello unico digitale").exists()

    page.get_by_role("button", name="Sostituisci il piano con il file").click()
    expect(page.get_by_role("heading", name=re.compile("Obiettivi di performance 2024"))).to_be_visible(
        timeout=SLOW
    )
    expect(page.get_by_text("Importazione completata")).to_be_visible()
    expect(page.get_by_text("Sportello unico digitale")).to_be_visible()
    expect(page.get_by_text("Archivio ordinato")).to_be_visible()
    assert str(Objective.objects.get(title="Archivio ordinato").weight) == "7.50"
