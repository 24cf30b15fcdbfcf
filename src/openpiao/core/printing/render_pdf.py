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

import shutil
import subprocess
import sys
import tempfile
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
# A row longer than this (in characters) may break across pages: kept whole, it could not fit one.
UNBREAKABLE_ROW_CHARACTERS = 600

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
    """Typst refused the document (a defect of this module, never of the plan's text)."""


_STRING_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "", "\t": "\\t"})


def _string(text: str) -> str:
    """A Typst string literal."""
    return f'"{text.translate(_STRING_ESCAPES)}"'


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


def _cell(cell, row_breaks: bool) -> str:
    arguments = []
    if cell.colspan > 1:
        arguments.append(f"colspan: {cell.colspan}")
    if cell.rowspan > 1:
        arguments.append(f"rowspan: {cell.rowspan}")
    if cell.align != "left":
        arguments.append(f"align: {cell.align}")
    if row_breaks:
        arguments.append("breakable: true")
    body = f"[{_runs(cell.content)}]"
    if cell.header:
        return f"th({', '.join(arguments)}){body}"
    if cell.bar:
        return f"bar({', '.join(arguments)}){body}"
    return f"table.cell({', '.join(arguments)}){body}" if arguments else body


def _rows(rows) -> list[str]:
    out = []
    for row in rows:
        breaks = sum(len(cell.text) for cell in row) > UNBREAKABLE_ROW_CHARACTERS
        out.extend(_cell(cell, breaks) for cell in row)
    return out


def _table(table: Table) -> str:
    widths = table.widths or [1] * table.column_count
    columns = ", ".join(f"{width:g}fr" for width in widths)
    head, body = table.rows[: table.header_rows], table.rows[table.header_rows :]
    cells = []
    if head and body:
        cells.append(f"table.header({', '.join(_rows(head))})")
    else:
        body = table.rows
    cells.extend(_rows(body))
    markup = f"#table(columns: ({columns},), {', '.join(cells)})"
    if table.caption:
        markup = f"#caption[#{_string(table.caption)}]\n{markup}"
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
            out.append(f"#heading(level: {block.level}, {_string(block.text)}){_label(block.bookmark)}")
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
    """Titillium Web from bootstrap_italia_template; DejaVu Sans where the system has it."""
    import bootstrap_italia_template

    titillium = Path(bootstrap_italia_template.__file__).parent / "static" / "fonts" / "Titillium_Web"
    dejavu = Path("/usr/share/fonts/truetype/dejavu")
    return tuple(str(folder) for folder in (titillium, dejavu) if folder.is_dir())


def render_pdf(document: Document) -> bytes:
    moment = document.printed_at or datetime.now(UTC)
    with tempfile.TemporaryDirectory(prefix="openpiao-pdf-") as folder:
        root = Path(folder)
        shutil.copyfile(TEMPLATE, root / TEMPLATE.name)
        images = {}
        for number, block in enumerate(b for b in document.blocks if isinstance(b, Image)):
            name = f"immagine-{number}{Path(block.path).suffix.lower()}"
            shutil.copyfile(block.path, root / name)
            images[block.path] = name
        (root / "main.typ").write_text(render_source(document, images), encoding="utf-8")
        child = subprocess.run(
            [sys.executable, "-c", _CHILD, folder, str(int(moment.timestamp())), *font_folders()],
            capture_output=True,
            text=True,
        )
        if child.returncode != 0:
            raise PrintFailed(child.stderr.strip())
        return (root / "main.pdf").read_bytes()
