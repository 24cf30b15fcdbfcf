"""Template helpers of the measurement cycle, and the hook that shows the latest review on the
scheda obiettivo of the performance section ({% review_summary objective %})."""

from django import template

from openpiao.core.formatting import it_percent
from openpiao.performance.weights import weight_label

from .. import selectors
from ..models import ReviewKind
from ..monitoring import STATUS_CSS

register = template.Library()


@register.filter
def score(value) -> str:
    """A percentage with two decimals, or «non misurato» (also for a missing variable)."""
    return "non misurato" if value in (None, "") else it_percent(value, 2)


@register.filter
def objective_weight(objective, mode: str) -> str:
    """{{ objective|objective_weight:mode }}: "20%", "20 punti" or "X (pre-requisito)"."""
    return weight_label(objective.weight, mode, prerequisite=objective.is_prerequisite)


@register.filter
def status_css(code: str) -> str:
    return STATUS_CSS.get(code, "secondary")


@register.filter
def bar_width(value) -> str:
    """CSS width of a progress bar (0-100, dot decimal whatever the locale)."""
    if value in (None, ""):
        return "0"
    return f"{max(0, min(float(value), 100)):.1f}"


def _latest_of(objective) -> dict:
    """Latest revision of each review of one objective, fetched once per page (cached on it)."""
    if not hasattr(objective, "_latest_reviews"):
        reviews = selectors.reviews_of(objective.plan, [objective.pk])
        objective._latest_reviews = selectors.latest_reviews(reviews)
    return objective._latest_reviews


def _current_review(objective):
    """The review the scheda reports: the final one if there is one, else the intermediate."""
    latest = _latest_of(objective)
    return latest.get((objective.pk, ReviewKind.FINAL)) or latest.get((objective.pk, ReviewKind.INTERMEDIATE))


@register.simple_tag
def achieved_value(indicator, objective) -> str:
    """Valore raggiunto of an indicator on the scheda, from the current review."""
    review = _current_review(objective)
    value = next((v for v in review.values.all() if v.indicator_id == indicator.pk), None) if review else None
    return value.display if value is not None and not value.is_empty else "—"


@register.simple_tag
def achieved_label(objective) -> str:
    """Which review the «valore raggiunto» column reports, e.g. «verifica intermedia del 31/07/2024»."""
    review = _current_review(objective)
    return f"{review.get_kind_display().lower()} del {review.reference_date:%d/%m/%Y}" if review else ""


@register.inclusion_tag("evaluation/partials/scheda_review.html", takes_context=True)
def review_summary(context, objective):
    """The latest review of one objective, with its averages and deviation analysis."""
    plan = objective.plan
    latest = _latest_of(objective)
    results = []
    if not latest:  # one query for an objective not yet reviewed
        return {"request": context.get("request"), "objective": objective, "results": results}
    rules = selectors.evaluation_rules(plan)
    for kind in (ReviewKind.INTERMEDIATE, ReviewKind.FINAL):
        review = latest.get((objective.pk, kind))
        if review is not None:
            results.append(selectors.evaluate_review(review, objective, rules, plan.reference_year))
    return {"request": context.get("request"), "objective": objective, "results": results}
