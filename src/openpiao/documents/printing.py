"""Print a plan (or a section, or one scheda obiettivo) to DOCX or PDF: one entry point for
the pages, the command line and the adoption service."""

from openpiao.core.printing.formats import CONTENT_TYPES, RENDERERS, Printed
from openpiao.evaluation.printing import print_relazione
from openpiao.performance.selectors import objectives_with_details
from openpiao.plans.sections import get_section

from .builder import build_document

__all__ = ["CONTENT_TYPES", "RENDERERS", "PrintError", "Printed", "print_plan"]


class PrintError(Exception):
    """A print request that cannot be satisfied; the message is for the user, in Italian."""


def print_plan(
    plan,
    *,
    fmt: str,
    document: str = "piao",
    section: str | None = None,
    objective_id=None,
    membership=None,
) -> Printed:
    """The plan, one section, one scheda obiettivo or the Relazione, as DOCX or PDF.

    `membership` decides which names the Relazione shows (evaluation.permissions); without
    it the Relazione is the public one.
    """
    if fmt not in RENDERERS:
        raise PrintError("Formato sconosciuto: scegliere «docx» o «pdf».")
    if document == "relazione":
        return print_relazione(plan, fmt=fmt, membership=membership)
    stem = f"{plan.organization.slug}-{plan.kind.replace('_', '-')}-{plan.triennium}"
    if objective_id is not None:
        objective = objectives_with_details(plan).filter(pk=objective_id).first()
        if objective is None:
            raise PrintError("Obiettivo non trovato in questo piano.")
        built = build_document(plan, objective=objective)
        stem += f"-obiettivo-{objective.unit.code}-{objective.number}"
    else:
        if section is not None and get_section(section, plan.kind) is None:
            raise PrintError(f"Sezione «{section}» inesistente.")
        built = build_document(plan, section=section)
        if section:
            stem += f"-sezione-{section}"
    return Printed(RENDERERS[fmt](built), f"{stem}.{fmt}", CONTENT_TYPES[fmt])
