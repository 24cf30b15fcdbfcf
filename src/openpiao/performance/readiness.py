"""Readiness of sottosezione 2.2 before adoption: what a scheda obiettivo still lacks.

Blocking: an objective with neither indicators nor phases, an indicator without a valore
atteso for the reference year (when the objective runs that year and the indicator has none
for a later year either), a target that cannot be read or whose deadline falls outside its
year (written before the rule), unit weights that do not add up (pre-requisiti have no weight
and are left out).
Warnings: an objective measured by its phases only (valid: its achievement comes from the
phases); an indicator whose first target is in a later year; a plan that weighs no objective
at all (scores are then simple means); a phase with no month and no written timing.
"""

from collections import Counter

from django.template.defaultfilters import truncatechars

from openpiao.core.catalogues import read_catalogue
from openpiao.core.readiness import ReadinessItem
from openpiao.plans.access import plan_url

from .selectors import objectives_with_details
from .targets import TargetError, check_target
from .training_objectives import UnitObjectives, without_training
from .weights import check_unit_weights


def readiness_items(plan) -> list[ReadinessItem]:
    organization = plan.organization
    items: list[ReadinessItem] = []
    by_unit: dict = {}
    objectives = list(objectives_with_details(plan))
    items += training_items(plan, objectives)
    for objective in objectives:
        by_unit.setdefault(objective.unit, []).append(objective)
        url = plan_url(plan, "performance:objective", objective.pk)
        label = (
            f"Obiettivo {objective.number} di «{objective.unit.name}» ({truncatechars(objective.title, 60)})"
        )
        indicators = list(objective.indicators.all())
        if not indicators and not objective.phases.all():
            items.append(ReadinessItem("2.2", f"{label}: nessun indicatore di risultato né fasi.", url))
        elif not indicators:
            items.append(
                ReadinessItem(
                    "2.2",
                    f"{label}: nessun indicatore; il raggiungimento sarà misurato dal completamento "
                    "e dal rispetto dei tempi delle fasi.",
                    url,
                    blocking=False,
                )
            )
        missing_costs = sum(p.cost is None for p in objective.participations.all()) + sum(
            r.cost is None for r in objective.resources.all()
        )
        if missing_costs:
            # The printed scheda leaves its total blank rather than print a partial sum.
            items.append(
                ReadinessItem(
                    "2.2",
                    f"{label}: costo non inserito per {missing_costs} "
                    f"{'risorsa' if missing_costs == 1 else 'risorse'} (personale o risorse aggiuntive): "
                    "il costo complessivo dell'obiettivo non si stampa.",
                    url,
                    blocking=False,
                )
            )
        runs_reference_year = objective.first_year <= plan.reference_year <= objective.last_year
        for number, indicator in enumerate(indicators, start=1):
            if runs_reference_year and indicator.target_for(plan.reference_year) is None:
                later = sorted(t.year for t in indicator.targets.all() if t.year > plan.reference_year)
                # A milestone of a later year of the objective (e.g. "31.12.2024" of a 2023-2024
                # objective): nothing to measure this year, said as advice.
                items.append(
                    ReadinessItem(
                        "2.2",
                        f"{label}: l'indicatore n. {number} «{truncatechars(indicator.description, 60)}» "
                        f"non ha il valore atteso per il {plan.reference_year}"
                        + (
                            f" (ne ha per il {later[0]}: non sarà misurato nel {plan.reference_year})."
                            if later
                            else "."
                        ),
                        url,
                        blocking=not later,
                    )
                )
            for target in indicator.targets.all():
                try:
                    check_target(indicator.kind, target.value, target.year)
                except TargetError as error:
                    items.append(
                        ReadinessItem(
                            "2.2",
                            f"{label}: il valore atteso {target.year} dell'indicatore n. {number}: {error}",
                            url,
                        )
                    )
        for number, phase in enumerate(objective.phases.all(), start=1):
            if not phase.months and not phase.schedule_note:
                items.append(
                    ReadinessItem(
                        "2.2",
                        f"{label}: la fase {number} non ha mesi nel cronoprogramma.",
                        url,
                        blocking=False,
                    )
                )
    list_url = plan_url(plan, "performance:objectives")
    if by_unit and not any(o.weight is not None for group in by_unit.values() for o in group):
        # A plan that weighs no objective at all (many do not): unit scores are simple means.
        items.append(
            ReadinessItem(
                "2.2",
                "Il piano non assegna pesi agli obiettivi: il punteggio di ogni unità sarà la media "
                "semplice dei suoi obiettivi.",
                list_url,
                blocking=False,
            )
        )
        return items
    for unit, objectives in by_unit.items():
        check = check_unit_weights(
            (o.weight for o in objectives if not o.is_prerequisite),
            mode=organization.weight_mode,
            points_total=organization.weight_points_total,
        )
        if not check.ok:
            message = check.message.removeprefix("Attenzione: ")
            items.append(ReadinessItem("2.2", f"Pesi degli obiettivi di «{unit.name}»: {message}", list_url))
    return items


SECTION3_FILE = "capitale_umano.yaml"


def training_items(plan, objectives) -> list[ReadinessItem]:
    """A warning for every responsabile with no objective of promotion of training, in the plans
    of the years the directive applies to (capitale_umano.yaml, formazione)."""
    rule = read_catalogue(SECTION3_FILE)["formazione"]["obiettivo_dei_responsabili"]
    if plan.first_year < rule["dal_anno"]:
        return []
    units = {unit.pk: unit for unit in plan.units.select_related("head")}

    def responsabile(unit) -> str:  # OrgUnit.head_display, walking the units already read
        while unit is not None:
            if unit.head_id and unit.head.has_name:
                return str(unit.head)
            if unit.head_label or unit.head_id:
                return unit.head_label
            unit = units.get(unit.parent_id)
        return ""

    flagged = Counter()
    for objective in objectives:
        if objective.training_promotion:
            flagged[objective.unit_id] += 1
            flagged.update(unit.pk for unit in objective.co_units.all())
    rows = [UnitObjectives(responsabile(u), u.name, flagged[u.pk]) for u in units.values()]
    return [
        ReadinessItem(
            "2.2",
            f"{missing.responsabile} ({', '.join(missing.units)}) non ha un obiettivo di promozione della "
            f"formazione: la {rule['atto']} ne fa un obiettivo di performance di ogni responsabile "
            "(nella scheda obiettivo: «promozione della formazione del personale»).",
            plan_url(plan, "performance:objectives"),
            blocking=False,
        )
        for missing in without_training(rows)
    ]
