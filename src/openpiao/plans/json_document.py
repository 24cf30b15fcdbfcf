"""The whole plan as one JSON document: export for open data or backup, import to restore.

The document is the ente, the plan, then each app's `exchange` module as the apps registered
it in core.registry.exchange_sections, in the order that lets an import resolve references
(units before the objectives that name them). Its shape is documented in
docs/export-format.md.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, transaction

from openpiao.core.audit import Action, record
from openpiao.core.exchange import (
    Audience,
    ImportProblem,
    collecting,
    prepared,
    row,
    show,
)
from openpiao.core.registry import exchange_sections
from openpiao.organizations.exchange import export_organization, import_organization

from .exchange import export_plan_header, import_plan_header

FORMAT = "openpiao-piano"
FORMAT_VERSION = 1


def export_plan(plan, *, audience: Audience) -> dict:
    """The plan as one document for `audience` (core.exchange.Audience: BACKUP or PUBLIC)."""
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "audience": str(audience),
        "organization": export_organization(plan.organization),
        "plan": export_plan_header(plan),
    }
    for section in exchange_sections:
        document.update(section.export_section(plan, audience))
    return document


def export_plan_json(plan, *, audience: Audience) -> str:
    return json.dumps(
        export_plan(plan, audience=audience), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    )


def import_plan(document: dict, *, slug: str | None = None, user=None, source: str = ""):
    """Create the ente and its plan from a document; all or nothing.

    Every row is typed and validated like a form would (`full_clean`); the problems of the
    whole document are reported together, each with its JSON path, and nothing is saved.
    The ente's audit log records the import (Action.PLAN_IMPORTED) with the rows of each list
    and where the document came from (`source`, e.g. the file's name).
    """
    try:
        with transaction.atomic():
            document = prepared(document)
            plan = _import(document, slug)
            record(
                organization=plan.organization,
                user=user,
                action=Action.PLAN_IMPORTED,
                obj=plan,
                source=source,
                format_version=document.get("format_version", FORMAT_VERSION),
                rows=imported_rows(document),
            )
            return plan
    except DatabaseError:
        # Not expected (every row is validated first), and never a traceback for the user.
        raise ImportProblem(
            "Il database ha rifiutato i dati del documento: nulla è stato importato."
        ) from None


def imported_rows(document: dict) -> dict[str, int]:
    """How many rows each list of the document holds: «objectives», «human_capital.cessations»."""
    counts = {}
    for key, value in document.items():
        if isinstance(value, list):
            counts[key] = len(value)
        elif isinstance(value, dict) and key not in ("organization", "plan"):
            counts.update(
                {f"{key}.{name}": len(rows) for name, rows in value.items() if isinstance(rows, list)}
            )
    return counts


def _import(document: dict, slug: str | None):
    if document.get("format") != FORMAT:
        raise ImportProblem("Il documento non è un piano OpenPIAO (campo «format» mancante o diverso).")
    version = document.get("format_version", FORMAT_VERSION)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ImportProblem(f"format_version: atteso un numero intero (es. 1), trovato {show(version)}.")
    if version > FORMAT_VERSION:
        raise ImportProblem("Il documento è stato prodotto da una versione più recente di OpenPIAO.")
    if document.get("audience") == Audience.PUBLIC:
        raise ImportProblem(
            "Il documento è la versione dei dati aperti, senza i dati personali: per ricreare il piano "
            "serve la copia completa (export_plan --completo, o lo scarico del segretario)."
        )
    for key in ("organization", "plan"):
        if not isinstance(document.get(key), dict):
            raise ImportProblem(f"{key}: manca l'oggetto «{key}», obbligatorio.")
    context: dict = {}
    with collecting():
        organization = import_organization(document["organization"], slug=slug)
        plan = import_plan_header(organization, document["plan"])
        for section in exchange_sections:
            with row():
                section.import_section(plan, document, context)
    return plan
