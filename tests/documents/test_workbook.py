"""The plan's workbook (XLSX): download, round trip, upload with preview, row-level problems.

The round trip is measured on Casorate Primo 2024-2026: its workbook, imported, gives the same
workbook again (every cell of every sheet) and the same plan document.
"""

import io
import json
import shutil
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from openpiao.core.exchange import Audience, ImportProblem
from openpiao.documents import workbook
from openpiao.documents.workbook import import_workbook, plan_workbook
from openpiao.performance.models import ObjectiveKind
from openpiao.plans.json_document import export_plan_json
from openpiao.risk.models import Level
from tests import factories
from tests.page_forms import page_form

SHEETS = [
    "Obiettivi",
    "Indicatori",
    "Fasi",
    "Personale",
    "Dipendenti",
    "Processi",
    "Valutazioni",
    "Trasparenza",
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def cells(content: bytes) -> dict[str, list[list]]:
    book = load_workbook(io.BytesIO(content))
    return {sheet.title: [[c.value for c in row] for row in sheet.iter_rows()] for sheet in book.worksheets}


def edited(content: bytes, change) -> bytes:
    """The workbook after `change(book)`, saved as a spreadsheet program would."""
    book = load_workbook(io.BytesIO(content))
    change(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def row_of(book, sheet: str, column: str, value) -> int:
    headers = [c.value for c in book[sheet][1]]
    position = headers.index(column)
    return next(r[0].row for r in book[sheet].iter_rows(min_row=2) if r[position].value == value)


def set_cell(book, sheet: str, row: int, column: str, value):
    headers = [c.value for c in book[sheet][1]]
    book[sheet].cell(row=row, column=headers.index(column) + 1, value=value)


def document(plan) -> dict:
    return json.loads(export_plan_json(plan, audience=Audience.BACKUP))


def problems_of(plan, content: bytes) -> list[str]:
    with pytest.raises(ImportProblem) as refused:
        import_workbook(plan, content, user=None, preview=True)
    return refused.value.problems


def test_round_trip_export_import_export_is_identical(casorate):
    first = plan_workbook(casorate)
    before = document(casorate)
    outcome = import_workbook(casorate, first, user=None, preview=False)
    casorate.refresh_from_db()
    second = plan_workbook(casorate)
    got, again = cells(first), cells(second)
    rows = {title: len(got[title]) - 1 for title in SHEETS}
    print("\nRound trip di Casorate Primo 2024-2026, righe per foglio:", rows)
    assert rows == {
        "Obiettivi": 26,
        "Indicatori": 110,
        "Fasi": 66,
        "Personale": 95,
        "Dipendenti": 29,
        "Processi": 14,
        "Valutazioni": 13,
        "Trasparenza": 123,
    }
    assert got == again
    assert document(casorate) == before
    assert outcome.replacing and outcome.created == outcome.replaced  # every kind of row, users and votes too


def test_the_workbook_has_instructions_and_lists(casorate):
    book = load_workbook(io.BytesIO(plan_workbook(casorate, empty=True)))
    assert book.sheetnames == ["Istruzioni", *SHEETS, "Elenchi"]
    assert all(book[title].max_row == 1 for title in SHEETS)  # headers only
    help_text = "\n".join(str(row[0].value) for row in book["Istruzioni"].iter_rows())
    assert "nulla viene salvato" in help_text and "Foglio «Obiettivi»" in help_text
    lists = {column[0].value: [c.value for c in column[1:] if c.value] for column in book["Elenchi"].columns}
    assert lists["Unità"] == [u.code for u in casorate.units.order_by("order", "code")]
    assert lists["Livelli di rischio"] == [label for _, label in Level.choices]
    assert lists["Tipi di obiettivo"] == [label for _, label in ObjectiveKind.choices]
    assert lists["Sì/No"] == ["Sì", "No"]
    validations = {str(v.sqref): v.formula1 for v in book["Obiettivi"].data_validations.dataValidation}
    assert any(formula.startswith("'Elenchi'!$") for formula in validations.values())
    levels = [v for v in book["Valutazioni"].data_validations.dataValidation if v.showErrorMessage]
    assert levels, "i livelli di rischio sono scelti da un elenco"


def test_texts_that_look_like_formulas_stay_texts(casorate):
    casorate.objectives.filter(pk=casorate.objectives.first().pk).update(title="=SOMMA(A1:A3)")
    book = load_workbook(io.BytesIO(plan_workbook(casorate)))
    cell = next(c for row in book["Obiettivi"].iter_rows() for c in row if c.value == "=SOMMA(A1:A3)")
    assert cell.data_type == "s" and cell.quotePrefix
    # And it is read back as the text it is.
    import_workbook(casorate, plan_workbook(casorate), user=None, preview=False)
    assert casorate.objectives.filter(title="=SOMMA(A1:A3)").exists()


def test_a_bad_cell_is_named_by_sheet_row_and_column_and_nothing_is_saved(casorate):
    content = plan_workbook(casorate)
    book = load_workbook(io.BytesIO(content))
    row = row_of(book, "Obiettivi", "Numero", 1)
    before = document(casorate)

    def change(book):
        set_cell(book, "Obiettivi", row, "Peso", "tanto")
        set_cell(book, "Obiettivi", row + 1, "Dall'anno", 1800)

    problems = problems_of(casorate, edited(content, change))
    assert (
        f"Foglio Obiettivi, riga {row}, colonna Peso: atteso un numero (es. 1250,40), trovato «tanto»."
        in problems
    )
    assert len(problems) == 1  # the reader's problems first: the import does not run on them
    problems = problems_of(
        casorate, edited(content, lambda b: set_cell(b, "Obiettivi", row + 1, "Dall'anno", 1800))
    )
    assert any(p.startswith(f"Foglio Obiettivi, riga {row + 1}, colonna Dall'anno: ") for p in problems), (
        problems
    )
    assert document(casorate) == before


def test_problems_of_the_import_are_told_by_cell(casorate):
    content = plan_workbook(casorate)
    book = load_workbook(io.BytesIO(content))
    indicator = 2 + 3
    employee = row_of(book, "Dipendenti", "Codice", casorate.employees.order_by("key").first().key)

    def change(book):
        set_cell(book, "Indicatori", indicator, "Valore atteso 2024", "moltissimi")
        set_cell(book, "Indicatori", indicator, "Tipo", "Numero")
        set_cell(book, "Dipendenti", employee, "Unità", "NESSUNA")
        set_cell(book, "Personale", 2, "Numero", 99)

    problems = problems_of(casorate, edited(content, change))
    assert any(
        p.startswith(f"Foglio Indicatori, riga {indicator}, colonna Valore atteso 2024: ") for p in problems
    ), problems
    assert (
        f"Foglio Dipendenti, riga {employee}, colonna Unità: unità «NESSUNA» non presente nel documento."
        in problems
    )
    assert any(p.startswith("Foglio Personale, riga 2: l'obiettivo n. 99") for p in problems)


def hostile(content: bytes, name: str) -> bytes:
    """Workbooks a user (or anyone) may upload, each wrong in one way."""

    def formula(book):
        book["Obiettivi"]["G2"] = "=1+1"

    def merged(book):
        book["Fasi"].merge_cells("C2:D2")

    def missing_sheet(book):
        del book["Dipendenti"]

    def missing_column(book):
        book["Processi"]["A1"] = "Codice processo"

    def wrong_types(book):
        set_cell(book, "Obiettivi", 2, "Numero", "primo")
        set_cell(book, "Obiettivi", 3, "Semplificazione", "forse")
        set_cell(book, "Fasi", 2, "Mesi", "gennaio")
        set_cell(book, "Indicatori", 2, "Verso", "in su")

    def dates_as_text(book):
        set_cell(book, "Dipendenti", 2, "Data di assunzione", "1 marzo 2010")
        set_cell(book, "Dipendenti", 3, "Data di assunzione", "31/02/2010")

    def duplicate_objective(book):
        sheet = book["Obiettivi"]
        sheet.append([c.value for c in sheet[2]])

    def error_cell(book):
        book["Obiettivi"]["G2"] = "#DIV/0!"
        book["Obiettivi"]["G2"].data_type = "e"

    changes = {
        "formula": formula,
        "merged": merged,
        "missing_sheet": missing_sheet,
        "missing_column": missing_column,
        "wrong_types": wrong_types,
        "dates_as_text": dates_as_text,
        "duplicate_objective": duplicate_objective,
        "error_cell": error_cell,
    }
    return edited(content, changes[name])


HOSTILE = {
    "formula": ["Foglio Obiettivi, riga 2, colonna Peso: la cella contiene una formula: scrivete il valore."],
    "merged": ["Foglio Fasi: ci sono celle unite (C2:D2): dividetele, un dato per cella."],
    "missing_sheet": ["Foglio Dipendenti: manca il foglio (non rinominate né eliminate i fogli)."],
    "missing_column": ["Foglio Processi, riga 1: manca la colonna «Codice»."],
    "wrong_types": [
        "Foglio Obiettivi, riga 2, colonna Numero: atteso un numero intero, trovato «primo».",
        "Foglio Obiettivi, riga 3, colonna Semplificazione: atteso «Sì» o «No», trovato «forse».",
        "Foglio Indicatori, riga 2, colonna Verso: valore «in su» non ammesso: uno tra «≥ almeno», "
        "«≤ al massimo», «= esattamente».",
        "Foglio Fasi, riga 2, colonna Mesi: mesi non validi «gennaio»: numeri da 1 a 12 separati da virgola.",
    ],
    "dates_as_text": [
        "Foglio Dipendenti, riga 2, colonna Data di assunzione: attesa una data (gg/mm/aaaa), "
        "trovato «1 marzo 2010».",
        "Foglio Dipendenti, riga 3, colonna Data di assunzione: data inesistente «31/02/2010».",
    ],
    "duplicate_objective": [
        "Foglio Obiettivi, riga 28: l'obiettivo n. {number} dell'unità «{unit}» è già alla riga 2"
    ],
    "error_cell": [
        "Foglio Obiettivi, riga 2, colonna Peso: la cella contiene un errore (#DIV/0!): scrivete il valore."
    ],
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_workbooks_are_refused_with_their_cells_and_nothing_is_saved(casorate, name):
    content = plan_workbook(casorate)
    book = load_workbook(io.BytesIO(content))
    first = {
        c.value: book["Obiettivi"].cell(row=2, column=n + 1).value for n, c in enumerate(book["Obiettivi"][1])
    }
    before = document(casorate)
    problems = problems_of(casorate, hostile(content, name))
    for expected in HOSTILE[name]:
        expected = expected.format(number=first["Numero"], unit=first["Unità"])
        assert any(p.startswith(expected) for p in problems), (expected, problems)
    assert document(casorate) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a zip at all", "Il file non è una cartella di lavoro Excel (.xlsx)"),
        (b"PK\x03\x04" + b"\x00" * 100, "Il file non è una cartella di lavoro Excel (.xlsx)"),
    ],
)
def test_files_that_are_not_workbooks_are_refused(casorate, content, message):
    assert any(p.startswith(message) for p in problems_of(casorate, content))


def test_huge_files_are_refused_before_they_are_opened(casorate, settings, monkeypatch):
    content = plan_workbook(casorate)
    settings.IMPORT_MAX_BYTES = len(content) - 1
    assert problems_of(casorate, content) == ["Il file è troppo grande."]
    settings.IMPORT_MAX_BYTES = 10 * 1024 * 1024
    monkeypatch.setattr(workbook, "MAX_UNZIPPED_BYTES", 1000)  # a zip bomb expands past it
    assert "troppi dati" in problems_of(casorate, content)[0]
    monkeypatch.setattr(workbook, "MAX_UNZIPPED_BYTES", 100 * 1024 * 1024)
    monkeypatch.setattr(workbook, "MAX_ROWS", 50)
    assert "Foglio Indicatori: troppe righe (111; al massimo 50)." in problems_of(casorate, content)


def test_dates_and_numbers_written_as_text_are_read_as_a_person_writes_them(casorate):
    content = plan_workbook(casorate)
    book = load_workbook(io.BytesIO(content))
    key = casorate.employees.order_by("key").first().key
    row = row_of(book, "Dipendenti", "Codice", key)

    def change(book):
        set_cell(book, "Dipendenti", row, "Data di assunzione", "01/03/2010")
        set_cell(book, "Dipendenti", row, "Costo orario (€)", "1.021,50 €")
        set_cell(book, "Dipendenti", row, "Titolare di E.Q.", "x")

    import_workbook(casorate, edited(content, change), user=None, preview=False)
    employee = casorate.employees.get(key=key)
    assert str(employee.start_date) == "2010-03-01"
    assert str(employee.hourly_cost) == "1021.50" and employee.is_eq_holder


def test_the_download_costs_the_same_queries_whatever_the_size(casorate, django_assert_max_num_queries):
    plan = factories.clean_plan()
    with CaptureQueriesContext(connection) as small:
        plan_workbook(plan)
    unit = plan.units.first()
    for _ in range(5):
        factories.objective(plan, unit)
    with CaptureQueriesContext(connection) as large:
        plan_workbook(plan)
    assert len(large) == len(small)


def test_the_preview_adds_no_queries_per_row_to_the_import(db, monkeypatch):
    """The preview is the import rolled back; reading the workbook and the plan around it costs
    the same queries whatever the number of rows."""
    imported = []
    real = workbook.import_into

    def counted(document, **kwargs):
        with CaptureQueriesContext(connection) as queries:
            outcome = real(document, **kwargs)
        imported.append(len(queries))
        return outcome

    monkeypatch.setattr(workbook, "import_into", counted)
    plan = factories.clean_plan()
    around = []
    for _ in range(2):
        content = plan_workbook(plan)
        with CaptureQueriesContext(connection) as everything:
            import_workbook(plan, content, user=None, preview=True)
        around.append(len(everything) - imported[-1])
        for _ in range(5):
            factories.objective(plan, plan.units.first())
    assert around[0] == around[1], around


# --- the pages ---------------------------------------------------------------------------------------


def _import_url(plan):
    return reverse("documents:workbook_import", args=[plan.organization.slug, plan.first_year])


def test_download_and_upload_through_the_pages(secretary_client, casorate):
    download = secretary_client.get(reverse("documents:workbook", args=["casorate-primo", 2024]))
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="casorate-primo-piao-2024-2026-foglio.xlsx"' in download["Content-Disposition"]
    content = edited(
        download.content, lambda b: set_cell(b, "Obiettivi", 2, "Titolo", "Nuovo titolo dal foglio")
    )
    page = secretary_client.get(_import_url(casorate))
    preview = secretary_client.post(
        _import_url(casorate), page_form(page, file=SimpleUploadedFile("foglio.xlsx", content))
    )
    assert "Anteprima dell'importazione" in preview.content.decode()
    assert "le righe dei fogli prendono il posto di quelle del" in preview.content.decode()
    assert not casorate.objectives.filter(title="Nuovo titolo dal foglio").exists()
    done = secretary_client.post(_import_url(casorate), page_form(preview, index=-2))
    assert done["Location"] == reverse("performance:objectives", args=["casorate-primo", 2024])
    assert casorate.objectives.filter(title="Nuovo titolo dal foglio").exists()


def test_the_page_lists_the_problems_of_a_refused_workbook(secretary_client, casorate):
    content = edited(plan_workbook(casorate), lambda b: set_cell(b, "Obiettivi", 3, "Peso", "molto"))
    page = secretary_client.get(_import_url(casorate))
    response = secretary_client.post(
        _import_url(casorate), page_form(page, file=SimpleUploadedFile("foglio.xlsx", content))
    )
    html = response.content.decode()
    assert "Foglio Obiettivi, riga 3, colonna Peso: atteso un numero (es. 1250,40), trovato «molto»." in html
    assert 'name="ticket"' not in html


def test_the_documents_page_links_the_workbook_for_editors(client, casorate, make_member):
    index = reverse("documents:index", args=["casorate-primo", 2024])
    client.force_login(make_member(casorate.organization, "secretary"))
    assert _import_url(casorate) in client.get(index).content.decode()
    client.force_login(make_member(casorate.organization, "unit_head"))
    assert _import_url(casorate) not in client.get(index).content.decode()


# --- LibreOffice --------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice non installato")
def test_libreoffice_opens_the_workbook_and_its_copy_imports_the_same(casorate, tmp_path):
    source = tmp_path / "foglio.xlsx"
    source.write_bytes(plan_workbook(casorate))
    out = tmp_path / "libreoffice"
    profile = f"-env:UserInstallation=file://{tmp_path}/profile"
    for target in ("csv", "xlsx"):
        subprocess.run(
            ["soffice", profile, "--headless", "--convert-to", target, "--outdir", str(out), str(source)],
            check=True,
            capture_output=True,
            timeout=180,
        )
    csv = (out / "foglio.csv").read_text(encoding="utf-8", errors="replace")
    assert "Foglio di calcolo del piano (OpenPIAO)" in csv  # the first sheet, the instructions
    resaved = (out / "foglio.xlsx").read_bytes()
    sheets = workbook._sheets(casorate)
    ours = workbook.read_sheets(source.read_bytes(), sheets)
    theirs = workbook.read_sheets(resaved, sheets)
    assert theirs.problems == [] and theirs.rows == ours.rows
    before = document(casorate)
    import_workbook(casorate, resaved, user=None, preview=False)
    assert document(casorate) == before


def test_the_previewed_workbook_imports_only_into_the_plan_it_was_previewed_for(secretary_client, casorate):
    """The confirmation's ticket names the plan: the file checked against one triennium is not
    written, unchecked, into another plan of the same ente."""
    from openpiao.plans import rollover

    following, _, _ = rollover.roll_over(source=casorate, chosen=rollover.default_choices(), user=None)
    content = edited(plan_workbook(casorate), lambda b: set_cell(b, "Obiettivi", 2, "Titolo", "Dal foglio"))
    page = secretary_client.get(_import_url(casorate))
    preview = secretary_client.post(
        _import_url(casorate), page_form(page, file=SimpleUploadedFile("foglio.xlsx", content))
    )
    confirmation = page_form(preview, index=-2)
    assert confirmation["ticket"]
    refused = secretary_client.post(_import_url(following), confirmation)
    assert refused.status_code == 200
    assert "non è più disponibile" in refused.content.decode()
    assert not following.objectives.filter(title="Dal foglio").exists()
    done = secretary_client.post(_import_url(casorate), confirmation)  # the plan it was previewed for
    assert done.status_code == 302 and casorate.objectives.filter(title="Dal foglio").exists()
