"""The leaner PDF (core.printing.pdf_lean, issue 12): the same file in less memory and time."""

import subprocess
import tracemalloc

from openpiao.core.printing import pdf_lean, pdf_tags
from openpiao.core.printing.blocks import (
    BulletList,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    Table,
    cell,
    runs,
)
from openpiao.core.printing.render_pdf import PDF_VARIANT, STYLESHEET, _stylesheet, render_html, render_pdf


def _document(rows: int = 40) -> Document:
    document = Document(title="Piano di prova", organization="Comune di Prova", header_right="PIAO 2024-2026")
    header = [cell(name, header=True) for name in ("Obiettivo", "Indicatore", "Target", "Peso")]
    body = [
        [cell(f"Obiettivo {n}"), cell("Tempo medio"), cell(f"{n} giorni"), cell("10")] for n in range(rows)
    ]
    document.add(
        Paragraph.of("Piano di prova", style="title"),
        PageBreak(),
        Heading(1, "Sezione 1 - Obiettivi", "sezione-1"),
        Paragraph.of("Tabella 1", style="label"),
        Table([header, *body]),
        Heading(2, "Sottosezione 1.1 - Azioni", "sezione-1-1"),
        BulletList([runs("Prima azione"), runs("Seconda azione")]),
    )
    return document


def _write(html_class, document: Document, **options) -> bytes:
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    pdf_tags.install()
    pdf_lean.install()
    fonts = FontConfiguration()
    html = html_class(string=render_html(document), base_url=str(STYLESHEET.parent))
    return html.write_pdf(
        stylesheets=[CSS(string=_stylesheet(), font_config=fonts)],
        font_config=fonts,
        pdf_variant=PDF_VARIANT,
        custom_metadata=True,
        **options,
    )


def test_at_pydyfs_compression_the_file_is_weasyprints_byte_for_byte(monkeypatch):
    """The lean stylesheet and the single serialization change nothing in the file: at pydyf's own
    compression level the bytes are those WeasyPrint writes by itself."""
    from weasyprint import HTML

    document = _document()
    plain = _write(HTML, document)
    monkeypatch.setattr(pdf_lean, "_COMPRESSION_LEVEL", 9)
    assert _write(pdf_lean.lean_html(), document, finisher=pdf_lean.freeze_objects) == plain


def test_the_printed_file_reads_as_before(tmp_path):
    """Compressed at zlib's default level, the PDF/A shows the same text on the same pages."""
    from weasyprint import HTML

    document = _document(rows=120)
    texts = []
    for name, pdf in (("prima", _write(HTML, document)), ("ora", render_pdf(document))):
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(pdf)
        texts.append(
            subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
        )
        meta = subprocess.run(["pdfinfo", "-meta", str(path)], capture_output=True, text=True).stdout
        assert 'pdfaid:part="3" pdfaid:conformance="A"' in meta
    assert texts[0] == texts[1] and texts[0].count("\f") >= 3
    assert "Obiettivo 119" in texts[1]


def test_the_layout_of_a_table_takes_a_third_less_memory():
    """Without the note and footnote pseudo-elements of every cell, laying out a table-heavy plan
    holds much less memory (Casorate's PIAO: 190 MB -> 115 MB)."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    document = _document(rows=300)

    def peak(html_class) -> int:
        fonts = FontConfiguration()
        html = html_class(string=render_html(document), base_url=str(STYLESHEET.parent))
        tracemalloc.start()
        try:
            html.render(stylesheets=[CSS(string=_stylesheet(), font_config=fonts)], font_config=fonts)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    assert peak(pdf_lean.lean_html()) < 0.67 * peak(HTML)


def _tree(element) -> tuple:
    children = tuple(_tree(child) for child in element)
    return (element.tag, dict(element.attrib), element.text or "", element.tail or "", children)


def test_the_html_is_read_as_xml_into_the_tree_of_the_html5_parser():
    import tinyhtml5

    document = _document(rows=3)
    document.subject = "Piano di prova\r\ndel Comune\tdi Prova"
    document.add(
        Table([[cell("Prima riga\nseconda riga"), cell("«virgolette» & 'apici' <no>")]], widths=[1, 2])
    )
    html = render_html(document)
    lean = pdf_lean.lean_html()(string=html, base_url=str(STYLESHEET.parent))
    assert _tree(lean.etree_element) == _tree(tinyhtml5.parse(html, namespace_html_elements=False))
    # Not well-formed XML: WeasyPrint's own HTML5 parser reads it.
    loose = pdf_lean.lean_html()(string="<p>Uno<br>due", base_url=str(STYLESHEET.parent))
    assert [e.tag for e in loose.etree_element.iter()] == ["html", "head", "body", "p", "br"]


def test_a_whole_plan_is_well_formed_xml(casorate):
    from xml.etree import ElementTree

    from openpiao.documents.builder import build_document

    root = ElementTree.fromstring(render_html(build_document(casorate)))
    assert root.find("body/nav") is not None and len(root.findall(".//table")) > 100
