"""Print a plan (or a section, or one scheda obiettivo) to DOCX or PDF: one entry point for
the pages, the command line and the adoption service."""

from dataclasses import dataclass

from .builder import build_document
from .render_docx import render_docx
from .render_pdf import render_pdf
from .sections import get_section

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
RENDERERS = {"pdf": render_pdf, "docx": render_docx}


class PrintError(Exception):
    """A print request that cannot be satisfied; the message is for the user, in Italian."""


@dataclass(frozen=True)
class Printed:
    content: bytes
    filename: str
    content_type: str


def print_plan(
    plan, *, fmt: str, document: str = "piao", section: str | None = None, objective_id=None
) -> Printed:
    if fmt not in RENDERERS:
        raise PrintError("Formato sconosciuto: scegliere «docx» o «pdf».")
    stem = f"{plan.organization.slug}-piao-{plan.triennium}"
    if document == "relazione":
        built = _relazione(plan)
        stem = f"{plan.organization.slug}-relazione-performance-{plan.reference_year}"
    elif objective_id is not None:
        from openpiao.performance.selectors import objectives_with_details

        objective = objectives_with_details(plan).filter(pk=objective_id).first()
        if objective is None:
            raise PrintError("Obiettivo non trovato in questo piano.")
        built = build_document(plan, objective=objective)
        stem += f"-obiettivo-{objective.unit.code}-{objective.number}"
    else:
        if section is not None and get_section(section) is None:
            raise PrintError(f"Sezione «{section}» inesistente.")
        built = build_document(plan, section=section)
        if section:
            stem += f"-sezione-{section}"
    return Printed(RENDERERS[fmt](built), f"{stem}.{fmt}", CONTENT_TYPES[fmt])


def _relazione(plan):
    raise PrintError("La Relazione sulla performance non è ancora disponibile in questa installazione.")
