"""The ente's own text (premesse, contesto, strategia) written as simple paragraphs.

Users write plain text in a textarea; a few marks give it shape, like an e-mail:

    a blank line starts a new paragraph
    - item            a bulleted list (also "* item" or "• item")
    1. item           a numbered list (also "a) item")
    ### Titolo        a small heading inside the section
    **grassetto**     bold, and *corsivo* or _corsivo_ italic

The text is stored as written and escaped when printed, so nothing a user types can
inject markup into the page or the document. No Django import.
"""

import re

from .blocks import BulletList, Heading, Paragraph, Run

# The marks above, as the text field's help says them to the user.
MARKS_HELP = (
    "Una riga vuota separa i paragrafi; «- » all'inizio della riga crea un elenco puntato, "
    "«1. » un elenco numerato, «### » un titoletto; **grassetto** e *corsivo*."
)

_BULLET = re.compile(r"^\s*(?:[-*•–]|-\))\s+(.*)$")
_NUMBERED = re.compile(r"^\s*(?:\d{1,3}[.)]|[a-z][.)])\s+(.*)$")
_HEADING = re.compile(r"^#{1,6}\s+(.*)$")
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


def parse(text: str, *, heading_level: int = 4) -> list:
    """Blocks (paragraphs, lists, small headings) for a text written with the marks above."""
    blocks: list = []
    paragraph: list[str] = []
    items: list[list[Run]] = []
    ordered = False

    def flush_paragraph() -> None:
        if paragraph:
            blocks.append(Paragraph(inline(" ".join(line.strip() for line in paragraph)), align="justify"))
            paragraph.clear()

    def flush_list() -> None:
        if items:
            blocks.append(BulletList(list(items), ordered=ordered))
            items.clear()

    for raw in (text or "").replace("\r\n", "\n").split("\n"):
        line = raw.rstrip()
        if not line.strip():
            flush_paragraph()
            flush_list()
            continue
        if heading := _HEADING.match(line):
            flush_paragraph()
            flush_list()
            blocks.append(Heading(heading_level, heading.group(1).strip()))
            continue
        bullet = _BULLET.match(line)
        number = None if bullet else _NUMBERED.match(line)
        if bullet or number:
            flush_paragraph()
            if items and ordered != bool(number):
                flush_list()
            ordered = bool(number)
            items.append(inline((bullet or number).group(1).strip()))
            continue
        if items and raw[:1].isspace():
            # An indented line continues the list item above it.
            items[-1] = items[-1] + [Run(" ")] + inline(line.strip())
            continue
        flush_list()
        paragraph.append(line)
    flush_paragraph()
    flush_list()
    return blocks
