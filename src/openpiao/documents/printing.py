"""Print a plan (or a section, or one scheda obiettivo) to DOCX or PDF: one entry point for
the pages, the command line and the adoption service."""

from dataclasses import dataclass

from openpiao.core.printing.formats import CONTENT_TYPES, RENDERERS, Printed
from openpiao.organizations.models import Role

from .builder import build_document
from .sections import get_section

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
    stem = f"{plan.organization.slug}-piao-{plan.triennium}"
    if document == "relazione":
        built = _relazione(plan, membership)
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


@dataclass(frozen=True)
class PublicReader:
    """Who reads a published Relazione: individual names stay out, only their distribution."""

    role: str = Role.READER
    user: object = None


def _relazione(plan, membership):
    from django.apps import apps

    if not apps.is_installed("openpiao.evaluation"):
        raise PrintError("La Relazione sulla performance richiede il modulo di valutazione.")
    from openpiao.evaluation.report import build_report

    from .parts.relazione import relazione_document

    return relazione_document(build_report(plan, membership or PublicReader()))
