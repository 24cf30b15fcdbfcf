"""The two formats a document prints to, and a printed file as a page sends it."""

from dataclasses import dataclass

from .render_docx import render_docx
from .render_pdf import render_pdf

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
RENDERERS = {"pdf": render_pdf, "docx": render_docx}


@dataclass(frozen=True)
class Printed:
    content: bytes
    filename: str
    content_type: str
