"""Two corrections to WeasyPrint's tagged PDF (PDF/A-3a), for screen readers:

- the page headers and footers (CSS margin boxes) are page furniture: their text is written as
  an /Artifact, not as marked content. WeasyPrint 70 marks it like body text and leaves it out
  of the structure tree, so a reader finds text that is neither tagged nor an artifact;
- a link's alternate description (/Contents) is the text of the link (the heading a table of
  contents entry leads to), not its target anchor ("sezione-2-1", "unita-13").

`install()` wraps two WeasyPrint functions once per process; everything else is WeasyPrint's.
"""

from contextlib import contextmanager

_installed = False


def install() -> None:
    global _installed
    if _installed:
        return
    from weasyprint import draw, pdf
    from weasyprint.formatting_structure import boxes
    from weasyprint.pdf.stream import Stream

    draw_stacking_context = draw.draw_stacking_context
    marked = Stream.marked
    add_links = pdf.add_links

    def draw_margins_as_artifacts(stream, stacking_context):
        if stream._tags is None or not isinstance(stacking_context.box, boxes.MarginBox):
            return draw_stacking_context(stream, stacking_context)
        with stream.artifact():
            stream.in_artifact = True
            try:
                return draw_stacking_context(stream, stacking_context)
            finally:
                stream.in_artifact = False

    @contextmanager
    def marked_unless_artifact(self, box, tag):
        if getattr(self, "in_artifact", False):
            # Registered so the tag tree still finds the box, but written as artifact content.
            self._tags[box] = {"tag": tag, "mcid": len(self._tags)}
            yield
            return
        with marked(self, box, tag):
            yield

    def links_described_by_their_text(links_and_anchors, *args, **kwargs):
        add_links(links_and_anchors, *args, **kwargs)
        for _kind, _target, _rectangle, box in links_and_anchors[0]:
            annotation = getattr(box, "link_annotation", None)
            element = getattr(box, "element", None)
            text = " ".join("".join(element.itertext()).split()) if element is not None else ""
            if annotation is not None and text:
                annotation["Contents"] = _pdf_string(text)

    draw.draw_stacking_context = draw_margins_as_artifacts
    Stream.marked = marked_unless_artifact
    pdf.add_links = links_described_by_their_text
    _installed = True


def _pdf_string(text: str):
    import pydyf

    return pydyf.String(text)
