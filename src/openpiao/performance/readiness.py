"""Readiness of sottosezione 2.2 before adoption: what a scheda obiettivo still lacks.

Blocking: an objective without indicators, an indicator without a valore atteso for the
reference year (when the objective runs that year), unit weights that do not add up.
Warnings: a phase with no month in the cronoprogramma and no written timing; a deadline
target that falls after the end of its year (allowed within the triennium, but unusual).
"""

from django.template.defaultfilters import truncatechars

from openpiao.core.readiness import ReadinessItem
from openpiao.plans.access import plan_url

from .selectors import objectives_with_details
from .targets import TargetError, parse_target
from .weights import check_unit_weights


def readiness_items(plan) -> list[ReadinessItem]:
    organization = plan.organization
    items: list[ReadinessItem] = []
    by_unit: dict = {}
    for objective in objectives_with_details(plan):
        by_unit.setdefault(objective.unit, []).append(objective)
        url = plan_url(plan, "performance:objective", objective.pk)
        label = (
            f"Obiettivo {objective.number} di «{objective.unit.name}» ({truncatechars(objective.title, 60)})"
        )
        indicators = list(objective.indicators.all())
        if not indicators:
            items.append(ReadinessItem("2.2", f"{label}: nessun indicatore di risultato.", url))
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
                items.append(
                    ReadinessItem(
                        "2.2",
                        f"{label}: l'indicatore n. {number} «{truncatechars(indicator.description, 60)}» "
                        f"non ha il valore atteso per il {plan.reference_year}.",
                        url,
                    )
                )
            for target in indicator.targets.all():
                if late := _deadline_after_its_year(indicator.kind, target):
                    items.append(
                        ReadinessItem(
                            "2.2",
                            f"{label}: il valore atteso {target.year} dell'indicatore n. {number} "
                            f"scade il {late:%d/%m/%Y}, dopo la fine dell'anno: verificare che sia "
                            "la scadenza voluta.",
                            url,
                            blocking=False,
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
    for unit, objectives in by_unit.items():
        check = check_unit_weights(
            (o.weight for o in objectives),
            mode=organization.weight_mode,
            points_total=organization.weight_points_total,
        )
        if not check.ok:
            message = check.message.removeprefix("Attenzione: ")
            items.append(ReadinessItem("2.2", f"Pesi degli obiettivi di «{unit.name}»: {message}", list_url))
    return items


def _deadline_after_its_year(kind: str, target):
    """The deadline of a target of kind "deadline" when it falls after its year, else None."""
    if kind != "deadline":
        return None
    try:
        deadline = parse_target(kind, target.value).deadline
    except TargetError:
        return None  # an unreadable target is refused where it is written
    return deadline if deadline.year > target.year else None
