"""Less memory and less time for WeasyPrint's PDF of a long plan, with the same pages.

Measured on Casorate's PIAO (benchmarks/print_piao.py, issue 12); each change keeps the pages,
the tags, the bookmarks and the PDF/A conformance of the file as they were:

- `lean_html`: WeasyPrint's user-agent stylesheet gives every element of the document a
  `::marker` and five footnote and note pseudo-elements (`::footnote-call`, `::note-marker`…),
  each with a computed style of its own: six styles more per table cell, two thirds of the
  memory of a laid-out plan. The plan has no footnotes or notes and its only markers are those
  of list items, so the stylesheet used here is WeasyPrint's with those rules limited to `li`
  or left out. WeasyPrint's own tests replace the user-agent stylesheet the same way.
- parsing: the HTML written by render_pdf is well-formed XML, read by the standard library's
  C parser into the same tree WeasyPrint's pure-Python HTML5 parser builds (anything else goes
  to WeasyPrint's parser);
- page content: once a page is painted, its thousands of drawing operators are joined into
  one piece of bytes (what pydyf would write later), instead of staying small objects until
  the file is written;
- writing: pydyf serializes every object twice when the file has an identifier (which PDF/A
  requires: the identifier is a hash of all objects), compressing every stream twice at
  zlib's slowest level. `freeze_objects` serializes each object once, compressing at zlib's
  default level (the files grow by about 2%), and the write reuses those bytes;
- tags: the structure tree asks pydyf for the list of page references once per element, and
  pydyf builds that list anew on every call; it is built once here, while the tags are added.

`install()` wraps WeasyPrint once per process, like pdf_tags.install().
"""

import zlib
from functools import cache
from xml.etree import ElementTree

_installed = False

# Rules of WeasyPrint's html5_ua.css that apply to every element of any document.
_UNIVERSAL_PSEUDO = (
    "::footnote-call ",
    "::footnote-marker ",
    "::note-call ",
    "::note-marker ",
    "::note-callback ",
)
_COMPRESSION_LEVEL = 6  # zlib's default; pydyf uses 9, slower for 1-2% less


@cache
def lean_html():
    """weasyprint.HTML with the user-agent stylesheet for documents without notes or footnotes."""
    from weasyprint import CSS, HTML
    from weasyprint import html as weasy_html
    from weasyprint.css.counters import CounterStyle

    lines = [line for line in weasy_html.UA.splitlines() if not line.startswith(_UNIVERSAL_PSEUDO)]
    text = "\n".join("li" + line if line.startswith("::marker ") else line for line in lines)
    # Its @counter-style rules are already in WeasyPrint's UA_COUNTER_STYLE, which every render
    # copies: read again, they go to a dictionary of their own (into the shared one, WeasyPrint
    # would warn that «disc» and «decimal» are defined twice).
    stylesheet = CSS(string=text, counter_style=CounterStyle())

    class LeanHTML(HTML):
        def __init__(self, *, string: str, base_url: str):
            """The document of `string`, read as XML when it is well-formed (render_html writes
            it so): the tree is the one WeasyPrint's HTML5 parser builds, in a tenth of the time."""
            import cssselect2
            from weasyprint.urls import URLFetcher, ensure_url

            try:
                root = ElementTree.fromstring(string)
            except ElementTree.ParseError:
                super().__init__(string=string, base_url=base_url)
                return
            self.base_url = ensure_url(base_url)
            self.url_fetcher = URLFetcher()
            self.media_type = "print"
            self.wrapper_element = cssselect2.ElementWrapper.from_html_root(root, content_language=None)
            self.etree_element = self.wrapper_element.etree_element

        def _ua_stylesheets(self, forms=False):
            return [stylesheet]

    return LeanHTML


def install() -> None:
    global _installed
    if _installed:
        return
    import pydyf
    from weasyprint import document, pdf

    paint = document.Page.paint
    add_tags = pdf.add_tags

    def paint_compacted(self, stream, scale=1):
        paint(self, stream, scale)
        stream.stream = [b"\n".join(pydyf._to_bytes(item) for item in stream.stream)]

    class _PagesKnown(pydyf.PDF):
        page_references = ()  # shadows pydyf's property: the instance holds the tuple

    def add_tags_pages_known(pdf_file, *args, **kwargs):
        kind = pdf_file.__class__
        references = pdf_file.page_references
        pdf_file.__class__ = _PagesKnown
        pdf_file.page_references = references
        try:
            return add_tags(pdf_file, *args, **kwargs)
        finally:
            del pdf_file.page_references
            pdf_file.__class__ = kind

    document.Page.paint = paint_compacted
    pdf.add_tags = add_tags_pages_known
    _installed = True


def freeze_objects(document, pdf_file) -> None:
    """A `finisher` for Document.write_pdf: every object of the finished file serialized once,
    after the laid-out pages are let go."""
    import pydyf

    class Frozen(pydyf.Object):
        def __init__(self, source, data: bytes):
            super().__init__()
            self.number, self.generation, self.free = source.number, source.generation, source.free
            self._data = data
            self._compressible = source.compressible

        @property
        def data(self) -> bytes:
            return self._data

        @property
        def compressible(self) -> bool:
            return self._compressible

    # The laid-out pages were painted and tagged: nothing reads them any more, and writing the
    # file reuses their memory.
    document.pages.clear()
    objects = pdf_file.objects
    for index, source in enumerate(objects):
        if source.free == "f":
            continue
        data = _stream_data(source) if isinstance(source, pydyf.Stream) else source.data
        objects[index] = Frozen(source, data)


def _stream_data(stream) -> bytes:
    """pydyf.Stream.data, compressing at `_COMPRESSION_LEVEL`."""
    import pydyf

    content = b"\n".join(pydyf._to_bytes(item) for item in stream.stream)
    extra = pydyf.Dictionary(stream.extra.copy())
    if stream.compress:
        extra["Filter"] = "/FlateDecode"
        compressor = zlib.compressobj(level=_COMPRESSION_LEVEL)
        content = compressor.compress(content) + compressor.flush()
    extra["Length"] = len(content)
    return b"\n".join((extra.data, b"stream", content, b"endstream"))
