"""The whole plan as one JSON document: export for open data or backup, import to restore.

The document is the ente, the plan, then each app's `exchange` module as the apps registered
it in core.registry.exchange_sections, in the order that lets an import resolve references
(units before the objectives that name them). Its shape is documented in
docs/export-format.md.
"""

import json
from dataclasses import dataclass, field

from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, models, router, transaction
from django.db.models.deletion import Collector

from openpiao.core.audit import Action, record
from openpiao.core.exchange import (
    Audience,
    ImportProblem,
    batched,
    collecting,
    prepared,
    row,
    show,
    write_pending,
)
from openpiao.core.history import delete_tracked
from openpiao.core.registry import exchange_sections, kept_on_replace
from openpiao.organizations.exchange import export_organization, import_organization

from .exchange import export_plan_header, import_plan_header
from .models import Plan

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


def _check_format(document: dict) -> None:
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


def _import(document: dict, slug: str | None):
    _check_format(document)
    with collecting():
        organization = import_organization(document["organization"], slug=slug)
        plan = import_plan_header(organization, document["plan"])
        _import_sections(plan, document, organization)
    return plan


def _import_sections(plan, document: dict, *created) -> None:
    """Each app's rows, validated row by row and written section by section, one INSERT per kind
    (core.exchange.batched): a section reads back the rows of those before it. `created` are the
    rows the import made besides the plan (a new ente)."""
    context: dict = {}
    with batched(plan, *created):
        for section in exchange_sections:
            with row():
                section.import_section(plan, document, context)
            write_pending()


# --- importing into an existing ente (the browser's upload) -----------------------------------


@dataclass
class ImportOutcome:
    """What an import into an ente did (or, as a preview, would do): the plan of the document's
    triennium created or replaced, and the rows per kind («obiettivi»: 12) before and after."""

    first_year: int
    replacing: bool
    created: dict[str, int] = field(default_factory=dict)
    replaced: dict[str, int] = field(default_factory=dict)
    plan: Plan | None = None  # None for a preview: nothing was kept


class _Preview(Exception):
    def __init__(self, outcome: ImportOutcome):
        self.outcome = outcome


def import_into(document: dict, *, organization, user, source: str, preview: bool = False) -> ImportOutcome:
    """The document's plan in `organization`, all or nothing: a new plan for its triennium, or
    the draft of that triennium replaced whole (its rows deleted and the document's written in
    their place; its frozen versions and audit log stay). An adopted plan is never replaced.

    The ente's own data in the document (anagrafica, yearly figures) are not imported: the ente
    is the one of the address. With `preview` the import runs and is rolled back, so the preview
    reports exactly the problems and the rows of the real import.
    """
    try:
        with transaction.atomic():
            document = prepared(document)
            _check_format(document)
            with collecting():
                plan, replaced, restores = _plan_for(organization, document["plan"], user)
                _import_sections(plan, document)
            for restore in restores:
                restore(plan)
            outcome = ImportOutcome(
                first_year=plan.first_year,
                replacing=replaced is not None,
                created=content_counts(plan),
                replaced=replaced or {},
            )
            record(
                organization=organization,
                user=user,
                action=Action.PLAN_IMPORTED,
                obj=plan,
                source=source,
                format_version=document.get("format_version", FORMAT_VERSION),
                rows=imported_rows(document),
                replaced=outcome.replaced,
            )
            if preview:
                raise _Preview(outcome)
            outcome.plan = plan
            return outcome
    except _Preview as done:
        return done.outcome
    except DatabaseError:
        raise ImportProblem(
            "Il database ha rifiutato i dati del documento: nulla è stato importato."
        ) from None


def _plan_for(organization, header: dict, user) -> tuple[Plan, dict[str, int] | None, list]:
    """The plan the document goes into, the rows it held if it is replaced, and what writes back
    the rows no document carries (core.registry.kept_on_replace)."""
    year = header.get("first_year")
    existing = (
        organization.plans.filter(first_year=year).first()
        if isinstance(year, int) and not isinstance(year, bool)
        else None
    )
    if existing is None:
        return import_plan_header(organization, header), None, []
    if not existing.is_editable:
        raise ImportProblem(
            f"plan.first_year: il {existing.display_title} è {existing.get_status_display().lower()}: "
            "un piano adottato non si sostituisce (va prima riaperto per modifica)."
        )
    content = content_collector(existing)
    replaced = content_counts(existing, content)
    restores = [keep(existing) for keep in kept_on_replace]
    delete_tracked(content, user=user, reason=Action.PLAN_IMPORTED)
    # A form of the plan opened before the replacement must not save over it (core.locking).
    existing.version += 1
    return import_plan_header(organization, header, instance=existing), replaced, restores


def content_collector(plan: Plan) -> Collector:
    """Every row of the plan's content, gathered for deletion the way Django cascades: the rows
    of each app, not the plan itself nor what outlives a replacement (frozen versions, audit)."""
    collector = Collector(using=router.db_for_write(Plan), origin=plan)
    for relation in Plan._meta.get_fields(include_hidden=True):
        if (
            relation.auto_created
            and not relation.concrete
            and (relation.one_to_many or relation.one_to_one)
            and relation.on_delete is models.CASCADE
        ):
            rows = relation.related_model._base_manager.filter(**{relation.field.name: plan})
            # Rows that restrict one another (a planned hire and its unit) go together.
            collector.collect(rows, fail_on_restricted=False)
    return collector


def content_counts(plan: Plan, collector: Collector | None = None) -> dict[str, int]:
    """The plan's rows per kind, by the Italian name of the kind (a few queries per kind), from
    its `content_collector` when one is at hand."""
    collector = collector or content_collector(plan)
    counts: dict[str, int] = {}
    for model, instances in collector.data.items():
        counts[str(model._meta.verbose_name_plural)] = len(instances)
    for queryset in collector.fast_deletes:
        model = queryset.model
        if model._meta.auto_created:  # the table of a many-to-many relation: not a kind of row
            continue
        name = str(model._meta.verbose_name_plural)
        counts[name] = counts.get(name, 0) + queryset.count()
    return {name: count for name, count in sorted(counts.items()) if count}
