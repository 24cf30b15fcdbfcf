"""Print a plan (or a section, or one scheda obiettivo) to DOCX or PDF: one entry point for
the pages, the command line and the adoption service."""

from openpiao.core.printing.blocks import Document
from openpiao.core.printing.formats import CONTENT_TYPES, RENDERERS, Printed
from openpiao.evaluation.printing import PublicReader, relazione_document
from openpiao.evaluation.report import build_report
from openpiao.performance.selectors import objectives_with_details
from openpiao.plans.sections import get_section
from openpiao.risk.report import report_data, report_document
from openpiao.risk.selectors import settings_for

from .builder import build_document

__all__ = ["CONTENT_TYPES", "RENDERERS", "REPORTS", "PrintError", "Printed", "print_plan", "report_blocks"]

# The reports printed from the plan's data besides the PIAO: the Relazione sulla performance
# (art. 10 d.lgs. 150/2009) and the Relazione annuale del RPCT (art. 1 c. 14 L. 190/2012).
RELAZIONE = "relazione"
RPCT = "rpct"
REPORTS = (RELAZIONE, RPCT)


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
    if document in REPORTS:
        built, filename = report_blocks(plan, document=document, fmt=fmt, membership=membership)
        return Printed(RENDERERS[fmt](built), filename, CONTENT_TYPES[fmt])
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


def report_blocks(plan, *, document: str, fmt: str, membership=None) -> tuple[Document, str]:
    """A report laid out as blocks, and its file name. The Relazione shows the names
    `membership` may read (evaluation.permissions; the public one without it); the RPCT's is
    the same for every member."""
    if document == RELAZIONE:
        built = relazione_document(build_report(plan, membership or PublicReader()))
        stem = f"{plan.organization.slug}-relazione-performance-{plan.reference_year}"
    elif document == RPCT:
        data = report_data(plan, settings=settings_for(plan))
        built = report_document(plan, data)
        stem = f"{plan.organization.slug}-relazione-rpct-{data['year']}"
    else:
        raise PrintError(f"Documento «{document}» inesistente.")
    return built, f"{stem}.{fmt}"
