"""A printed document as a neutral tree of blocks, built once and rendered to DOCX and PDF.

The apps turn their rows into these blocks (the PIAO in documents.builder, the Relazioni in
evaluation and risk); the two renderers (render_docx.py, render_pdf.py) know nothing of the
plan, only of blocks. No Django import:
blocks are plain data, so a section can be tested by looking at what it produced.
"""

from dataclasses import dataclass, field, fields, is_dataclass, replace
from datetime import datetime
from functools import cache

from openpiao.core.text import clean_text


@dataclass(frozen=True)
class Run:
    """A piece of text with one style."""

    text: str
    bold: bool = False
    italic: bool = False


def runs(value: "str | Run | list[Run]") -> list[Run]:
    if isinstance(value, str):
        return [Run(value)] if value else []
    if isinstance(value, Run):
        return [value]
    return list(value)


@dataclass
class Heading:
    """A heading: levels 1-3 go in the table of contents, every level is a PDF bookmark."""

    level: int
    text: str
    bookmark: str = ""  # anchor id, e.g. "sezione-2-2"


@dataclass
class Paragraph:
    content: list[Run]
    style: str = "body"  # body, title, subtitle, lead, small, label
    align: str = "left"  # left, center, justify

    @classmethod
    def of(cls, value, **kwargs) -> "Paragraph":
        return cls(runs(value), **kwargs)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.content)


@dataclass
class BulletList:
    items: list[list[Run]]
    ordered: bool = False


@dataclass
class Cell:
    content: list[Run] = field(default_factory=list)
    colspan: int = 1
    rowspan: int = 1
    header: bool = False  # printed bold on a shaded background
    align: str = "left"  # left, center, right
    bar: bool = False  # a stretch of the cronoprogramma: printed filled, like a Gantt bar

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.content)


def cell(value="", **kwargs) -> Cell:
    return Cell(runs(value), **kwargs)


@dataclass
class Table:
    """Rows of cells; a cell spanning columns or rows is written once, where it starts.

    `header_rows` rows repeat at the top of every page. `widths` are relative column widths.
    """

    rows: list[list[Cell]]
    header_rows: int = 1
    widths: list[float] | None = None
    caption: str = ""
    compact: bool = False  # smaller type, for wide grids

    def without_empty_columns(self) -> "Table":
        """The table less the columns whose body cells are all blank or a dash (a "Programma"
        column of "—"); a table with spanning cells is returned as it is."""
        if any(c.colspan > 1 or c.rowspan > 1 for row in self.rows for c in row):
            return self
        body = self.rows[self.header_rows :]
        if not body:
            return self
        count = self.column_count
        keep = [
            i
            for i in range(count)
            if any(i < len(row) and row[i].text.strip() not in ("", "—", "-") for row in body)
        ]
        if len(keep) == count or not keep:
            return self
        rows = [[row[i] for i in keep if i < len(row)] for row in self.rows]
        widths = [self.widths[i] for i in keep] if self.widths else None
        return replace(self, rows=rows, widths=widths)

    @property
    def column_count(self) -> int:
        return max((sum(c.colspan for c in row) for row in self.rows), default=0)

    def grid(self) -> list[list[tuple[int, Cell, bool]]]:
        """Each row as (first column, cell, continues a cell from above): what a word processor needs.

        HTML places spanning cells by itself; DOCX must write a continuation cell in every
        row a `rowspan` covers, so the layout is computed here once.
        """
        below: dict[int, tuple[Cell, int]] = {}  # column -> (spanning cell, rows still covered)
        result = []
        for row in self.rows:
            placed: list[tuple[int, Cell, bool]] = []
            column = 0
            pending = list(row)
            while pending or any(c >= column for c in below):
                if column in below:
                    origin, left = below.pop(column)
                    placed.append((column, origin, True))
                    if left > 1:
                        below[column] = (origin, left - 1)
                    column += origin.colspan
                    continue
                if not pending:
                    column = min(c for c in below if c >= column)
                    continue
                current = pending.pop(0)
                placed.append((column, current, False))
                if current.rowspan > 1:
                    below[column] = (current, current.rowspan - 1)
                column += current.colspan
            result.append(placed)
        return result


@dataclass
class MonthGrid:
    """The cronoprogramma: one row per phase, twelve month columns marked where it runs."""

    label: str  # header of the first column, e.g. "Fasi e tempi"
    month_names: tuple[str, ...]
    rows: list[tuple[str, list[bool]]]
    title: str = "Cronoprogramma"

    def as_table(self) -> Table:
        """Each month a phase runs is an X in its column, as the seed plans lay it out; the
        months between two stretches are one empty cell per gap."""
        head = [cell(self.title, colspan=13, header=True, align="center")]
        months = [cell(self.label, header=True)] + [
            cell(name[:3], header=True, align="center") for name in self.month_names
        ]
        body = []
        for label, grid in self.rows:
            row = [cell(label)]
            start = 0
            while start < len(grid):
                if grid[start]:
                    row.append(cell("X", align="center", bar=True))
                    start += 1
                    continue
                end = start
                while end + 1 < len(grid) and not grid[end + 1]:
                    end += 1
                row.append(cell("", colspan=end - start + 1))
                start = end + 1
            body.append(row)
        return Table([head, months, *body], header_rows=2, widths=[4] + [1] * 12, compact=True)


@dataclass
class NotRequired:
    """The sentence a simplified plan prints where the law does not require a section."""

    text: str


@dataclass
class PageBreak:
    pass


@dataclass
class Image:
    """A picture printed centred (the ente's coat of arms on the cover): a PNG or JPEG file."""

    path: str
    alt: str
    height_cm: float = 3.0


Block = Heading | Paragraph | BulletList | Table | MonthGrid | NotRequired | PageBreak | Image


@dataclass
class Document:
    title: str  # e.g. "Piano integrato di attività e organizzazione (PIAO) 2024-2026"
    organization: str  # the ente's name, printed in the header
    header_right: str  # e.g. "PIAO 2024-2026"
    blocks: list = field(default_factory=list)
    subject: str = ""
    keywords: str = ""
    with_toc: bool = True
    # The moment the document stands for (e.g. its adoption): the same document then always
    # gives the same bytes. None: the moment of printing.
    printed_at: datetime | None = None

    def add(self, *blocks) -> None:
        for block in blocks:
            if isinstance(block, list):
                self.blocks.extend(block)
            elif block is not None:
                self.blocks.append(block)

    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]

    def text(self) -> str:
        """All printed text, one block per line: for tests and search."""
        lines = []
        for block in self.blocks:
            if isinstance(block, Heading | NotRequired | Paragraph):
                lines.append(block.text)
            elif isinstance(block, BulletList):
                lines.extend("".join(r.text for r in item) for item in block.items)
            elif isinstance(block, Table | MonthGrid):
                table = block.as_table() if isinstance(block, MonthGrid) else block
                lines.extend(" | ".join(c.text for c in row) for row in table.rows)
        return "\n".join(lines)


def printable(value):
    """A Document (or any block) with every string passed through `clean_text`.

    Both renderers start from it: text stored before the forms cleaned their input, or
    written around them, must not break a print (XML 1.0 forbids most control characters).
    What is already clean is returned as it is, not copied.
    """
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list | tuple):
        items = [printable(item) for item in value]
        if all(new is old for new, old in zip(items, value, strict=True)):
            return value
        return items if isinstance(value, list) else tuple(items)
    if is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for name in _field_names(type(value)):
            old = getattr(value, name)
            new = printable(old)
            if new is not old:
                changes[name] = new
        return replace(value, **changes) if changes else value
    return value


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(kind) if f.init)
