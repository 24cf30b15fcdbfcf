"""The ente's own text (premesse, contesto, strategia) written as simple paragraphs.

Users write plain text in a textarea; a few marks give it shape, like an e-mail:

    a blank line starts a new paragraph
    - item            a bulleted list (also "* item" or "• item")
    1. item           a numbered list (also "a) item")
    ### Titolo        a small heading inside the section
    **grassetto**     bold, and *corsivo* or _corsivo_ italic
    | a | b |         a table row (cells between bars); a row of dashes | --- | --- | under
                      the first rows makes them the header, repeated on every page
    a<TAB>b           a table row too: a table pasted from Word into a text box arrives as
                      lines of cells separated by tabs
    [DATI]            alone on a line: where the section's data (tables computed by the
                      product) print; without it they follow the text

Consecutive table rows form one table; a row with fewer cells is filled with empty ones.
The text is stored as written and escaped when printed, so nothing a user types can
inject markup into the page or the document. No Django import.
"""

import re

from .blocks import BulletList, Cell, Heading, Paragraph, Run, Table

# The marks above, as the text field's help says them to the user.
MARKS_HELP = (
    "Una riga vuota separa i paragrafi; «- » all'inizio della riga crea un elenco puntato, "
    "«1. » un elenco numerato, «### » un titoletto; **grassetto** e *corsivo*; le righe con le celle "
    "separate da «|» (o da tabulazioni, come le incolla Word) formano una tabella, e una riga "
    "«| --- | --- |» sotto le prime ne fa l'intestazione; una riga «[DATI]» indica dove stampare "
    "i dati della sezione (altrimenti seguono il testo)."
)

_BULLET = re.compile(r"^\s*(?:[-*•–]|-\))\s+(.*)$")
_NUMBERED = re.compile(r"^\s*(?:\d{1,3}[.)]|[a-z][.)])\s+(.*)$")
_HEADING = re.compile(r"^#{1,6}\s+(.*)$")
_SEPARATOR_CELL = re.compile(r"^:?-{3,}:?$")
_FIGURE = re.compile(r"^[-+]?\s*(?:€\s*)?[\d.,]+\s*%?$")  # 1.363 · € 4.000,00 · 9,51 · 25%
_INLINE = re.compile(
    r"\*\*(.+?)\*\*|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)|(?<!\w)_(?!\s)(.+?)(?<!\s)_(?!\w)"
)


def inline(text: str) -> list[Run]:
    """Split a line into runs: **bold**, *italic*, _italic_."""
    result: list[Run] = []
    position = 0
    for match in _INLINE.finditer(text):
        if match.start() > position:
            result.append(Run(text[position : match.start()]))
        bold, star, underscore = match.groups()
        if bold is not None:
            result.append(Run(bold, bold=True))
        else:
            result.append(Run(star if star is not None else underscore, italic=True))
        position = match.end()
    if position < len(text):
        result.append(Run(text[position:]))
    return result


DATA_MARK = "[DATI]"


def split_at_data(text: str) -> tuple[str, str]:
    """The text before and after the line «[DATI]» (all before when there is none)."""
    lines = (text or "").replace("\r\n", "\n").split("\n")
    for number, line in enumerate(lines):
        if line.strip() == DATA_MARK:
            return "\n".join(lines[:number]), "\n".join(lines[number + 1 :])
    return text or "", ""


def table_cells(line: str) -> list[str] | None:
    """The cells of a table row ("| a | b |" or "a<TAB>b"), None for any other line."""
    stripped = line.strip()
    if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
        return [c.strip() for c in stripped[1:-1].split("|")]
    if "\t" in line.strip(" "):
        return [c.strip() for c in line.strip(" \n").split("\t")]
    return None


def _is_separator(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    return bool(filled) and all(_SEPARATOR_CELL.match(c) for c in filled)


def table(lines: list[list[str]]) -> Table:
    """A table from its rows of cells; the rows above a row of dashes are its header."""
    header_rows = 0
    rows: list[list[str]] = []
    for cells in lines:
        if _is_separator(cells):
            if not header_rows:
                header_rows = len(rows)
            continue
        rows.append(cells)
    width = max(len(r) for r in rows)
    return Table(
        [
            [
                Cell(
                    inline(value),
                    header=n < header_rows,
                    align="right" if n >= header_rows and _FIGURE.match(value) else "left",
                )
                for value in cells + [""] * (width - len(cells))
            ]
            for n, cells in enumerate(rows)
        ],
        header_rows=header_rows,
        compact=width > 5,
    )


def parse(text: str, *, heading_level: int = 4) -> list:
    """Blocks (paragraphs, lists, small headings, tables) for a text written with the marks above."""
    blocks: list = []
    paragraph: list[str] = []
    items: list[list[Run]] = []
    rows: list[list[str]] = []
    ordered = False

    def flush_paragraph() -> None:
        if paragraph:
            blocks.append(Paragraph(inline(" ".join(line.strip() for line in paragraph)), align="justify"))
            paragraph.clear()

    def flush_list() -> None:
        if items:
            blocks.append(BulletList(list(items), ordered=ordered))
            items.clear()

    def flush_table() -> None:
        if rows and not all(_is_separator(r) for r in rows):
            blocks.append(table(list(rows)))
        rows.clear()

    def flush() -> None:
        flush_paragraph()
        flush_list()
        flush_table()

    for raw in (text or "").replace("\r\n", "\n").split("\n"):
        line = raw.rstrip(" \r")
        if not line.strip():
            flush()
            continue
        if heading := _HEADING.match(line):
            flush()
            blocks.append(Heading(heading_level, heading.group(1).strip()))
            continue
        bullet = _BULLET.match(line)
        number = None if bullet else _NUMBERED.match(line)
        cells = table_cells(line)
        if cells is not None and not ((bullet or number) and len(cells) <= 2):
            # A list item pasted from Word ("•<TAB>testo") has one tab; more cells make a row.
            flush_paragraph()
            flush_list()
            rows.append(cells)
            continue
        flush_table()
        if bullet or number:
            flush_paragraph()
            if items and ordered != bool(number):
                flush_list()
            ordered = bool(number)
            items.append(inline(" ".join((bullet or number).group(1).split("\t")).strip()))
            continue
        if items and raw[:1].isspace():
            # An indented line continues the list item above it.
            items[-1] = items[-1] + [Run(" ")] + inline(line.strip())
            continue
        flush_list()
        paragraph.append(line)
    flush()
    return blocks
