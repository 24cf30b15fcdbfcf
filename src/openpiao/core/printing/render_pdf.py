"""Render a blocks.Document as PDF/A with WeasyPrint, from the HTML template
core/templates/printing/document.html and the stylesheet print.css.

PDF/A-3a: archival (fonts embedded, sRGB output intent, XMP metadata declaring the part and
conformance) and tagged (the "a" level: headings, tables and lists carry their structure
for screen readers). Every heading is a bookmark; page numbers come from @page rules.
"""

import gc
from functools import cache
from pathlib import Path

from django.template.loader import render_to_string

from .blocks import (
    BulletList,
    Document,
    Heading,
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


def _items(document: Document) -> list[tuple[str, object, list | None]]:
    items: list[tuple[str, object, list | None]] = []
    first_break_done = False
    for block in document.blocks:
        if isinstance(block, Heading):
            items.append(("heading", block, None))
        elif isinstance(block, Paragraph):
            items.append(("paragraph", block, None))
        elif isinstance(block, BulletList):
            items.append(("list", block, None))
        elif isinstance(block, Table | MonthGrid):
            table = block.as_table() if isinstance(block, MonthGrid) else block
            widths = None
            if table.widths:
                total = sum(table.widths)
                widths = [f"{100 * w / total:.2f}" for w in table.widths]
            items.append(("table", table, widths))
        elif isinstance(block, NotRequired):
            items.append(("not_required", block, None))
        elif isinstance(block, PageBreak):
            items.append(("page_break", block, None))
            if document.with_toc and not first_break_done:
                # The table of contents follows the title page, as in the DOCX.
                headings = [h for h in document.headings() if h.level <= 3 and h.bookmark]
                items.append(("toc", headings, None))
            first_break_done = True
    return items


def render_html(document: Document) -> str:
    document = printable(document)  # no control character reaches the HTML, the tags or the XMP
    return render_to_string("printing/document.html", {"document": document, "items": _items(document)})


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
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    # A FontConfiguration is fontconfig state that WeasyPrint mutates while laying out: one per
    # print, so concurrent requests never share it (loading the four fonts takes ~10 ms).
    fonts = FontConfiguration()
    html = HTML(string=render_html(document), base_url=str(STYLESHEET.parent))
    return html.write_pdf(
        stylesheets=[CSS(string=_stylesheet(), font_config=fonts)],
        font_config=fonts,
        pdf_variant=PDF_VARIANT,
        custom_metadata=True,
    )
