"""The readiness check before adoption: every part of the plan says what is missing or wrong.

Each app contributes `readiness_items(plan) -> list[core.readiness.ReadinessItem]` in its
own `readiness.py`, listed in READINESS_CHECKS (a part added later is one line). This
module adds the checks across sections: the scheda anagrafica, required sections left
empty, staff of an objective outside its units (the headcounts of Sezione 1 and 3.1 are
compared by human_capital). A blocking item prevents adoption (services.adopt_plan).

The plan's kind decides what is checked: a Piano della performance or a PEG/PDO holds only
its own parts (plans.sections.plan_sections), so the items of the PIAO's other sections are
left out, and those of its parts not required (everything but the objectives) only advise.
"""

from dataclasses import dataclass, field, replace

from django.urls import reverse

from openpiao.core.caching import cached_for_plan
from openpiao.core.catalogues import Table, read_catalogue
from openpiao.core.formatting import it_money, it_percent
from openpiao.core.readiness import ReadinessItem
from openpiao.evaluation import readiness as evaluation_readiness
from openpiao.human_capital import readiness as human_capital_readiness
from openpiao.performance import readiness as performance_readiness
from openpiao.plans.sections import SectionSpec, get_section, is_required, plan_sections
from openpiao.risk import readiness as risk_readiness
from openpiao.transparency import readiness as transparency_readiness

from . import coherence
from .builder import PrintContext, print_context
from .parts import section_content
from .parts.human_capital import section3
from .parts.performance import objectives
from .parts.structure import units


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


def collect(plan) -> ReadinessReport:
    """What is missing or wrong before adoption, section by section: from the cache while the
    ente's data are unchanged (core.caching)."""
    return cached_for_plan(plan, "readiness", lambda: _collect(plan))


def _collect(plan) -> ReadinessReport:
    items: list[ReadinessItem] = []
    for check in READINESS_CHECKS:
        items.extend(check(plan))
    sections = plan_sections(plan.kind)
    if not plan.is_piao:
        items = _for_kind(items, sections)
    groups = {s.code: SectionReadiness(s.code, s.title) for s in sections}
    for item in items:
        group = groups.setdefault(
            item.section, SectionReadiness(item.section, _title(item.section, sections))
        )
        group.items.append(item)
    for group in groups.values():
        group.items.sort(key=lambda i: not i.blocking)  # blocking first, otherwise as reported
    return ReadinessReport([g for g in groups.values() if g.items])


def _for_kind(items: list[ReadinessItem], sections) -> list[ReadinessItem]:
    """The items of a plan that is not a PIAO: those of its own parts; blocking only in the
    parts it must hold (and in the monitoring, which every plan of objectives has)."""
    required = {s.code for s in sections if s.required_always}
    kept = []
    for item in items:
        owner = next(
            (s for s in sections if item.section == s.code or item.section.startswith(s.code + ".")), None
        )
        if owner is None and item.section != "4":
            continue
        if item.blocking and owner is not None and owner.code not in required:
            item = replace(item, blocking=False)
        kept.append(item)
    return kept


def _title(code: str, sections) -> str:
    parent = next((s for s in reversed(sections) if code.startswith(s.code + ".")), None)
    return f"{parent.title} ({code})" if parent else f"Sezione {code}"


# --- the checks across sections ---------------------------------------------------------


def readiness_items(plan) -> list[ReadinessItem]:
    context = print_context(plan)
    # One PrintContext for every check: what a section's content loaded (objectives, units,
    # employees) is not read again by the checks after it.
    return [
        *_anagrafica(context),
        *_empty_sections(context),
        *_guidelines(context),
        *_staff_outside_units(context),
        *_stated_figures(context),
    ]


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
    for spec in plan_sections(context.plan.kind):
        required = is_required(spec, simplified=context.simplified)
        if required and not context.texts.get(spec.code) and not section_content(spec, context):
            items.append(
                ReadinessItem(
                    spec.code,
                    f"{spec.title}: sezione obbligatoria senza contenuto (né dati né testo dell'ente).",
                    _fix_url(spec, context.plan),
                )
            )
    return items


GUIDELINES_FILE = "linee_guida_piao_2025.yaml"
GUIDELINES_KEY = "linee-guida-piao-2025"


def guidelines_phases(plan) -> list[dict]:
    """The phases of the Linee guida PIAO with the titles of the parts where each is done, for
    the plans they govern (the «Cosa compilare» guide); [] for the others."""
    if not plan.is_piao or GUIDELINES_KEY not in plan.governing_versions:
        return []
    guidelines = read_catalogue(GUIDELINES_FILE, Table("fasi", "codice"), Table("contenuti", "codice"))
    return [
        {"phase": row["fase"], "sections": [get_section(code).title for code in row["sezioni"]]}
        for row in guidelines["fasi"]
    ]


def _guidelines(context: PrintContext) -> list[ReadinessItem]:
    """What the Linee guida PIAO and the Manuale operativo per i comuni ask the plan to hold and
    the ente has not written yet, in the PIAO they govern (advice: the DM 132/2022 is unchanged)."""
    plan = context.plan
    if not plan.is_piao or GUIDELINES_KEY not in plan.governing_versions:
        return []
    guidelines = read_catalogue(GUIDELINES_FILE, Table("fasi", "codice"), Table("contenuti", "codice"))
    items = []
    for row in guidelines["contenuti"]:
        for code in row["dove"] if row["richiesto_nel_piano"] else []:
            spec = get_section(code)
            if spec is not None and not context.texts.get(code):
                items.append(
                    ReadinessItem(
                        code,
                        f"{spec.title}: da scrivere ({row['contenuto'].lower()}), come chiedono le "
                        f"{guidelines['act']}.",
                        _fix_url(spec, plan),
                        blocking=False,
                    )
                )
    return items


def _staff_outside_units(context: PrintContext) -> list[ReadinessItem]:
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


def _stated_figures(context: PrintContext) -> list[ReadinessItem]:
    """The ente's text quoting the hiring-capacity tables with values other than the law's."""
    if not context.texts:
        return []
    capacity = section3(context).capacity
    items = []
    for code, text in context.texts.items():
        for figure in coherence.stated_figures(
            text,
            table1_pct=capacity.table1_pct,
            table3_pct=capacity.table3_pct,
            table1_threshold=capacity.max_spending_table1,
        ):
            show = it_percent if figure.unit == "%" else it_money
            items.append(
                ReadinessItem(
                    code,
                    f"Il testo della sezione indica per la {figure.what} {show(figure.stated)}, "
                    f"mentre il DM 17 marzo 2020 dà {show(figure.computed)} (il valore stampato nei "
                    "dati): correggere il testo.",
                    _fix_url(get_section(code), context.plan),
                    blocking=False,
                )
            )
    return items


# The checks of every part of the plan, in the order their items are listed within a section.
READINESS_CHECKS = [
    readiness_items,
    performance_readiness.readiness_items,
    risk_readiness.readiness_items,
    transparency_readiness.readiness_items,
    human_capital_readiness.readiness_items,
    evaluation_readiness.readiness_items,
]
