"""The OIV attestation grid as the XLSX file ANAC asks for (openpyxl).

Columns are those of the ANAC template (listed in trasparenza_catalogo.yaml, `oiv_grid`), in
that order; the top rows carry the ente's identification and the date of the survey.
"""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from openpiao.core.spreadsheets import put

from .catalogue import manifest

HEADER_ROW = 6


def grid_columns() -> list[dict]:
    """[{title, field}] in the template's order."""
    return list(manifest()["oiv_grid"]["columns"])


def row_values(row) -> dict:
    """What each template field holds for one row of the grid."""
    duty = row.duty
    return {
        "section_l1": duty.section.parent.name if duty.section.parent_id else "",
        "section_l2": duty.section.name,
        "legal_reference": duty.legal_reference,
        "duty": duty.name,
        "frequency": duty.get_frequency_display(),
        "published": row.published,
        "content": row.content,
        "offices": row.offices,
        "updated": row.updated,
        "open_format": row.open_format,
        "notes": row.notes,
    }


def grid_xlsx(*, organization, grid, rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Griglia di rilevazione"
    title = put(
        sheet,
        1,
        1,
        f"Griglia di rilevazione al {grid.survey_date:%d/%m/%Y}"
        if grid.survey_date
        else "Griglia di rilevazione",
    )
    title.font = Font(bold=True, size=13)
    identification = [
        ("Denominazione amministrazione", organization.name),
        ("Codice fiscale", organization.tax_code),
        ("Anno / riferimento ANAC", f"{grid.year} {grid.anac_reference}".strip()),
    ]
    for row, (label, value) in enumerate(identification, start=2):
        put(sheet, row, 1, label)
        put(sheet, row, 2, value)
    fill = PatternFill("solid", fgColor="DDEBF7")
    columns = grid_columns()
    for index, column in enumerate(columns, start=1):
        cell = put(sheet, HEADER_ROW, index, column["title"])
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = 40 if index <= 4 else 16
    for offset, row in enumerate(rows, start=1):
        values = row_values(row)
        for index, value in enumerate((values[c["field"]] for c in columns), start=1):
            put(sheet, HEADER_ROW + offset, index, value).alignment = Alignment(
                wrap_text=True, vertical="top"
            )
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
