"""Writing cells of an XLSX workbook (openpyxl) so that no text can become a formula.

openpyxl stores a text beginning with "=" as a live formula, and spreadsheet programs evaluate
texts beginning with "+", "-", "@", tab or CR too (OWASP, CSV/formula injection). Every cell of a
workbook the product writes goes through `put`: text is always a string cell, and a dangerous
first character gets the quotePrefix style (the XLSX form of the leading apostrophe), so the
program shows the text as typed and keeps it text when the cell is edited.
"""

from openpyxl.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def put(sheet: Worksheet, row: int, column: int, value) -> Cell:
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True
    return cell
