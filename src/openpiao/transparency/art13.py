"""The art. 13 scheme of the ente's plan: the org chart's units and their responsabili, the
ente's contacts and the address of its organigramma (the map's «Articolazione degli uffici»
page), through the pure builder `organization_chart.anac_art13`; written as CSV and XLSX in the
scheme's fields."""

import csv
import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font

from openpiao.core.catalogues import Table, read_catalogue
from openpiao.core.spreadsheets import FORMULA_TRIGGERS, put
from openpiao.organization_chart.anac_art13 import Art13Table, Ente, Office, build

from .models import DutyAssignment
from .selectors import settings_for

SCHEME_FILE = "anac_schema_art13.yaml"
# The map's section of art. 13 c. 1 lett. b-c (Articolazione degli uffici, organigramma).
CHART_SECTION = "02.04"
EQ_HOLDER = "Titolare di incarico di Elevata Qualificazione"


def scheme() -> dict:
    return read_catalogue(
        SCHEME_FILE, Table("columns", "id"), Table("organs", "id"), Table("office_kinds", "id")
    )


def _chart_url(plan) -> str:
    pages = DutyAssignment.objects.filter(plan=plan, duty__section__code=CHART_SECTION).exclude(page_url="")
    return pages.values_list("page_url", flat=True).first() or settings_for(plan).site_url


def _office(unit) -> Office:
    head = unit.head if unit.head_id and unit.head.has_name else None
    if head is not None:
        title = EQ_HOLDER if head.is_eq_holder else (head.job_title or head.profile)
        return Office(name=unit.name, head_name=str(head), head_title=title)
    # A unit without its own head: the role written in its place, or the head of the unit above
    # (by name alone, as the unit's own head: the scheme's column is the person's name).
    if unit.head_label or unit.head_id or not unit.parent_id:
        return Office(name=unit.name, head_name=unit.head_display, head_title=unit.head_label)
    return Office(name=unit.name, head_name=_office(unit.parent).head_name, head_title=unit.head_label)


def art13_table(plan, *, today: date) -> Art13Table:
    organization = plan.organization
    units = plan.units.select_related("head", "parent__head", "parent__parent__head").order_by(
        "order", "name"
    )
    ente = Ente(
        tax_code=organization.tax_code,
        name=organization.name,
        head_title=organization.head_title,
        phone=organization.phone,
        email=organization.email,
        pec=organization.pec,
        chart_url=_chart_url(plan),
    )
    return build(scheme(), ente, [_office(u) for u in units], year=plan.reference_year, published_on=today)


def _text(cell: str) -> str:
    """A cell a spreadsheet would run as a formula (CSV injection) is written as text."""
    return "'" + cell if cell.startswith(FORMULA_TRIGGERS) else cell


def as_csv(table: Art13Table) -> str:
    """UTF-8 CSV with «;» as spreadsheets in Italian read it; the header is the scheme's field names."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([c["id"] for c in table.columns])
    for row in table.rows:
        writer.writerow([_text(row[c["id"]]) for c in table.columns])
    return "\ufeff" + out.getvalue()


def as_xlsx(table: Art13Table) -> bytes:
    """One sheet: the scheme's field names, their Italian headings, then one row per ufficio."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Art. 13 d.lgs. 33-2013"
    for index, column in enumerate(table.columns, start=1):
        put(sheet, 1, index, column["id"]).font = Font(bold=True)
        put(sheet, 2, index, column["label"]).font = Font(italic=True)
    for offset, row in enumerate(table.rows, start=3):
        for index, column in enumerate(table.columns, start=1):
            put(sheet, offset, index, row[column["id"]])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
