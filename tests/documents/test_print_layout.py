"""The printed plan's layout: what a print shop (and a screen reader) would check.

DOCX: the WordprocessingML elements in the schema's order, the file's own properties, the cover
without the template's Title style, rows and captions kept together. PDF: the running header,
page furniture as artifacts, links described by their text, captions and rows kept together, the ente's text
never read as markup. And two
tables of Sezione 2.1 as the seed prints them.
"""

import re
import subprocess
import zipfile
from datetime import UTC, date, datetime
from io import BytesIO

from lxml import etree

from openpiao.core.printing.blocks import Document, Heading, Image, PageBreak, Paragraph, Table, cell
from openpiao.core.printing.render_docx import render_docx
from openpiao.core.printing.render_pdf import drawable, render_pdf, render_source
from openpiao.documents.builder import build_document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# ECMA-376 Part 1, the child sequences of the property elements the renderer writes (only the
# children it may write are listed; the order is the schema's).
SEQUENCES = {
    "tblPr": ["tblStyle", "tblW", "jc", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook"],
    "trPr": ["cantSplit", "trHeight", "tblHeader", "jc"],
    "tcPr": ["tcW", "gridSpan", "vMerge", "tcBorders", "shd", "noWrap", "tcMar", "vAlign"],
    "pPr": [
        "pStyle", "keepNext", "keepLines", "pageBreakBefore", "widowControl", "numPr", "pBdr", "shd",
        "tabs", "spacing", "ind", "contextualSpacing", "jc", "outlineLvl", "rPr", "sectPr",
    ],
    "rPr": [
        "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "noProof", "color", "spacing", "kern", "sz",
        "szCs", "u", "lang",
    ],
}  # fmt: skip


def _document_xml(docx: bytes) -> etree._Element:
    with zipfile.ZipFile(BytesIO(docx)) as package:
        return etree.fromstring(package.read("word/document.xml"))


def _order_problems(root) -> list[str]:
    problems = []
    for name, sequence in SEQUENCES.items():
        for element in root.iter(W + name):
            children = [etree.QName(child).localname for child in element]
            unknown = [c for c in children if c not in sequence]
            positions = [sequence.index(c) for c in children if c in sequence]
            if unknown or positions != sorted(positions):
                problems.append(f"{name}: {children}")
    return sorted(set(problems))


def test_document_xml_follows_the_schema_order(casorate):
    root = _document_xml(render_docx(build_document(casorate)))
    assert list(root.iter(W + "tblPr")), "no table printed"
    assert _order_problems(root) == []


def test_the_order_check_catches_the_old_table_properties():
    wrong = etree.fromstring(
        f'<w:tbl xmlns:w="{W[1:-1]}"><w:tblPr><w:tblLayout w:type="fixed"/><w:tblBorders/></w:tblPr></w:tbl>'
    )
    assert _order_problems(wrong) == ["tblPr: ['tblLayout', 'tblBorders']"]


def _small_document() -> Document:
    document = Document(title="Piano di prova", organization="Comune di Prova", header_right="PIAO 2024-2026")
    rows = [[cell("Voce", header=True), cell("Valore", header=True)]] + [
        [cell(f"riga {n}"), cell(str(n))] for n in range(5)
    ]
    document.add(
        Paragraph.of("Piano di prova", style="title"),
        PageBreak(),
        Heading(1, "Sezione 1 - Prova", "sezione-1"),
        Paragraph.of("Tabella 1", style="label"),
        Table(rows),
        Heading(1, "Sezione 2 - Seguito", "sezione-2"),
        Paragraph.of("Testo."),
    )
    return document


def test_docx_properties_are_the_entes_not_the_templates():
    docx = render_docx(_small_document())
    with zipfile.ZipFile(BytesIO(docx)) as package:
        core = package.read("docProps/core.xml").decode()
        app = package.read("docProps/app.xml").decode()
        settings = package.read("word/settings.xml").decode()
        styles = package.read("word/styles.xml").decode()
    assert "<dc:creator>Comune di Prova</dc:creator>" in core
    assert "<dc:title>Piano di prova</dc:title>" in core and "<dc:language>it-IT</dc:language>" in core
    assert f'<dcterms:created xsi:type="dcterms:W3CDTF">{date.today().year}' in core
    assert "python-docx" not in core and "2013" not in core
    assert "<Application>OpenPIAO</Application>" in app and "Macintosh" not in app
    assert re.search(r'<w:themeFontLang w:val="it-IT"', settings)
    docdefaults = styles[styles.index("<w:docDefaults>") : styles.index("</w:docDefaults>")]
    assert 'w:val="it-IT"' in docdefaults and "en-US" not in docdefaults


def test_docx_cover_caption_and_rows():
    root = _document_xml(render_docx(_small_document()))
    styles = {s.get(W + "val") for s in root.iter(W + "pStyle")}
    assert not styles & {"Title", "Subtitle"}
    caption = next(p for p in root.iter(W + "p") if "".join(p.itertext()) == "Tabella 1")
    assert caption.find(f"{W}pPr/{W}keepNext") is not None
    rows = list(next(root.iter(W + "tbl")).iter(W + "tr"))
    kept = [r.find(f".//{W}keepNext") is not None for r in rows]
    # The header and the first row stay with the next; the last row never goes alone.
    assert kept == [True, True, False, False, True, False]
    margins = next(root.iter(W + "tblCellMar"))
    assert [etree.QName(m).localname for m in margins] == ["top", "left", "bottom", "right"]


def _pdf_text(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "piano.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    return text.split("\f")


def test_pdf_has_the_running_header_from_the_second_page(tmp_path):
    pages = _pdf_text(render_pdf(_small_document()), tmp_path)
    assert "Comune di Prova" not in pages[0]
    for page in pages[1:3]:
        first_line = page.strip().splitlines()[0]
        assert "Comune di Prova" in first_line and "PIAO 2024-2026" in first_line


def test_pdf_keeps_a_caption_with_its_table(tmp_path):
    """Wherever the page ends near a caption, the caption and the table's first row share a page."""
    caption_pages = set()
    for lines in range(36, 48, 2):
        document = _small_document()
        at = next(i for i, b in enumerate(document.blocks) if getattr(b, "text", "") == "Tabella 1")
        document.blocks[at:at] = [Paragraph.of(f"Riga di riempimento {n}.") for n in range(lines)]
        pages = _pdf_text(render_pdf(document), tmp_path)
        with_caption = next(i for i, page in enumerate(pages) if "Tabella 1" in page)
        assert "riga 0" in pages[with_caption], lines
        caption_pages.add(with_caption)
    assert caption_pages == {2, 3}  # Sezione 1 starts on the third page; some fillers end it


def test_a_row_too_tall_for_a_page_breaks_and_loses_nothing(tmp_path):
    """110 short lines in one cell (549 characters) are taller than a page: every line prints."""
    tall = "\n".join(f"voce {n}" for n in range(110))
    table = Table([[cell("Voce", header=True), cell("Nota", header=True)], [cell(tall), cell("breve")]])
    document = _small_document()
    document.add(table)
    text = " ".join(_pdf_text(render_pdf(document), tmp_path))
    assert all(f"voce {n}" in text for n in range(110))
    source = render_source(
        Document(title="t", organization="o", header_right="h", blocks=[table], with_toc=False)
    )
    assert source.count("breakable: true") == 2  # both cells of the tall row; the header row stays whole


def test_a_short_row_stays_whole():
    table = Table([[cell("Voce", header=True)], [cell("breve " * 40)], [cell("\n".join(["riga"] * 8))]])
    document = Document(title="t", organization="o", header_right="h", blocks=[table], with_toc=False)
    assert "breakable: true" not in render_source(document)


def test_compact_tables_print_smaller():
    document = _small_document()
    document.add(Table([[cell("Mese", header=True)], [cell("gen")]], compact=True))
    content = _streams(render_pdf(document))
    assert re.search(rb"/f\d+ 7\.5 Tf", content) and re.search(rb"/f\d+ 8\.5 Tf", content)


def test_characters_no_font_draws_do_not_stop_the_print(tmp_path):
    """Pasted from Word or a chat: its symbol bullets, an emoji, CJK, a private-use character,
    a byte order mark. PDF/A refuses a character without a glyph: they are replaced."""
    pasted = "\uf0b7 primo punto ✅ 中文 \ue000 fine\ufeff"
    document = _small_document()
    document.add(Paragraph.of(pasted), Table([[cell(pasted, header=True)], [cell(pasted)]]))
    text = " ".join(_pdf_text(render_pdf(document), tmp_path))
    assert text.count("• primo punto") == 3 and text.count("fine") >= 3
    assert drawable("\uf0b7 ok") == "• ok" and drawable("ok\ufeff") == "ok"
    assert drawable("Perché l'ente: «sì» – 10 €") == "Perché l'ente: «sì» – 10 €"


def test_a_cmyk_picture_prints(tmp_path):
    from PIL import Image as Picture

    path = tmp_path / "stemma.jpg"
    Picture.new("CMYK", (60, 80), (0, 80, 80, 0)).save(path)
    document = _small_document()
    document.blocks.insert(0, Image(str(path), "Stemma del Comune di Prova"))
    assert re.search(rb"/Subtype\s*/Image", render_pdf(document))


def test_a_heading_without_anchor_is_a_bookmark_but_not_in_the_contents(tmp_path):
    document = _small_document()
    document.add(Heading(2, "Intestazione senza ancora"))
    path = tmp_path / "piano.pdf"
    path.write_bytes(render_pdf(document))
    pages = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.split("\f")
    assert "Sommario" in pages[1] and "Sezione 2 - Seguito" in pages[1]
    assert "Intestazione senza ancora" not in pages[1]
    outline = subprocess.run(
        ["pdftohtml", "-xml", "-i", "-stdout", str(path)], capture_output=True, text=True
    )
    assert "Intestazione senza ancora</item>" in outline.stdout


def test_a_moment_without_time_zone_is_read_as_utc_as_in_the_docx():
    naive = _small_document()
    naive.printed_at = datetime(2025, 1, 31, 12, 0)
    aware = _small_document()
    aware.printed_at = datetime(2025, 1, 31, 12, 0, tzinfo=UTC)
    assert render_pdf(naive) == render_pdf(aware)


def _streams(pdf: bytes) -> bytes:
    """The PDF with its compressed streams inflated, to read the operators."""
    import zlib

    inflated = [pdf]
    for match in re.finditer(rb"stream\r?\n", pdf):
        try:
            inflated.append(zlib.decompressobj().decompress(pdf[match.end() :]))
        except zlib.error:
            continue
    return b"\n".join(inflated)


def test_page_header_and_footer_are_artifacts():
    pdf = _streams(render_pdf(_small_document()))
    # Every page but the title page has its header and footer, each marked as pagination artifact.
    artifacts = re.findall(rb"/Artifact\s*<<[^>]*/Type\s*/Pagination[^>]*>>\s*BDC(.*?)EMC", pdf, re.S)
    written = [a for a in artifacts if b"Tj" in a or b"TJ" in a]
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    assert len(written) == 2 * (pages - 1)  # the title page has none


def test_links_are_described_by_their_text():
    pdf = _streams(render_pdf(_small_document()))
    contents = re.findall(rb"/Contents\s*(\([^)]*\)|<[0-9a-fA-F]+>)", pdf)
    decoded = [_pdf_string(c) for c in contents]
    assert any("Sezione 1 - Prova" in c for c in decoded) and any("Sezione 2 - Seguito" in c for c in decoded)
    assert not [c for c in decoded if c.startswith("sezione-")]


def test_what_an_ente_writes_prints_as_text_never_as_markup(tmp_path):
    hostile = '#pagebreak() *grassetto* [x] <a> @b $c$ \\ "virgolette" // commento'
    document = _small_document()
    document.add(Paragraph.of(hostile), Table([[cell(hostile, header=True)], [cell(hostile)]]))
    text = " ".join(" ".join(page.split()) for page in _pdf_text(render_pdf(document), tmp_path))
    assert text.count(" ".join(hostile.split())) == 3


def _pdf_string(raw: bytes) -> str:
    if raw.startswith(b"<"):
        data = bytes.fromhex(raw[1:-1].decode())
        return data[2:].decode("utf-16-be") if data.startswith(b"\xfe\xff") else data.decode("latin-1")
    return raw[1:-1].decode("latin-1")


def test_dup_objectives_print_their_title_once_and_no_column_of_dashes(casorate):
    document = build_document(casorate)
    start = next(
        i for i, b in enumerate(document.blocks) if getattr(b, "bookmark", "") == "sezione-2-1-strategici"
    )
    tables = [b for b in document.blocks[start:] if isinstance(b, Table)][:3]
    assert tables
    for table in tables:
        headers = [c.text for c in table.rows[0]]
        assert headers == ["Obiettivi strategici di mandato"]  # no objective of the demo names a programme
        for row in table.rows[1:]:
            title = row[0].content[0].text
            assert row[0].text.count(title) == 1, row[0].text


def test_empty_columns_are_dropped_but_not_filled_ones():
    table = Table(
        [
            [cell("A", header=True), cell("B", header=True), cell("C", header=True)],
            [cell("1"), cell("—"), cell("x")],
            [cell("2"), cell(""), cell("")],
        ],
        widths=[3, 1, 2],
    ).without_empty_columns()
    assert [[c.text for c in row] for row in table.rows] == [["A", "C"], ["1", "x"], ["2", ""]]
    assert table.widths == [3, 2]
