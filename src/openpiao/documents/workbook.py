"""The plan's spreadsheet parts as an XLSX workbook (openpyxl): objectives with indicators,
targets, phases and staff; employees; risk register; transparency map.

The workbook is a view of the plan's JSON document (docs/export-format.md), not a second model:
`write_workbook` lays rows of the exported document out as sheets, `read_workbook` reads the
sheets back into the same rows and puts them in place of those of the current document, and the
JSON import (`plans.json_document.import_into`) checks and saves the result like any uploaded
document. What the workbook does not show (resources of an objective, measures, reviews …) comes
from the current plan unchanged. The import's problems, which name JSON paths, are told back as
«Foglio Obiettivi, riga 7, colonna Peso: …».
"""

import io
import json
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from openpiao.core.exchange import Audience, ImportProblem, max_bytes
from openpiao.core.spreadsheets import put
from openpiao.organization_chart.models import ContractType, Employee, Gender, StaffArea
from openpiao.performance.models import Direction, IndicatorKind, ObjectiveKind
from openpiao.plans.json_document import ImportOutcome, export_plan, import_into
from openpiao.plans.models import Plan
from openpiao.risk.models import Level, RiskArea, RiskIndicator
from openpiao.transparency.models import Duty

# Past these, a workbook is not a plan of a comune: refused before openpyxl expands it.
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_ROWS = 5000
MAX_PROBLEMS = 200
YES, NO = "Sì", "No"
LISTS_SHEET = "Elenchi"
HELP_SHEET = "Istruzioni"


@dataclass(frozen=True)
class Column:
    """A column: its header, the field of the document's row it holds (dots for nested keys:
    `targets.2024`) and how a cell reads (`kind`). A `computed` column is written for the reader
    and ignored on upload."""

    header: str
    field: str
    kind: str = "text"  # text, int, dec, bool, date, choice, codes, months, lines
    choices: tuple[tuple[str, str], ...] = ()  # (code, label)
    values: str = ""  # the list of allowed values in the Elenchi sheet (data validation)
    width: int = 16
    computed: bool = False
    note: str = ""


@dataclass(frozen=True)
class Sheet:
    title: str
    about: str
    columns: tuple[Column, ...]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.field == name)


def _choices(choices) -> tuple[tuple[str, str], ...]:
    pairs = choices.choices if hasattr(choices, "choices") else choices
    return tuple((str(code), str(label)) for code, label in pairs)


OLD_CATEGORIES = _choices(Employee._meta.get_field("old_category").choices)


OBJECTIVE_KEY = (
    Column("Unità", "unit", values="units", width=10, note="codice dell'unità organizzativa responsabile"),
    Column("Numero", "number", "int", width=9, note="numero dell'obiettivo nell'unità"),
)


def sheets_for(years: Iterable[int], risk_indicators: list[str]) -> list[Sheet]:
    """The sheets of a plan whose triennium is `years`, with the ente's risk indicators."""
    targets = tuple(
        Column(f"Valore atteso {year}", f"targets.{year}", width=14, note="come scritto nella scheda")
        for year in years
    )
    judgments = tuple(
        column
        for code in risk_indicators
        for column in (
            Column(code, f"judgments.{code}.level", "choice", _choices(Level), "levels", width=8),
            Column(f"{code} motivazione", f"judgments.{code}.reason", width=24),
        )
    )
    return [
        Sheet(
            "Obiettivi",
            "una riga per obiettivo di performance (scheda obiettivo)",
            (
                *OBJECTIVE_KEY,
                Column("Tipo", "kind", "choice", _choices(ObjectiveKind), "objective_kinds", 18),
                Column("Titolo", "title", width=40, note="descrizione sintetica"),
                Column("Descrizione", "description", width=40, note="descrizione e finalità"),
                Column("Obiettivo strategico", "strategic_objective", values="strategic", width=12),
                Column("Peso", "weight", "dec", width=8),
                Column("Dall'anno", "first_year", "int", width=9),
                Column("All'anno", "last_year", "int", width=9),
                Column("Settori coinvolti", "co_units", "codes", width=14, note="codici separati da virgola"),
                Column("Centro di costo", "cost_centre"),
                Column("Capitolo PEG", "budget_chapter"),
                Column("Importo (€)", "budget_amount", "dec", width=12),
                Column("Semplificazione", "simplification", "bool", values="yes_no", width=10),
                Column("Digitalizzazione", "digitalisation", "bool", values="yes_no", width=10),
                Column("Accessibilità", "accessibility", "bool", values="yes_no", width=10),
                Column("Pari opportunità", "equal_opportunity", "bool", values="yes_no", width=10),
                Column("Lavoro agile", "remote_workable", "bool", values="yes_no", width=10),
                Column("Sistema premiante", "reward_note", width=24),
                Column(
                    "Titolo nell'elenco del centro",
                    "list_title",
                    width=30,
                    note="se diverso dalla descrizione sintetica",
                ),
                Column(
                    "Ufficio",
                    "office",
                    values="units",
                    width=10,
                    note="codice dell'ufficio interno all'unità che cura l'obiettivo, se il piano lo indica",
                ),
            ),
        ),
        Sheet(
            "Indicatori",
            "gli indicatori di ogni obiettivo, nell'ordine della scheda, con i valori attesi per anno",
            (
                *OBJECTIVE_KEY,
                Column("Descrizione", "description", width=40),
                Column("Tipo", "kind", "choice", _choices(IndicatorKind), "indicator_kinds", 14),
                Column("Verso", "direction", "choice", _choices(Direction), "directions", 16),
                Column("Unità di misura", "measure_unit", width=12),
                Column("Valore di partenza", "baseline", width=12),
                Column("Peso", "weight", "dec", width=8),
                *targets,
            ),
        ),
        Sheet(
            "Fasi",
            "le fasi di attuazione di ogni obiettivo (cronoprogramma), nell'ordine della scheda",
            (
                *OBJECTIVE_KEY,
                Column("Fase", "description", width=40),
                Column(
                    "Mesi", "months", "months", width=14, note="numeri dei mesi (1-12) separati da virgola"
                ),
                Column("Tempi (testo)", "schedule_note", width=20),
            ),
        ),
        Sheet(
            "Personale",
            "il personale coinvolto in ogni obiettivo",
            (
                *OBJECTIVE_KEY,
                Column("Dipendente", "employee", values="employees", width=14, note="codice del dipendente"),
                Column("% partecipazione", "percent", "dec", width=12),
                Column("Ore", "hours", "dec", width=8),
                Column("Costo orario (€)", "hourly_cost", "dec", width=12),
            ),
        ),
        Sheet(
            "Dipendenti",
            "una riga per dipendente (sezione 3.1)",
            (
                Column("Codice", "key", width=14, note="identifica il dipendente negli altri fogli"),
                Column("Cognome", "last_name"),
                Column("Nome", "first_name"),
                Column("Genere", "gender", "choice", _choices(Gender), "genders", 8),
                Column("Unità", "unit", values="units", width=10),
                Column("Area CCNL 2022", "area", "choice", _choices(StaffArea), "areas", 20),
                Column("Ex categoria", "old_category", "choice", OLD_CATEGORIES, "categories", 8),
                Column("Ex posizione economica", "economic_position", width=10),
                Column("Qualifica", "job_title", width=24),
                Column("Profilo professionale", "profile", width=24),
                Column("Titolare di E.Q.", "is_eq_holder", "bool", values="yes_no", width=10),
                Column("% tempo parziale", "part_time_pct", "dec", width=10, note="100 = tempo pieno"),
                Column("Contratto", "contract_type", "choice", _choices(ContractType), "contracts", 16),
                Column("Data di assunzione", "start_date", "date", width=12),
                Column("Data di cessazione", "end_date", "date", width=12),
                Column("Costo orario (€)", "hourly_cost", "dec", width=12),
                Column(
                    "Titolo",
                    "honorific",
                    width=10,
                    note="es. Dott.ssa, Arch.: stampato col nome del responsabile",
                ),
            ),
        ),
        Sheet(
            "Processi",
            "il registro dei rischi: una riga per processo, con i suoi eventi rischiosi",
            (
                Column("Codice", "code", width=12),
                Column("Area di rischio", "area", values="risk_areas", width=10, note="codice PNA, es. L16A"),
                Column("Unità", "unit", values="units", width=10),
                Column("Processo", "name", width=36),
                Column("Descrizione", "description", width=30),
                Column("Input", "input", width=20),
                Column("Fasi e attività", "activities", width=30),
                Column("Output", "output", width=20),
                Column("Responsabile", "owner", width=20),
                Column("Valore pubblico", "public_value", "bool", values="yes_no", width=10),
                Column("Ordine", "order", "int", width=8),
                Column("Mappa tipo", "template", width=10, note="codice del processo della mappa tipo"),
                Column("Eventi rischiosi", "events", "lines", width=40, note="uno per riga nella cella"),
            ),
        ),
        Sheet(
            "Valutazioni",
            "la valutazione del rischio di ogni processo per anno: i giudizi sugli indicatori "
            "(alto, medio, basso) e il giudizio del RPCT; il giudizio sintetico è calcolato",
            (
                Column("Processo", "process", values="processes", width=12),
                Column("Anno", "year", "int", width=8),
                *judgments,
                Column("Motivazione del giudizio", "motivation", width=30),
                Column(
                    "Giudizio calcolato", "computed_level", "choice", _choices(Level), width=10, computed=True
                ),
                Column("Giudizio del RPCT", "override_level", "choice", _choices(Level), "levels", 10),
                Column("Motivazione del RPCT", "override_motivation", width=30),
            ),
        ),
        Sheet(
            "Trasparenza",
            "la mappa degli obblighi di pubblicazione con le unità responsabili",
            (
                Column("Obbligo", "duty", width=18, note="codice del catalogo AgID/DAF"),
                Column("Denominazione", "duty_name", width=40, computed=True),
                Column("Unità che elabora e trasmette", "producing_unit", values="units", width=12),
                Column("Unità che pubblica", "publishing_unit", values="units", width=12),
                Column("Pagina", "page_url", width=30),
                Column("Ultima pubblicazione", "last_published", "date", width=12),
                Column("Ultimo atto da pubblicare", "last_change", "date", width=12),
                Column("Non applicabile", "not_applicable", "bool", values="yes_no", width=10),
                Column("Motivo", "not_applicable_reason", width=30),
            ),
        ),
    ]


# --- from the document to the sheets -------------------------------------------------------------


def _get(row: dict, name: str):
    value = row
    for part in name.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _put_field(row: dict, name: str, value) -> None:
    *parents, last = name.split(".")
    for part in parents:
        row = row.setdefault(part, {})
    row[last] = value


def sheet_rows(document: dict) -> dict[str, list[dict]]:
    """The rows of each sheet, as document rows (the objective's key on its children)."""
    objectives = document.get("objectives") or []

    def children(name):
        return [
            {"unit": o["unit"], "number": o["number"], **child}
            for o in objectives
            for child in o.get(name) or []
        ]

    return {
        "Obiettivi": objectives,
        "Indicatori": children("indicators"),
        "Fasi": children("phases"),
        "Personale": children("participations"),
        "Dipendenti": document.get("employees") or [],
        "Processi": document.get("risk_processes") or [],
        "Valutazioni": [
            {"process": p["code"], **a}
            for p in document.get("risk_processes") or []
            for a in p.get("assessments") or []
        ],
        "Trasparenza": document.get("transparency_map") or [],
    }


def _cell_value(column: Column, value):
    if value in (None, "", []):
        return None
    if column.kind == "bool":
        return YES if value else NO
    if column.kind == "dec":
        return Decimal(str(value))
    if column.kind == "date":
        return date.fromisoformat(value)
    if column.kind == "choice":
        return dict(column.choices).get(value, value)
    if column.kind in ("codes", "months"):
        return ", ".join(str(v) for v in value)
    if column.kind == "lines":
        return "\n".join(value)
    return value


HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")


def write_workbook(
    document: dict, sheets: list[Sheet], lists: dict[str, list[str]], *, empty: bool = False
) -> bytes:
    """The workbook of the document's rows (none if `empty`), with the instructions and the lists
    every column of codes or choices is validated against."""
    book = Workbook()
    book.remove(book.active)
    _write_help(book.create_sheet(HELP_SHEET), sheets)
    rows = {} if empty else sheet_rows(document)
    list_columns = _write_lists(book, sheets, lists)
    for spec in sheets:
        sheet = book.create_sheet(spec.title, index=len(book.sheetnames) - 1)
        for number, column in enumerate(spec.columns, start=1):
            cell = put(sheet, 1, number, column.header)
            cell.font = Font(bold=True, italic=column.computed)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            sheet.column_dimensions[get_column_letter(number)].width = column.width
        for index, row in enumerate(rows.get(spec.title, []), start=2):
            for number, column in enumerate(spec.columns, start=1):
                cell = put(sheet, index, number, _cell_value(column, _get(row, column.field)))
                if column.kind == "date":
                    cell.number_format = "DD/MM/YYYY"
                elif column.kind in ("lines", "text") and column.width >= 30:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
        _add_validations(sheet, spec, list_columns)
    return _saved(book)


def _saved(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _write_help(sheet, sheets: list[Sheet]) -> None:
    lines = [
        ("Foglio di calcolo del piano (OpenPIAO)", True),
        (
            "Compilate o correggete i fogli in Excel o LibreOffice, poi caricate il file dalla pagina "
            "«Importa il foglio di calcolo» del piano: viene mostrata un'anteprima e nulla è salvato finché "
            "non la confermate. Se una cella ha un problema, nulla viene salvato e ogni problema è indicato "
            "con foglio, riga e colonna.",
            False,
        ),
        (
            "Il caricamento sostituisce il contenuto di questi fogli nel piano: una riga tolta dal foglio è "
            "eliminata dal piano. I dati che il foglio non contiene (risorse degli obiettivi, misure, "
            "verifiche, capitale umano…) restano come sono.",
            False,
        ),
        (
            "Non cambiate i nomi dei fogli né le intestazioni della prima riga; non unite celle; scrivete "
            "valori, non formule. Le date si scrivono gg/mm/aaaa; sì/no come «Sì» o «No». Le colonne con "
            "un elenco (unità, tipi, versi, livelli di rischio…) accettano i valori del foglio «Elenchi». "
            "Le colonne in corsivo sono calcolate e non vengono lette.",
            False,
        ),
        ("", False),
    ]
    for spec in sheets:
        lines.append((f"Foglio «{spec.title}»: {spec.about}.", True))
        lines += [
            (
                f"  {c.header}" + (f": {c.note}" if c.note else "") + (" (calcolato)" if c.computed else ""),
                False,
            )
            for c in spec.columns
            if c.note or c.computed
        ]
    for number, (text, bold) in enumerate(lines, start=1):
        cell = put(sheet, number, 1, text)
        cell.font = Font(bold=bold)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 120


def _write_lists(book: Workbook, sheets: list[Sheet], lists: dict[str, list[str]]) -> dict[str, str]:
    """The Elenchi sheet, one list per column; returns list name → its range for validation."""
    sheet = book.create_sheet(LISTS_SHEET)
    named = dict(lists)
    for spec in sheets:
        for column in spec.columns:
            if column.kind == "choice" and column.values:
                named.setdefault(column.values, [label for _, label in column.choices])
    named.setdefault("yes_no", [YES, NO])
    ranges = {}
    for number, (name, values) in enumerate(sorted(named.items()), start=1):
        letter = get_column_letter(number)
        put(sheet, 1, number, LIST_TITLES.get(name, name)).font = Font(bold=True)
        for index, value in enumerate(values, start=2):
            put(sheet, index, number, value)
        sheet.column_dimensions[letter].width = 18
        last = max(len(values) + 1, 2)
        ranges[name] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${last}"
    return ranges


LIST_TITLES = {
    "units": "Unità",
    "employees": "Dipendenti",
    "strategic": "Obiettivi strategici",
    "processes": "Processi",
    "risk_areas": "Aree di rischio",
    "objective_kinds": "Tipi di obiettivo",
    "indicator_kinds": "Tipi di indicatore",
    "directions": "Versi",
    "genders": "Generi",
    "areas": "Aree CCNL",
    "categories": "Ex categorie",
    "contracts": "Contratti",
    "levels": "Livelli di rischio",
    "yes_no": "Sì/No",
}


def _add_validations(sheet, spec: Sheet, ranges: dict[str, str]) -> None:
    for number, column in enumerate(spec.columns, start=1):
        if column.computed or column.values not in ranges:
            continue
        strict = column.kind in ("choice", "bool")
        validation = DataValidation(
            type="list",
            formula1=ranges[column.values],  # no "=": the XML holds the bare formula
            allow_blank=True,
            showErrorMessage=strict,
            errorTitle=column.header,
            error=f"Scegliere un valore dell'elenco «{LIST_TITLES.get(column.values, column.values)}».",
        )
        letter = get_column_letter(number)
        validation.add(f"{letter}2:{letter}{MAX_ROWS}")
        sheet.add_data_validation(validation)


# --- from the sheets back to the document ---------------------------------------------------------


@dataclass
class Place:
    sheet: Sheet
    row: int


@dataclass
class Reading:
    """The rows read from the sheets, each with its row number, and the problems found."""

    rows: dict[str, list[tuple[int, dict]]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def note(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        where = (
            f"Foglio {sheet}" + (f", riga {row}" if row else "") + (f", colonna {column}" if column else "")
        )
        self.problems.append(f"{where}: {message}")


def _open(content: bytes, reading: Reading):
    if len(content) > max_bytes():
        reading.problems.append("Il file è troppo grande.")
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        reading.problems.append(
            "Il file non è una cartella di lavoro Excel (.xlsx): salvatelo in formato «Cartella di lavoro "
            "Excel (.xlsx)» (in LibreOffice: «Excel 2007-365»)."
        )
        return None
    if unzipped > MAX_UNZIPPED_BYTES:
        reading.problems.append("Il file contiene troppi dati per un piano (oltre 100 MB una volta aperto).")
        return None
    try:
        return load_workbook(io.BytesIO(content), data_only=False)
    except Exception:  # openpyxl raises many kinds on a damaged file; the user needs one sentence
        reading.problems.append("Il file non si apre come cartella di lavoro Excel (.xlsx): è danneggiato?")
        return None


def read_sheets(content: bytes, sheets: list[Sheet]) -> Reading:
    """Every sheet's rows typed as the document writes them; each problem names its cell."""
    reading = Reading()
    book = _open(content, reading)
    if book is None:
        return reading
    for spec in sheets:
        if spec.title not in book.sheetnames:
            reading.note(spec.title, None, None, "manca il foglio (non rinominate né eliminate i fogli).")
            continue
        reading.rows[spec.title] = _read_sheet(book[spec.title], spec, reading)
    return reading


def _read_sheet(sheet, spec: Sheet, reading: Reading) -> list[tuple[int, dict]]:
    if sheet.merged_cells.ranges:
        cells = ", ".join(str(r) for r in list(sheet.merged_cells.ranges)[:5])
        reading.note(spec.title, None, None, f"ci sono celle unite ({cells}): dividetele, un dato per cella.")
        return []
    if sheet.max_row > MAX_ROWS:
        reading.note(spec.title, None, None, f"troppe righe ({sheet.max_row}; al massimo {MAX_ROWS}).")
        return []
    grid = list(sheet.iter_rows())
    headers = {}
    for cell in grid[0] if grid else []:
        if isinstance(cell.value, str) and cell.value.strip():
            headers[cell.value.strip().casefold()] = cell.column - 1
    positions = {}
    for column in spec.columns:
        if column.computed:
            continue
        if column.header.casefold() not in headers:
            reading.note(spec.title, 1, None, f"manca la colonna «{column.header}».")
        else:
            positions[column] = headers[column.header.casefold()]
    if len(positions) < len([c for c in spec.columns if not c.computed]):
        return []
    found = []
    for cells in grid[1:]:
        if all(c.value is None or (isinstance(c.value, str) and not c.value.strip()) for c in cells):
            continue
        number, row = cells[0].row, {}
        for column, position in positions.items():
            cell = cells[position] if position < len(cells) else None
            try:
                _put_field(row, column.field, _read_cell(column, cell))
            except ValueError as error:
                reading.note(spec.title, number, column.header, str(error))
        found.append((number, row))
    return found


_TRUE = {"sì", "si", "s", "x", "vero", "true", "1"}
_FALSE = {"no", "n", "falso", "false", "0", ""}
_ITALIAN_DATE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")


def _read_cell(column: Column, cell):
    """The JSON value of a cell (ValueError with the Italian reason)."""
    value = cell.value if cell is not None else None
    if cell is not None and cell.data_type == "f":  # a text that begins with "=" is a string cell
        raise ValueError("la cella contiene una formula: scrivete il valore.")
    if cell is not None and cell.data_type == "e":
        raise ValueError(f"la cella contiene un errore ({value}): scrivete il valore.")
    if isinstance(value, str):
        value = value.strip()
        if value == "":
            value = None
    kind = column.kind
    if kind == "text":
        if value is None:
            return ""
        if isinstance(value, datetime | date):
            raise ValueError("atteso un testo, trovata una data.")
        if isinstance(value, bool):
            raise ValueError("atteso un testo, trovato un valore vero/falso.")
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)
    if kind == "int":
        return _integer(value)
    if kind == "dec":
        return _decimal(value)
    if kind == "bool":
        if value is None or isinstance(value, bool):
            return bool(value)
        if str(value).casefold() in _TRUE:
            return True
        if str(value).casefold() in _FALSE:
            return False
        raise ValueError(f"atteso «{YES}» o «{NO}», trovato «{value}».")
    if kind == "date":
        return _date(value)
    if kind == "choice":
        if value is None:
            return ""
        text = str(value).casefold()
        for code, label in column.choices:
            if text in (code.casefold(), label.casefold()):
                return code
        allowed = ", ".join(f"«{label}»" for _, label in column.choices)
        raise ValueError(f"valore «{value}» non ammesso: uno tra {allowed}.")
    if kind == "codes":
        return (
            [] if value is None else [part.strip() for part in re.split(r"[,;]", str(value)) if part.strip()]
        )
    if kind == "months":
        if value is None:
            return []
        parts = [value] if isinstance(value, int | float) else re.split(r"[,;\s]+", str(value))
        try:
            return [_integer(part) for part in parts if part != ""]
        except ValueError:
            raise ValueError(f"mesi non validi «{value}»: numeri da 1 a 12 separati da virgola.") from None
    if kind == "lines":
        return [] if value is None else [line.strip() for line in str(value).splitlines() if line.strip()]
    raise AssertionError(kind)


def _integer(value):
    if value is None:
        return None
    if isinstance(value, bool | datetime | date):
        raise ValueError(f"atteso un numero intero, trovato «{value}».")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"[0-9]{1,9}", value):
        return int(value)
    raise ValueError(f"atteso un numero intero, trovato «{value}».")


def _decimal(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool | datetime | date):
        raise ValueError(f"atteso un numero, trovato «{value}».")
    if isinstance(value, int | float | Decimal):
        text = repr(value) if isinstance(value, float) else str(value)
    else:
        text = str(value).replace("€", "").replace("%", "").replace(" ", "")
        if "," in text:  # Italian: 1.250,40
            text = text.replace(".", "").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"atteso un numero (es. 1250,40), trovato «{value}».") from None
    if not number.is_finite():
        raise ValueError(f"atteso un numero, trovato «{value}».")
    return format(number.normalize(), "f")


def _date(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    match = _ITALIAN_DATE.fullmatch(text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return date(year, month, day).isoformat()
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            return date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValueError(f"data inesistente «{text}».") from None
    raise ValueError(f"attesa una data (gg/mm/aaaa), trovato «{text}».")


def merged_document(base: dict, reading: Reading, sheets: list[Sheet]) -> tuple[dict, dict[str, Place]]:
    """`base` (the current plan's document) with the rows of the sheets in place of its own, and
    where each row of the result comes from (JSON path → sheet and row). Rows the sheets match
    by key (an objective's unit and number, a process's code) keep what the sheets do not show."""
    specs = {spec.title: spec for spec in sheets}
    rows = reading.rows
    places: dict[str, Place] = {}
    document = dict(base)

    # Objectives and their parts.
    kept = {(o.get("unit"), o.get("number")): o for o in base.get("objectives") or []}
    objectives, index_of = [], {}
    for number, row in rows["Obiettivi"]:
        key = (row.get("unit"), row.get("number"))
        if key in index_of:
            reading.note("Obiettivi", number, None, _twice("l'obiettivo", key, index_of[key][1]))
            continue
        objective = {**kept.get(key, {"resources": []}), **row}
        objective.update(indicators=[], phases=[], participations=[])
        index_of[key] = (len(objectives), number)
        places[f"objectives[{len(objectives)}]"] = Place(specs["Obiettivi"], number)
        objectives.append(objective)
    for title, name in (("Indicatori", "indicators"), ("Fasi", "phases"), ("Personale", "participations")):
        for number, row in rows[title]:
            key = (row.pop("unit", None), row.pop("number", None))
            if key not in index_of:
                reading.note(title, number, None, f"l'obiettivo {_key(key)} non è nel foglio Obiettivi.")
                continue
            parent = objectives[index_of[key][0]][name]
            places[f"objectives[{index_of[key][0]}].{name}[{len(parent)}]"] = Place(specs[title], number)
            if name == "indicators":
                row["targets"] = {year: value for year, value in row.get("targets", {}).items() if value}
            parent.append(row)
    document["objectives"] = objectives

    document["employees"] = _listed(rows["Dipendenti"], "employees", specs["Dipendenti"], places)

    kept = {p.get("code"): p for p in base.get("risk_processes") or []}
    processes, position = [], {}
    for number, row in rows["Processi"]:
        if row.get("code") in position:
            reading.note(
                "Processi", number, None, _twice("il processo", row.get("code"), position[row["code"]][1])
            )
            continue
        position[row.get("code")] = (len(processes), number)
        places[f"risk_processes[{len(processes)}]"] = Place(specs["Processi"], number)
        processes.append({**kept.get(row.get("code"), {}), **row, "assessments": []})
    for number, row in rows["Valutazioni"]:
        code = row.pop("process", None)
        if code not in position:
            reading.note("Valutazioni", number, None, f"il processo «{code}» non è nel foglio Processi.")
            continue
        row["judgments"] = {
            indicator: judgment
            for indicator, judgment in row.get("judgments", {}).items()
            if judgment.get("level")
        }
        assessments = processes[position[code][0]]["assessments"]
        places[f"risk_processes[{position[code][0]}].assessments[{len(assessments)}]"] = Place(
            specs["Valutazioni"], number
        )
        assessments.append(row)
    document["risk_processes"] = processes

    document["transparency_map"] = _listed(
        rows["Trasparenza"], "transparency_map", specs["Trasparenza"], places
    )
    return document, places


def _listed(found, key: str, spec: Sheet, places: dict[str, Place]) -> list[dict]:
    for index, (number, _) in enumerate(found):
        places[f"{key}[{index}]"] = Place(spec, number)
    return [row for _, row in found]


def _key(key) -> str:
    unit, number = key
    return f"n. {number} dell'unità «{unit}»"


def _twice(what: str, key, first: int) -> str:
    shown = _key(key) if isinstance(key, tuple) else f"«{key}»"
    return f"{what} {shown} è già alla riga {first}: ogni riga una volta sola."


_PATH = re.compile(r"^([A-Za-z_][\w]*(?:\[[0-9]+\]|\.[\w-]+)*): (.*)$", re.DOTALL)


def located(problems: Iterable[str], places: dict[str, Place]) -> list[str]:
    """The import's problems (JSON paths) told as cells of the workbook where they come from."""
    told = []
    for problem in problems:
        match = _PATH.match(problem)
        if not match:
            told.append(problem)
            continue
        path, message = match.groups()
        prefix = _longest_prefix(path, places)
        if prefix is None:
            told.append(f"Altri dati del piano (non nel foglio di calcolo), {problem}")
            continue
        place = places[prefix]
        rest = path[len(prefix) :].lstrip(".")
        column = _column_for(place.sheet, rest)
        where = f"Foglio {place.sheet.title}, riga {place.row}" + (f", colonna {column}" if column else "")
        told.append(f"{where}: {message}")
    return told


def _longest_prefix(path: str, places: dict[str, Place]) -> str | None:
    best = None
    for prefix in places:
        if (path == prefix or path.startswith((prefix + ".", prefix + "["))) and (
            best is None or len(prefix) > len(best)
        ):
            best = prefix
    return best


def _column_for(sheet: Sheet, rest: str) -> str | None:
    if not rest:
        return None
    name = re.sub(r"\[[0-9]+\]", "", rest)
    for column in sheet.columns:
        if column.field == name or column.field.startswith(name + "."):
            return column.header
    first = name.split(".")[0]
    return next((c.header for c in sheet.columns if c.field.split(".")[0] == first), None)


# --- the plan's workbook ---------------------------------------------------------------------------


def _document(plan) -> dict:
    """The plan's full document with JSON's own types (strings for dates and decimals)."""

    return json.loads(json.dumps(export_plan(plan, audience=Audience.BACKUP), cls=DjangoJSONEncoder))


def _sheets(plan) -> list[Sheet]:
    indicators = RiskIndicator.objects.filter(Q(organization=None) | Q(organization=plan.organization_id))
    return sheets_for(plan.years, list(indicators.values_list("code", flat=True)))


def plan_workbook(plan, *, empty: bool = False) -> bytes:
    """The workbook of the plan, prefilled with its rows or `empty` (instructions and lists only)."""
    document = _document(plan)
    names = dict(Duty.objects.values_list("key", "name")) if not empty else {}
    for row in document.get("transparency_map") or []:
        row["duty_name"] = names.get(row["duty"], "")
    lists = {
        "units": [u["code"] for u in document.get("units") or []],
        "employees": [e["key"] for e in document.get("employees") or []],
        "strategic": [s["code"] for s in document.get("strategic_objectives") or []],
        "processes": [p["code"] for p in document.get("risk_processes") or []],
        "risk_areas": list(RiskArea.objects.order_by("code").values_list("code", flat=True)),
    }
    return write_workbook(document, _sheets(plan), lists, empty=empty)


def import_workbook(plan, content: bytes, *, user, preview: bool) -> ImportOutcome:
    """The workbook's rows in place of the plan's, through the plan document's import (all or
    nothing); every problem told by sheet, row and column."""
    sheets = _sheets(plan)
    reading = read_sheets(content, sheets)
    if reading.problems:  # cells that cannot be read: the rows are not complete enough to import
        raise ImportProblem(*_capped(reading.problems))
    document, places = merged_document(_document(plan), reading, sheets)
    refused = list(reading.problems)  # rows left out: the others are still checked, in a preview
    try:
        outcome = import_into(
            document,
            organization=plan.organization,
            user=user,
            source="caricamento del foglio di calcolo",
            preview=preview or bool(refused),
        )
    except ImportProblem as problem:
        refused += located(problem.problems, places)
    if refused:
        raise ImportProblem(*_capped(refused))
    return outcome


def _capped(problems: list[str]) -> list[str]:
    if len(problems) > MAX_PROBLEMS:
        return [*problems[:MAX_PROBLEMS], f"… e altri {len(problems) - MAX_PROBLEMS} problemi."]
    return problems


def import_workbook_file(content: bytes, *, organization, user, scope: str, preview: bool) -> ImportOutcome:
    """The import pages' importer of the workbook (registered in `core.registry.importers`): into the plan of
    the ente that `scope` («plan:<id>») names, the page's own."""
    plan = Plan.objects.filter(organization=organization, pk=scope.partition(":")[2] or 0).first()
    if plan is None:
        raise ImportProblem("Il piano a cui era destinato il foglio non esiste più.")
    return import_workbook(plan, content, user=user, preview=preview)
