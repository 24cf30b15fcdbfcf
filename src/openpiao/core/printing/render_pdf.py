"""Render a blocks.Document as PDF/A with WeasyPrint, from HTML written here and the
stylesheet print.css.

PDF/A-3a: archival (fonts embedded, sRGB output intent, XMP metadata declaring the part and
conformance) and tagged (the "a" level: headings, tables and lists carry their structure
for screen readers; page headers and footers are artifacts, see pdf_tags.py). Every heading
is a bookmark; the running header and the page numbers come from @page rules.

The HTML is written with plain string joins rather than a template: a plan prints tens of
thousands of cells, and the template engine took a tenth of the time. It is also well-formed
XML (void elements closed, as HTML allows), so pdf_lean reads it with the XML parser of the
standard library instead of WeasyPrint's pure-Python HTML5 parser.
"""

import gc
from functools import cache
from html import escape
from pathlib import Path

from . import pdf_lean, pdf_tags
from .blocks import (
    BulletList,
    Document,
    Heading,
    Image,
    MonthGrid,
    NotRequired,
    PageBreak,
    Paragraph,
    Table,
    printable,
)

PDF_VARIANT = "pdf/a-3a"
STYLESHEET = Path(__file__).with_name("print.css")


@cache
def _stylesheet() -> str:
    """print.css with the path of the Titillium Web files: read once per process."""
    import bootstrap_italia_template

    fonts = Path(bootstrap_italia_template.__file__).parent / "static" / "fonts" / "Titillium_Web"
    return STYLESHEET.read_text(encoding="utf-8").replace("TITILLIUM/", fonts.as_uri() + "/")


def _runs(content) -> str:
    """Runs as escaped HTML; a line break inside a run becomes <br/>."""
    parts = []
    for run in content:
        text = escape(run.text, quote=False).replace("\n", "<br/>")
        if run.bold:
            text = f"<strong>{text}</strong>"
        if run.italic:
            text = f"<em>{text}</em>"
        parts.append(text)
    return "".join(parts)


def _attribute(value: str) -> str:
    """An attribute's value, escaped so the XML parser (pdf_lean) keeps its line breaks and tabs
    as the HTML5 parser does (XML would turn them into spaces)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return escape(value).replace("\n", "&#10;").replace("\t", "&#9;")


def _table(table: Table) -> str:
    out = ["<table", ' class="compact">' if table.compact else ">"]
    if table.caption:
        out.append(f"<caption>{escape(table.caption)}</caption>")
    if table.widths:
        total = sum(table.widths)
        out.append("<colgroup>")
        out.extend(f'<col style="width:{100 * w / total:.2f}%"/>' for w in table.widths)
        out.append("</colgroup>")
    head, body = table.rows[: table.header_rows], table.rows[table.header_rows :]
    for group, rows in (("thead", head), ("tbody", body)):
        if not rows:
            continue
        out.append(f"<{group}>")
        last = len(rows) - 1
        for index, row in enumerate(rows):
            # Orphans and widows for rows: a body never leaves its first or last row alone.
            keep = ""
            if group == "tbody" and last >= 2:
                keep = ' class="first"' if index == 0 else ' class="last"' if index == last else ""
            out.append(f"<tr{keep}>")
            for cell in row:
                tag = "th" if cell.header else "td"
                attributes = ""
                if cell.colspan > 1:
                    attributes += f' colspan="{cell.colspan}"'
                if cell.rowspan > 1:
                    attributes += f' rowspan="{cell.rowspan}"'
                classes = ("" if cell.align == "left" else cell.align) + (" bar" if cell.bar else "")
                if classes:
                    attributes += f' class="{classes.strip()}"'
                if cell.header:
                    attributes += ' scope="colgroup"' if cell.colspan > 1 else ' scope="col"'
                out.append(f"<{tag}{attributes}>{_runs(cell.content)}</{tag}>")
            out.append("</tr>")
        out.append(f"</{group}>")
    out.append("</table>")
    return "".join(out)


def _toc(document: Document) -> str:
    entries = "".join(
        f'<li class="level-{h.level}"><a href="#{_attribute(h.bookmark)}">{escape(h.text)}</a></li>'
        for h in document.headings()
        if h.level <= 3 and h.bookmark
    )
    return f'<nav class="toc" aria-label="Sommario"><h2>Sommario</h2><ol>{entries}</ol></nav>'


def render_html(document: Document) -> str:
    document = printable(document)  # no control character reaches the HTML, the tags or the XMP
    title = escape(document.title)
    out = [
        '<!DOCTYPE html><html lang="it"><head><meta charset="utf-8"/>',
        f"<title>{title}</title>",
        f'<meta name="author" content="{_attribute(document.organization)}"/>',
        f'<meta name="description" content="{_attribute(document.subject)}"/>',
        f'<meta name="keywords" content="{_attribute(document.keywords)}"/>',
        '<meta name="generator" content="OpenPIAO"/></head><body>',
        # Running elements: moved by print.css into the page header of every page but the first.
        f'<div class="running-ente">{escape(document.organization)}</div>',
        f'<div class="running-plan">{escape(document.header_right)}</div>',
    ]
    toc_done = not document.with_toc
    blocks = document.blocks
    for index, block in enumerate(blocks):
        if isinstance(block, Heading):
            anchor = f' id="{_attribute(block.bookmark)}"' if block.bookmark else ""
            out.append(f"<h{block.level}{anchor}>{escape(block.text)}</h{block.level}>")
        elif isinstance(block, Paragraph):
            caption = _is_caption(block, blocks, index)
            classes = f"{block.style} {block.align}" + (" caption" if caption else "")
            out.append(f'<p class="{classes}">{_runs(block.content)}</p>')
        elif isinstance(block, BulletList):
            tag = "ol" if block.ordered else "ul"
            items = "".join(f"<li>{_runs(item)}</li>" for item in block.items)
            out.append(f"<{tag}>{items}</{tag}>")
        elif isinstance(block, Table | MonthGrid):
            out.append(_table(block.as_table() if isinstance(block, MonthGrid) else block))
        elif isinstance(block, NotRequired):
            out.append(f'<p class="not-required">{escape(block.text)}</p>')
        elif isinstance(block, Image):
            out.append(
                f'<p class="image"><img src="{_attribute(Path(block.path).as_uri())}" '
                f'alt="{_attribute(block.alt)}" style="height:{block.height_cm:.1f}cm"/></p>'
            )
        elif isinstance(block, PageBreak):
            out.append('<div class="page-break"></div>')
            if not toc_done:
                # The table of contents follows the title page, as in the DOCX.
                out.append(_toc(document))
                toc_done = True
    out.append("</body></html>")
    return "\n".join(out)


def _is_caption(block: Paragraph, blocks: list, index: int) -> bool:
    """A short label right before a table introduces it: it never stays alone at a page foot."""
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    return block.style in ("label", "small") and isinstance(following, Table | MonthGrid)


def render_pdf(document: Document) -> bytes:
    # WeasyPrint allocates hundreds of thousands of short-lived objects: the cyclic garbage
    # collector, scanning them again and again, takes a quarter of the time (measured on
    # Casorate's plan). Reference counting still frees them; the collector resumes after.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _write_pdf(document)
    finally:
        if collecting:
            gc.enable()


def _write_pdf(document: Document) -> bytes:
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    pdf_tags.install()
    pdf_lean.install()
    # A FontConfiguration is fontconfig state that WeasyPrint mutates while laying out: one per
    # print, so concurrent requests never share it (loading the four fonts takes ~10 ms).
    fonts = FontConfiguration()
    html = pdf_lean.lean_html()(string=render_html(document), base_url=str(STYLESHEET.parent))
    return html.write_pdf(
        stylesheets=[CSS(string=_stylesheet(), font_config=fonts)],
        font_config=fonts,
        pdf_variant=PDF_VARIANT,
        custom_metadata=True,
        finisher=pdf_lean.freeze_objects,
    )
