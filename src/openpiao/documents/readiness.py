"""The readiness check before adoption: every part of the plan says what is missing or wrong.

Each app contributes `readiness_items(plan) -> list[core.readiness.ReadinessItem]` in its
own `readiness.py`, listed in READINESS_MODULES (a part added later is one line). This
module adds the checks across sections: the scheda anagrafica, required sections left
empty, staff of an objective outside its units, headcounts that contradict each other.
A blocking item prevents adoption (services.adopt_plan).
"""

from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.urls import reverse

from openpiao.core.readiness import ReadinessItem

from . import coherence
from .builder import PrintContext, print_context
from .parts.structure import employees, units
from .sections import SECTIONS, SectionSpec, is_required

# (app, module): modules of apps not installed are skipped, the others must import.
READINESS_MODULES = [
    ("openpiao.documents", "openpiao.documents.readiness"),
    ("openpiao.performance", "openpiao.performance.readiness"),
    ("openpiao.risk", "openpiao.risk.readiness"),
    ("openpiao.transparency", "openpiao.transparency.readiness"),
    ("openpiao.human_capital", "openpiao.human_capital.readiness"),
    ("openpiao.evaluation", "openpiao.evaluation.readiness"),
]


@dataclass
class SectionReadiness:
    code: str
    title: str
    items: list[ReadinessItem] = field(default_factory=list)

    @property
    def blocking(self) -> list[ReadinessItem]:
        return [i for i in self.items if i.blocking]


@dataclass
class ReadinessReport:
    sections: list[SectionReadiness]

    @property
    def items(self) -> list[ReadinessItem]:
        return [item for section in self.sections for item in section.items]

    @property
    def blocking(self) -> list[ReadinessItem]:
        return [i for i in self.items if i.blocking]

    @property
    def ready(self) -> bool:
        return not self.blocking


def contributing_modules() -> list[str]:
    return [
        module
        for app, module in READINESS_MODULES
        if apps.is_installed(app) and find_spec(module) is not None
    ]


def collect(plan) -> ReadinessReport:
    items: list[ReadinessItem] = []
    for module in contributing_modules():
        items.extend(import_module(module).readiness_items(plan))
    groups = {s.code: SectionReadiness(s.code, s.title) for s in SECTIONS}
    for item in items:
        group = groups.setdefault(item.section, SectionReadiness(item.section, _title(item.section)))
        group.items.append(item)
    for group in groups.values():
        group.items.sort(key=lambda i: not i.blocking)  # blocking first, otherwise as reported
    return ReadinessReport([g for g in groups.values() if g.items])


def _title(code: str) -> str:
    parent = next((s for s in reversed(SECTIONS) if code.startswith(s.code + ".")), None)
    return f"{parent.title} ({code})" if parent else f"Sezione {code}"


# --- the checks across sections ---------------------------------------------------------


def readiness_items(plan) -> list[ReadinessItem]:
    context = print_context(plan)
    # One PrintContext for every check: what a section's content loaded (objectives, units,
    # employees) is not read again by the checks after it.
    items = [*_anagrafica(context), *_empty_sections(context), *_staff_outside_units(context)]
    if "openpiao.human_capital.readiness" not in contributing_modules():
        items += _headcounts(context)  # human_capital makes the same comparison when installed
    return items


def _url(name: str, plan, *args) -> str:
    if name.startswith("organizations:"):
        return reverse(name, args=[plan.organization.slug, *args])
    return reverse(name, args=[plan.organization.slug, plan.first_year, *args])


def _anagrafica(context: PrintContext) -> list[ReadinessItem]:
    organization = context.organization
    url = _url("organizations:edit", context.plan)
    items = []
    missing = [
        label
        for label, value in (
            ("codice fiscale", organization.tax_code),
            ("indirizzo", organization.address),
            ("PEC", organization.pec),
            ("vertice dell'amministrazione", organization.head_name),
        )
        if not value
    ]
    if missing:
        items.append(ReadinessItem("1", f"Scheda anagrafica incompleta: manca {', '.join(missing)}.", url))
    expected_year = context.plan.first_year - 1
    if context.figures is None:
        items.append(
            ReadinessItem(
                "1",
                f"Indicare abitanti e dipendenti al 31/12/{expected_year}: il numero dei dipendenti "
                "stabilisce se il piano segue la forma semplificata (art. 6 DM 132/2022).",
                url,
            )
        )
    elif context.figures.year < expected_year:
        items.append(
            ReadinessItem(
                "1",
                f"Gli ultimi dati annuali sono al 31/12/{context.figures.year}: il piano "
                f"{context.plan.triennium} richiede quelli al 31/12/{expected_year}.",
                url,
                blocking=False,
            )
        )
    employees = dict(organization.figures.values_list("year", "employees"))
    for jump in coherence.staff_jumps(employees):
        items.append(
            ReadinessItem(
                "1",
                f"I dipendenti al 31/12 passano da {jump.before} nel {jump.year - 1} a {jump.after} "
                f"nel {jump.year}, una variazione di oltre la metà in un anno: verificare i dati "
                "annuali, da cui dipende la forma semplificata del piano.",
                url,
                blocking=False,
            )
        )
    return items


def _fix_url(spec: SectionSpec, plan) -> str:
    return _url("documents:text", plan, spec.code)


def _empty_sections(context: PrintContext) -> list[ReadinessItem]:
    items = []
    for spec in SECTIONS:
        required = is_required(spec, simplified=context.simplified)
        if required and not context.texts.get(spec.code) and not spec.content(context):
            items.append(
                ReadinessItem(
                    spec.code,
                    f"{spec.title}: sezione obbligatoria senza contenuto (né dati né testo dell'ente).",
                    _fix_url(spec, context.plan),
                )
            )
    return items


def _staff_outside_units(context: PrintContext) -> list[ReadinessItem]:
    from .parts.performance import objectives

    plan = context.plan
    parent_of = {unit.pk: unit.parent_id for unit in units(context)}
    items = []
    for objective in objectives(context):
        staff = {str(p.employee): p.employee.unit_id for p in objective.participations.all()}
        owners = [objective.unit_id, *(u.pk for u in objective.co_units.all())]
        outside = coherence.staff_outside_units(staff, owners, parent_of)
        if outside:
            items.append(
                ReadinessItem(
                    "2.2",
                    f"Obiettivo {objective.number} di «{objective.unit.name}»: {', '.join(outside)} "
                    f"non {'lavora' if len(outside) == 1 else 'lavorano'} nell'unità responsabile né in "
                    "un'unità corresponsabile "
                    "(aggiungere l'unità tra quelle coinvolte o correggere il personale).",
                    _url("performance:objective", plan, objective.pk),
                    blocking=False,
                )
            )
    return items


def headcount_figures(context: PrintContext) -> dict[str, int]:
    """The staff counts each section states at the plan's staff date."""
    plan = context.plan
    day = plan.staff_day
    return {
        "Sottosezione 3.1 (dotazione organica)": sum(1 for e in employees(context) if e.in_service_on(day))
    }


def _headcounts(context: PrintContext) -> list[ReadinessItem]:
    figures = context.figures
    if figures is None or figures.year != context.plan.staff_day.year:
        return []
    return [
        ReadinessItem(
            "3.1",
            f"{mismatch.label} conta {mismatch.figure} dipendenti al 31/12/{figures.year}, la Sezione 1 "
            f"ne dichiara {mismatch.declared}: le sezioni devono concordare.",
            _url("organization_chart:index", context.plan),
        )
        for mismatch in coherence.headcount_mismatch(figures.employees, headcount_figures(context))
    ]
