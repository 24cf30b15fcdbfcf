"""Render a blocks.Document as PDF/A-3a with Typst, from markup written here and the template
print.typ.

PDF/A-3a: archival (fonts embedded, sRGB output intent, XMP metadata declaring the part and
conformance) and tagged (the "a" level: headings, tables and lists carry their structure for
screen readers; page headers and footers are artifacts). Every heading is a bookmark; the
table of contents has its page numbers; the running header and the page numbers are the
template's.

Typst lays out Casorate's whole plan in about half a second, a tenth of what the HTML engine
used before took (benchmarks/print_piao.py). It keeps what it computed in memory for the next
documents of the same process, with no way to let it go from Python; so each PDF is compiled in
a short-lived child process, and a worker printing all day keeps its own memory.

Every text of the plan is written as a Typst string literal (`#"…"`), never as markup: what an
ente writes («*», «#», «[», «<» …) prints as it is and cannot run as code.
"""

import hashlib
import logging
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from .blocks import (
    BulletList,
    Document,
    Heading,
    Image,
    MonthGrid,
    NotRequired,
    PageBreak,
    Paragraph,
    Run,
    Table,
    printable,
)

PDF_STANDARD = "a-3a"
TEMPLATE = Path(__file__).with_name("print.typ")
# A table row is kept on one page when it is surely shorter than this (points, of a page body of
# about 770): a row that could not fit a page would be cut by Typst, so only short rows are kept.
UNBREAKABLE_ROW_POINTS = 300
TEXT_WIDTH_POINTS = 481.9  # A4 less two margins of 2 cm
# A compiled plan takes well under a minute: a child still running after this is stuck.
COMPILE_TIMEOUT_SECONDS = 600
# What Word's Symbol font writes for its bullets (private-use characters no other font draws).
SYMBOL_BULLETS = {"\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "►", "\uf076": "❖", "\uf0fc": "✓", "\uf0e0": "→"}
# PDF/A forbids these in the text: the byte order mark, noncharacters.
FORBIDDEN = frozenset(map(chr, (0xFEFF, 0xFFFE, 0xFFFF, *range(0xFDD0, 0xFDF0))))
REPLACEMENT = "\ufffd"

logger = logging.getLogger(__name__)

# Run by the child process: compiles <folder>/main.typ into <folder>/main.pdf.
_CHILD = """
import sys, typst
folder, timestamp, *fonts = sys.argv[1:]
try:
    typst.compile(f"{folder}/main.typ", output=f"{folder}/main.pdf", root=folder, font_paths=fonts,
                  ignore_system_fonts=True, pdf_standards="PDF_STANDARD",
                  timestamp=int(timestamp))
except typst.TypstError as error:
    sys.exit(f"{error.message}\\n{error.diagnostic}")
""".replace("PDF_STANDARD", PDF_STANDARD)


class PrintFailed(RuntimeError):
    """Typst refused the document or did not finish: the message is for the server's log."""


_STRING_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "", "\t": "\\t"})


def _string(text: str) -> str:
    """A Typst string literal of `text` as the fonts can draw it."""
    return f'"{drawable(text).translate(_STRING_ESCAPES)}"'


def drawable(text: str) -> str:
    """`text` with every character the fonts cannot draw replaced (Word's symbol bullets by
    their Unicode bullets, anything else by «�») and those PDF/A forbids dropped: in a
    PDF/A a character without a glyph is an error, and one emoji would stop the whole print."""
    characters = set(text)
    missing = (characters - _covered()) | (characters & FORBIDDEN)
    if not missing:
        return text
    return text.translate({ord(c): _substitute(c) for c in missing})


def _substitute(character: str) -> str:
    if character in FORBIDDEN:
        return ""
    if unicodedata.category(character) in ("Cc", "Cf", "Zs", "Zl", "Zp"):
        return character  # spaces and format characters: laid out without a glyph
    covered = _covered()
    for candidate in (SYMBOL_BULLETS.get(character), REPLACEMENT, "?"):
        if candidate and candidate in covered:
            return candidate
    return "?"


@cache
def _covered() -> frozenset[str]:
    """Every character some font of `font_folders` draws."""
    from fontTools.ttLib import TTFont

    characters = set()
    for folder in font_folders():
        for path in sorted(Path(folder).glob("*.[ot]tf")):
            with TTFont(path, lazy=True) as font:
                characters.update(map(chr, font.getBestCmap() or {}))
    return frozenset(characters)


def _runs(content: list[Run]) -> str:
    """Runs as markup: each text a string literal, a line break inside a run a linebreak()."""
    parts = []
    for run in content:
        if not run.text:
            continue
        text = "#linebreak()".join(f"#{_string(line)}" for line in run.text.split("\n"))
        if run.italic:
            text = f"#emph[{text}]"
        if run.bold:
            text = f"#strong[{text}]"
        parts.append(text)
    return "".join(parts)


def _label(bookmark: str) -> str:
    """A heading's anchor as a Typst label (letters, digits, «-», «_», «.», «:»)."""
    safe = "".join(c if c.isascii() and (c.isalnum() or c in "-_.:") else "-" for c in bookmark)
    return f" <{safe}>" if safe else ""


def _cell(cell, breakable: bool) -> str:
    arguments = []
    if cell.colspan > 1:
        arguments.append(f"colspan: {cell.colspan}")
    if cell.rowspan > 1:
        arguments.append(f"rowspan: {cell.rowspan}")
    if cell.align != "left":
        arguments.append(f"align: {cell.align}")
    if breakable:
        arguments.append("breakable: true")
    body = f"[{_runs(cell.content)}]"
    if cell.header:
        return f"th({', '.join(arguments)}){body}"
    if cell.bar:
        return f"bar({', '.join(arguments)}){body}"
    return f"table.cell({', '.join(arguments)}){body}" if arguments else body


def _row_height(placed, widths: list[float], size: float) -> float:
    """A generous estimate of a row's height in points: each cell's characters over its column
    width, at an average character width of half the type size, one line per line break."""
    total = sum(widths)
    height = 0.0
    for column, cell, continues in placed:
        if continues:
            continue
        width = TEXT_WIDTH_POINTS * sum(widths[column : column + cell.colspan]) / total - 6
        per_line = max(1, int(width / (size * 0.5)))
        lines = sum(max(1, -(-len(line) // per_line)) for line in cell.text.split("\n"))
        height = max(height, lines * size * 1.35 + 5)
    return height


def _rows(rows: list, grid: list, widths: list[float], size: float) -> list[str]:
    """The cells of `rows` (their places in `grid`); the template keeps a row on one page,
    unless it may be too tall for one, or a cell spans rows (its rows might not fit together)."""
    out = []
    for row, placed in zip(rows, grid, strict=True):
        tall = _row_height(placed, widths, size) > UNBREAKABLE_ROW_POINTS
        out.extend(_cell(cell, tall or cell.rowspan > 1) for cell in row)
    return out


def _table(table: Table) -> str:
    widths = table.widths or [1] * table.column_count
    columns = ", ".join(f"{width:g}fr" for width in widths)
    size = 7.5 if table.compact else 8.5  # the template's sizes
    grid = table.grid()
    head = table.header_rows if table.rows[table.header_rows :] else 0
    cells = []
    if head:
        cells.append(f"table.header({', '.join(_rows(table.rows[:head], grid[:head], widths, size))})")
    cells.extend(_rows(table.rows[head:], grid[head:], widths, size))
    markup = f"#table(columns: ({columns},), {', '.join(cells)})"
    if table.caption:
        markup = f"#table-caption[#{_string(table.caption)}]\n{markup}"
    return f"#compact[{markup}]" if table.compact else markup


def _paragraph(block: Paragraph, caption: bool) -> str:
    text = _runs(block.content)
    if block.align == "center":
        text = f"#align(center)[{text}]"
    elif block.align == "justify":
        text = f"#par(justify: true)[{text}]"
    if caption:
        return f"#caption[{text}]"
    style = {"title": "title", "subtitle": "subtitle", "lead": "lead", "small": "small", "label": "small"}
    if block.style in style:
        return f"#{style[block.style]}[{text}]"
    return text


def _is_caption(block: Paragraph, blocks: list, index: int) -> bool:
    """A short label right before a table introduces it: it never stays alone at a page foot."""
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    return block.style in ("label", "small") and isinstance(following, Table | MonthGrid)


def render_source(document: Document, images: dict[str, str] | None = None) -> str:
    """The document as Typst markup; `images` maps an Image's path to the name it has next to
    the source (render_pdf copies the files there)."""
    document = printable(document)  # no control character reaches the markup or the metadata
    images = images or {}
    keywords = [k.strip() for k in document.keywords.split(",") if k.strip()]
    out = [
        f'#import "{TEMPLATE.name}": *',
        f"#show: plan.with(title: {_string(document.title)}, ente: {_string(document.organization)}, "
        f"running: {_string(document.header_right)}, "
        f"description: {_string(document.subject) if document.subject else 'none'}, "
        f"keywords: ({''.join(_string(k) + ', ' for k in keywords)}))",
    ]
    toc_done = not document.with_toc
    blocks = document.blocks
    for index, block in enumerate(blocks):
        if isinstance(block, Heading):
            # Every heading is a PDF bookmark; the table of contents lists those with an anchor.
            listed = "" if block.bookmark else "outlined: false, bookmarked: true, "
            out.append(
                f"#heading(level: {block.level}, {listed}{_string(block.text)}){_label(block.bookmark)}"
            )
        elif isinstance(block, Paragraph):
            out.append(_paragraph(block, _is_caption(block, blocks, index)))
        elif isinstance(block, BulletList):
            function = "enum" if block.ordered else "list"
            out.append(f"#{function}({', '.join(f'[{_runs(item)}]' for item in block.items)})")
        elif isinstance(block, Table | MonthGrid):
            out.append(_table(block.as_table() if isinstance(block, MonthGrid) else block))
        elif isinstance(block, NotRequired):
            out.append(f"#not-required[#{_string(block.text)}]")
        elif isinstance(block, Image):
            name = images.get(block.path, block.path)
            out.append(f"#picture({_string(name)}, {_string(block.alt)}, {block.height_cm:.1f}cm)")
        elif isinstance(block, PageBreak):
            out.append("#pagebreak()")
            if not toc_done:
                # The table of contents follows the title page, as in the DOCX.
                out.append('#outline(title: "Sommario", depth: 3)\n#pagebreak()')
                toc_done = True
        out.append("")  # a blank line: each block its own paragraph
    return "\n".join(out)


@cache
def font_folders() -> tuple[str, ...]:
    """Titillium Web from bootstrap_italia_template; DejaVu Sans (Debian's fonts-dejavu-core) for
    the symbols Titillium lacks: without it those print as «�» or «?», so it is logged."""
    import bootstrap_italia_template

    titillium = Path(bootstrap_italia_template.__file__).parent / "static" / "fonts" / "Titillium_Web"
    dejavu = Path("/usr/share/fonts/truetype/dejavu")
    if not dejavu.is_dir():
        logger.warning(
            "DejaVu Sans non trovato in %s: i simboli che Titillium non ha non si stamperanno", dejavu
        )
    return tuple(str(folder) for folder in (titillium, dejavu) if folder.is_dir())


def engine_version() -> str:
    """Typst's version: a new one may lay the same plan out otherwise (documents.jobs keys prints by it)."""
    import typst

    return typst.__version__


def render_pdf(document: Document) -> bytes:
    moment = document.printed_at or datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # as render_docx reads it
    with tempfile.TemporaryDirectory(prefix="openpiao-pdf-") as folder:
        root = Path(folder)
        shutil.copyfile(TEMPLATE, root / TEMPLATE.name)
        images = {}
        for block in document.blocks:
            if isinstance(block, Image) and block.path not in images:
                images[block.path] = _copy_picture(Path(block.path), root)
        (root / "main.typ").write_text(render_source(document, images), encoding="utf-8")
        try:
            child = subprocess.run(
                [sys.executable, "-c", _CHILD, folder, str(int(moment.timestamp())), *font_folders()],
                capture_output=True,
                text=True,
                timeout=COMPILE_TIMEOUT_SECONDS,
            )
        except subprocess.TimeoutExpired as error:
            raise PrintFailed(f"Typst non ha finito in {COMPILE_TIMEOUT_SECONDS} s") from error
        if child.returncode != 0:
            raise PrintFailed(child.stderr.strip())
        return (root / "main.pdf").read_bytes()


def _copy_picture(path: Path, root: Path) -> str:
    """The picture copied next to the source, under a name of its content; a CMYK or
    otherwise non-RGB JPEG (which PDF/A would need a CMYK profile for) as an RGB PNG."""
    from PIL import Image as Picture

    data = path.read_bytes()
    name = f"immagine-{hashlib.sha256(data).hexdigest()[:16]}"
    with Picture.open(path) as picture:
        if picture.mode not in ("RGB", "RGBA", "L", "LA", "P", "1"):
            picture.convert("RGB").save(root / f"{name}.png")
            return f"{name}.png"
    suffix = path.suffix.lower()
    (root / f"{name}{suffix}").write_bytes(data)
    return f"{name}{suffix}"
