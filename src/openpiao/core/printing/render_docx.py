"""Render a blocks.Document as DOCX with python-docx: the Word file officials touch up.

Real heading styles (so Word's navigation pane and table of contents work), real tables
(header rows repeated on every page, merged cells), a TOC field that Word refreshes on
opening, the ente's name and the plan's years in the page header, "Pagina n di m" in the
footer. Tables are written directly as WordprocessingML: python-docx's cell API re-reads the
whole table on every access, which would make a 40-objective plan take seconds.
"""

import re
import zipfile
from datetime import UTC, datetime
from io import BytesIO
from xml.sax.saxutils import escape

from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

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

PAGE_WIDTH_CM = 21.0
MARGIN_CM = 2.0
TEXT_WIDTH_TWIPS = int((PAGE_WIDTH_CM - 2 * MARGIN_CM) / 2.54 * 1440)
BLUE = RGBColor(0x00, 0x4D, 0x99)  # the blue of the Designers Italia kit, for headings
HEADER_FILL = "DCE6F2"
BAR_FILL = "A9C8EA"  # a stretch of the cronoprogramma
FONT = "Arial"  # Liberation Sans on Linux, metric-compatible
_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
LANGUAGE = "it-IT"
# The cover's paragraphs, formatted directly (not the template's Title and Subtitle styles,
# which bring a border and theme fonts): size in points, bold, colour.
_COVER = {"title": (22, True, BLUE), "subtitle": (14, False, None)}


def render_docx(document: Document) -> bytes:
    document = printable(document)  # python-docx refuses the control characters XML forbids
    word = WordDocument()
    _set_up(word, document)
    body = word.element.body
    for index, block in enumerate(document.blocks):
        if isinstance(block, Heading):
            _styled(word, f"Heading{min(block.level, 9)}").add_run(block.text)
        elif isinstance(block, Paragraph):
            keep_with_next = _is_caption(block, document.blocks, index)
            _paragraph(word, block, keep_with_next=keep_with_next)
        elif isinstance(block, Image):
            paragraph = word.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.space_before = Cm(1)
            paragraph.add_run().add_picture(block.path, height=Cm(block.height_cm))
        elif isinstance(block, BulletList):
            for number, item in enumerate(block.items, start=1):
                paragraph = _styled(word, "ListParagraph" if block.ordered else "ListBullet")
                if block.ordered:
                    paragraph.paragraph_format.left_indent = Cm(0.8)
                    paragraph.paragraph_format.first_line_indent = Cm(-0.6)
                    paragraph.add_run(f"{number}. ")
                _add_runs(paragraph, item)
        elif isinstance(block, Table | MonthGrid):
            table = block.as_table() if isinstance(block, MonthGrid) else block
            body.insert(len(body) - 1, _table(table))  # before the final sectPr
            word.add_paragraph().paragraph_format.space_after = Pt(2)
        elif isinstance(block, NotRequired):
            paragraph = word.add_paragraph()
            run = paragraph.add_run(block.text)
            run.italic = True
        elif isinstance(block, PageBreak):
            word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    if document.with_toc:
        _insert_toc(word, document)
    buffer = BytesIO()
    word.save(buffer)
    if document.printed_at is not None:
        return _dated(buffer.getvalue(), document.printed_at)
    return buffer.getvalue()


def _dated(package: bytes, moment: datetime) -> bytes:
    """The DOCX package with every part dated `moment` (python-docx dates them now)."""
    source = zipfile.ZipFile(BytesIO(package))
    out = BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            dated = zipfile.ZipInfo(info.filename, date_time=moment.timetuple()[:6])
            dated.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(dated, source.read(info))
    return out.getvalue()


def _is_caption(block: Paragraph, blocks: list, index: int) -> bool:
    """A short label right before a table introduces it: kept on the table's page."""
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    return block.style in ("label", "small") and isinstance(following, Table | MonthGrid)


def _set_up(word, document: Document) -> None:
    # The template's own properties say "python-docx", 2013 and "Microsoft Macintosh Word":
    # every one is set here to the ente, the day of printing and OpenPIAO.
    now = document.printed_at or datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    properties = word.core_properties
    properties.title = document.title
    properties.author = document.organization
    properties.last_modified_by = document.organization
    properties.subject = document.subject
    properties.keywords = document.keywords
    properties.language = LANGUAGE
    properties.comments = "Prodotto da OpenPIAO dai dati del piano."
    properties.created = properties.modified = now
    properties.revision = 1
    properties.category = ""
    _app_properties(word)
    _theme_language(word)

    styles = word.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(4)
    _language(normal.element, LANGUAGE)
    for level, size in ((1, 16), (2, 13), (3, 11.5), (4, 10.5)):
        style = styles[f"Heading {level}"]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.color.rgb = BLUE
        _drop_theme_fonts(style.element)

    section = word.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN_CM))

    header = section.header.paragraphs[0]
    header.text = ""
    # The Header style has a centre and a right tab stop: two tabs reach the right margin.
    run = header.add_run(f"{document.organization}\t\t{document.header_right}")
    run.font.size = Pt(8)
    run.font.color.rgb = RGBColor(0x5C, 0x6F, 0x82)

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for part in ("Pagina ", "PAGE", " di ", "NUMPAGES"):
        if part in ("PAGE", "NUMPAGES"):
            _field(footer, part, "1")
        else:
            footer.add_run(part).font.size = Pt(8)

    # Ask Word to refresh fields (the table of contents, page numbers) when the file opens.
    settings = word.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _app_properties(word) -> None:
    """docProps/app.xml names the program that wrote the file: OpenPIAO, not the template's."""
    for part in word.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            xml = part.blob.decode("utf-8")
            xml = re.sub(r"<Application>[^<]*</Application>", "<Application>OpenPIAO</Application>", xml)
            xml = re.sub(r"<AppVersion>[^<]*</AppVersion>", "", xml)
            xml = re.sub(r"<Template>[^<]*</Template>", "", xml)
            part._blob = xml.encode("utf-8")


def _theme_language(word) -> None:
    """Italian for spelling and hyphenation: the document defaults and the theme fonts."""
    settings = word.settings.element
    for element in settings.iter(qn("w:themeFontLang")):
        element.set(qn("w:val"), LANGUAGE)
    for element in word.styles.element.iter(qn("w:docDefaults")):
        for lang in element.iter(qn("w:lang")):
            lang.set(qn("w:val"), LANGUAGE)
            lang.set(qn("w:eastAsia"), LANGUAGE)


def _drop_theme_fonts(style_element) -> None:
    """Heading styles of the default template point to theme fonts; use FONT instead."""
    fonts = style_element.rPr.rFonts if style_element.rPr is not None else None
    if fonts is None:
        return
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)


def _language(style_element, language: str) -> None:
    rpr = style_element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), language)
    rpr.append(lang)


def _field(paragraph, instruction: str, placeholder: str) -> None:
    """A complex field (PAGE, NUMPAGES …) with a cached result to show before refresh."""
    size = Pt(8)
    _field_char(paragraph, "begin", size)
    _field_instruction(paragraph, instruction, size)
    _field_char(paragraph, "separate", size)
    paragraph.add_run(placeholder).font.size = size
    _field_char(paragraph, "end")


def _field_char(paragraph, kind: str, size=None) -> None:
    """A run marking where a field begins, where its cached result starts, or where it ends."""
    run = _sized_run(paragraph, size)
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run._r.append(char)


def _field_instruction(paragraph, instruction: str, size=None) -> None:
    run = _sized_run(paragraph, size)
    element = OxmlElement("w:instrText")
    element.set(qn("xml:space"), "preserve")
    element.text = f" {instruction} "
    run._r.append(element)


def _sized_run(paragraph, size):
    run = paragraph.add_run()
    if size is not None:
        run.font.size = size
    return run


def _insert_toc(word, document: Document) -> None:
    """A TOC field after the title page, cached with the headings so it reads before refresh."""
    body = word.element.body
    anchor = next((i for i, el in enumerate(body) if _is_page_break(el)), None)
    position = anchor + 1 if anchor is not None else 0
    elements = []
    title = word.add_paragraph(
        "Sommario", style="TOC Heading" if "TOC Heading" in _style_names(word) else None
    )
    elements.append(title._p)
    paragraph = word.add_paragraph()
    _field_char(paragraph, "begin")
    _field_instruction(paragraph, 'TOC \\o "1-3" \\h \\z \\u')
    _field_char(paragraph, "separate")
    elements.append(paragraph._p)
    headings = [h for h in document.headings() if h.level <= 3]
    for heading in headings:
        entry = word.add_paragraph()
        entry.paragraph_format.left_indent = Cm(0.5 * (heading.level - 1))
        entry.paragraph_format.space_after = Pt(0)
        entry.add_run(heading.text)
        elements.append(entry._p)
    closing = word.add_paragraph()
    _field_char(closing, "end")
    closing.add_run().add_break(WD_BREAK.PAGE)
    elements.append(closing._p)
    # The cached entries must sit inside the field: move "end" after them.
    for element in elements:
        body.remove(element)
    for offset, element in enumerate(elements):
        body.insert(position + offset, element)


def _style_names(word) -> set[str]:
    return {style.name for style in word.styles}


def _is_page_break(element) -> bool:
    return element.tag == qn("w:p") and any(br.get(qn("w:type")) == "page" for br in element.iter(qn("w:br")))


def _styled(word, style_id: str):
    """A new paragraph with a style set by its id (looking styles up by name is slow)."""
    paragraph = word.add_paragraph()
    if style_id != "Normal":
        paragraph._p.style = style_id
    return paragraph


def _paragraph(word, block: Paragraph, *, keep_with_next: bool = False) -> None:
    paragraph = word.add_paragraph()
    paragraph.alignment = _ALIGN.get(block.align, WD_ALIGN_PARAGRAPH.LEFT)
    if keep_with_next:
        paragraph.paragraph_format.keep_with_next = True
    _add_runs(paragraph, block.content)
    if block.style in _COVER:
        size, bold, colour = _COVER[block.style]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(12)
        paragraph.paragraph_format.space_after = Pt(12)
        for run in paragraph.runs:
            run.font.size = Pt(size)
            run.bold = bold or run.bold
            if colour is not None:
                run.font.color.rgb = colour
    elif block.style == "lead":
        for run in paragraph.runs:
            run.font.size = Pt(12)
    elif block.style in ("small", "label"):
        for run in paragraph.runs:
            run.font.size = Pt(8.5)


def _add_runs(paragraph, content) -> None:
    for piece in content:
        run = paragraph.add_run(piece.text)
        if piece.bold:
            run.bold = True
        if piece.italic:
            run.italic = True


# --- tables as WordprocessingML --------------------------------------------------------
# Written as text and parsed once: building tens of thousands of elements one by one is the
# slowest part of a DOCX otherwise.

_TABLE_PROPERTIES = (
    # CT_TblPr's order (ECMA-376): tblStyle, tblW, tblBorders, tblLayout, tblCellMar.
    '<w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{width}" w:type="dxa"/><w:tblBorders>'
    + "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="7F8C9D"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    + '</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="28" w:type="dxa"/>'
    '<w:left w:w="85" w:type="dxa"/><w:bottom w:w="28" w:type="dxa"/><w:right w:w="85" w:type="dxa"/>'
    "</w:tblCellMar></w:tblPr>"
)
_BOLD = {True: "<w:b/>", False: ""}
_ITALIC = {True: "<w:i/>", False: ""}
_ALIGN_XML = {"left": "", "center": '<w:jc w:val="center"/>', "right": '<w:jc w:val="right"/>'}


def _table(table: Table):
    columns = table.column_count
    weights = table.widths or [1] * columns
    total = sum(weights)
    widths = [int(TEXT_WIDTH_TWIPS * w / total) for w in weights]
    size = "15" if table.compact else "17"  # half-points: 7.5 and 8.5 pt
    parts = [f"<w:tbl {nsdecls('w')}>", _TABLE_PROPERTIES.format(width=sum(widths)), "<w:tblGrid>"]
    parts += [f'<w:gridCol w:w="{width}"/>' for width in widths]
    parts.append("</w:tblGrid>")
    grid = table.grid()
    last = len(grid) - 1
    for index, row in enumerate(grid):
        header = "<w:tblHeader/>" if index < table.header_rows else ""
        # Word keeps a row with the next one when its paragraphs "keep with next": the header
        # rows and the first body row stay with what follows, the last row never goes alone.
        keep = index <= table.header_rows or (index == last - 1 and last - table.header_rows >= 2)
        parts.append(f"<w:tr><w:trPr><w:cantSplit/>{header}</w:trPr>")
        for column, cell, continues in row:
            properties = f'<w:tcW w:w="{sum(widths[column : column + cell.colspan])}" w:type="dxa"/>'
            if cell.colspan > 1:
                properties += f'<w:gridSpan w:val="{cell.colspan}"/>'
            if cell.rowspan > 1:
                properties += "<w:vMerge/>" if continues else '<w:vMerge w:val="restart"/>'
            if cell.header or cell.bar:
                fill = BAR_FILL if cell.bar else HEADER_FILL
                properties += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
            parts.append(f'<w:tc><w:tcPr>{properties}<w:vAlign w:val="top"/></w:tcPr>')
            parts.append(
                _cell_paragraphs([] if continues else cell.content, cell, size, keep and index < last)
            )
            parts.append("</w:tc>")
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return parse_xml("".join(parts))


def _cell_paragraphs(content, cell, size: str, keep_with_next: bool = False) -> str:
    """One paragraph per line of the cell's text (line breaks in runs split paragraphs)."""
    lines: list[list] = [[]]
    for run in content:
        for number, part in enumerate(run.text.split("\n")):
            if number:
                lines.append([])
            if part:
                lines[-1].append((part, run.bold or cell.header, run.italic))
    keep = "<w:keepNext/>" if keep_with_next else ""
    paragraph_properties = (
        f'<w:pPr>{keep}<w:spacing w:before="0" w:after="0"/>{_ALIGN_XML[cell.align]}</w:pPr>'
    )
    size_xml = f'<w:sz w:val="{size}"/>'
    paragraphs = []
    for line in lines:
        runs = "".join(
            f"<w:r><w:rPr>{_BOLD[bold]}{_ITALIC[italic]}{size_xml}</w:rPr>"
            f'<w:t xml:space="preserve">{_text(text)}</w:t></w:r>'
            for text, bold, italic in line
        )
        paragraphs.append(f"<w:p>{paragraph_properties}{runs}</w:p>")
    return "".join(paragraphs)


def _text(value: str) -> str:
    """Escape for XML (the text is already `printable`)."""
    return escape(value)
