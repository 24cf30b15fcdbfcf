"""Template helpers of the measurement cycle, and the hook that shows the latest review on the
scheda obiettivo of the performance section (performance/partials/review_summary.html)."""

from django import template

from openpiao.core.formatting import it_percent

from .. import selectors
from ..models import ReviewKind
from ..monitoring import STATUS_CSS, STATUS_LABELS

register = template.Library()


@register.filter
def score(value) -> str:
    """A percentage with two decimals, or «non misurato» (also for a missing variable)."""
    return "non misurato" if value in (None, "") else it_percent(value, 2)


@register.filter
def status_css(code: str) -> str:
    return STATUS_CSS.get(code, "secondary")


@register.filter
def status_label(code: str) -> str:
    return STATUS_LABELS.get(code, code)


@register.filter
def bar_width(value) -> str:
    """CSS width of a progress bar (0-100, dot decimal whatever the locale)."""
    if value in (None, ""):
        return "0"
    return f"{max(0, min(float(value), 100)):.1f}"


@register.inclusion_tag("evaluation/partials/scheda_review.html", takes_context=True)
def review_summary(context, objective):
    """The latest review of one objective, with its averages and deviation analysis."""
    plan = objective.plan
    latest = selectors.latest_reviews(selectors.reviews_of(plan, [objective.pk]))
    results = []
    if not latest:  # one query for an objective not yet reviewed
        return {"request": context.get("request"), "objective": objective, "results": results}
    rules = selectors.evaluation_rules(plan)
    for kind in (ReviewKind.INTERMEDIATE, ReviewKind.FINAL):
        review = latest.get((objective.pk, kind))
        if review is not None:
            results.append(selectors.evaluate_review(review, objective, rules, plan.reference_year))
    return {"request": context.get("request"), "objective": objective, "results": results}
