"""Readiness of the measurement cycle: what the ente must still set for scores to be its own,
and measured values that look like typing errors.

None of these block adoption (the SMVP is a Giunta act of its own, not part of the PIAO), but
until they are fixed the scores use OpenPIAO's defaults, and the pages say so.
"""

from django.template.defaultfilters import truncatechars
from django.urls import reverse

from openpiao.core.formatting import it_number
from openpiao.core.readiness import ReadinessItem
from openpiao.performance.targets import NUMBER_KINDS, TargetError, parse_target
from openpiao.plans.access import plan_url

from . import scoring
from .models import EvaluationSystem, OrganizationMethod, Review, ReviewValue


def readiness_items(plan) -> list[ReadinessItem]:
    return _system_items(plan) + _values_far_above_target(plan)


def _system_items(plan) -> list[ReadinessItem]:
    url = reverse("evaluation:system", args=[plan.organization.slug, plan.first_year])
    system = EvaluationSystem.objects.filter(plan=plan).first()
    if system is None:
        return [
            ReadinessItem(
                "2.2",
                "Il sistema di misurazione e valutazione della performance (SMVP) non è stato impostato: "
                "verifiche e punteggi usano i parametri predefiniti di OpenPIAO.",
                url,
                blocking=False,
            )
        ]
    items = []
    if not system.reference:
        items.append(
            ReadinessItem(
                "2.2",
                "Indicare l'atto che ha approvato il sistema di misurazione e valutazione.",
                url,
                blocking=False,
            )
        )
    if not system.criteria.exists():
        items.append(
            ReadinessItem(
                "2.2",
                "Il sistema di valutazione non ha criteri per i comportamenti organizzativi: "
                "i punteggi individuali non si possono calcolare.",
                url,
                blocking=False,
            )
        )
    if system.organization_method == OrganizationMethod.WEIGHTED_UNITS:
        # A unit created (or renamed) after the system was saved has no weight yet.
        items += [
            ReadinessItem("2.2", f"Pesi delle unità nel punteggio dell'ente: {problem}", url, blocking=False)
            for problem in system.unit_weight_problems()
        ]
    if system.organization_method == OrganizationMethod.STRATEGIC:
        # An objective or strategic objective added after the system was saved has no weight yet.
        items += [
            ReadinessItem(
                "2.2",
                f"Pesi degli obiettivi strategici nel punteggio dell'ente: {problem}",
                url,
                blocking=False,
            )
            for problem in system.strategic_weight_problems()
        ]
    if system.use_merit_bands and not system.bands.exists():
        items.append(
            ReadinessItem(
                "2.2",
                "Sono previste fasce di merito ma nessuna è definita: nessun premio sarebbe distribuito.",
                url,
                blocking=False,
            )
        )
    return items


def _values_far_above_target(plan) -> list[ReadinessItem]:
    """Values of the current revision of each review that are ten times their target or more."""
    latest: dict = {}
    for objective_id, kind, revision in Review.objects.filter(plan=plan).values_list(
        "objective_id", "kind", "revision"
    ):
        latest[objective_id, kind] = max(revision, latest.get((objective_id, kind), 0))
    values = (
        ReviewValue.objects.filter(review__plan=plan, number__isnull=False, indicator__kind__in=NUMBER_KINDS)
        .select_related("review", "indicator__objective__unit")
        .prefetch_related("indicator__targets")
        .order_by(
            "indicator__objective__unit__order",
            "indicator__objective__number",
            "review__kind",
            "indicator__order",
        )
    )
    items = []
    for value in values:
        review, indicator = value.review, value.indicator
        target = indicator.target_for(plan.reference_year)
        if review.revision != latest[review.objective_id, review.kind] or target is None:
            continue
        try:
            expected = parse_target(indicator.kind, target.value, target.year).number
        except TargetError:
            continue  # the scheda reports an unreadable target itself
        if expected is None or not scoring.far_above_target(value.number, expected):
            continue
        objective = indicator.objective
        which = review.get_kind_display().lower()
        where = f"Obiettivo {objective.number} di «{objective.unit.name}», {which}"
        items.append(
            ReadinessItem(
                "2.2",
                f"{where}: "
                f"l'indicatore «{truncatechars(indicator.description, 60)}» ha valore raggiunto "
                f"{it_number(value.number)} contro un valore atteso «{target.value}», oltre dieci volte "
                "tanto: verificare che non sia un errore di battitura.",
                plan_url(plan, "evaluation:objective", objective.pk),
                blocking=False,
            )
        )
    return items
