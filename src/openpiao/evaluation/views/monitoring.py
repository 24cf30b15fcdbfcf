"""Monitoring pages: the dashboard of the plan and of a unit, «I miei obiettivi»."""

from django.shortcuts import render

from openpiao.core.params import query_int
from openpiao.organization_chart.selectors import get_unit_for
from openpiao.performance.months import MONTH_NAMES
from openpiao.plans.access import plan_view

from .. import charts, monitoring, selectors
from ..models import EmployeeAccount
from .common import section_trail, unit_page


def _month(request) -> int | None:
    """?mese=1..12 looks at another month of the year, 13 at the year closed (default: today)."""
    return query_int(request, "mese", minimum=1, maximum=13)


def _status_counts(objectives) -> list[tuple[str, str, int]]:
    counts = dict.fromkeys(monitoring.STATUS_ORDER, 0)
    for result in objectives:
        counts[result.status.code] += 1
    return [(monitoring.STATUS_PLURALS[c], monitoring.STATUS_CSS[c], n) for c, n in counts.items()]


def _monitoring_context(card, objectives, units, listed=None) -> dict:
    """The figures of `objectives`; the lists of phases and indicators of `listed` (the
    objectives shown on this page; all of them when the page shows all)."""
    scores = [o.score for o in objectives if o.score is not None]
    listed = objectives if listed is None else listed
    return {
        "card": card,
        "objectives": objectives,
        "units": units,
        "status_counts": _status_counts(objectives),
        "due": [(o, p) for o in listed for p in o.due_phases],
        "overdue": [(o, p) for o in listed for p in o.overdue_phases],
        "missing": [o for o in listed if o.missing_indicators],
        "missing_count": sum(len(o.missing_indicators) for o in listed),
        "unit_chart": charts.bar_chart([(u.unit.name, u.score.value, "") for u in units], maximum=100),
        "distribution": charts.counts_chart(monitoring.histogram(scores)),
        "month_name": MONTH_NAMES[min(card.month, 12) - 1] if card.month >= 1 else "",
        "month_names": MONTH_NAMES,
        "expected": monitoring.expected_progress(card.month),
    }


@plan_view
def dashboard(request):
    card = selectors.scorecard(request.plan, month=_month(request))
    page = unit_page(request, card.units)
    # A long plan is shown a page of objectives at a time (the lists below them too); the
    # counts, the charts and the units' scores are the whole plan's.
    listed = page.objectives if page.paged else None
    context = _monitoring_context(card, card.objectives, card.units, listed)
    context["units"] = page.units
    context.update(all_units=card.units, pages=page, trail=[("Monitoraggio e valutazione", None)])
    return render(request, "evaluation/dashboard.html", context)


@plan_view
def unit_dashboard(request, unit_id: int):
    unit = get_unit_for(request.plan, unit_id)
    card = selectors.scorecard(request.plan, month=_month(request))
    units = [u for u in card.units if u.unit.pk == unit.pk]
    objectives = [o for o in card.objectives if o.objective.unit_id == unit.pk]
    context = _monitoring_context(card, objectives, units)
    context.update(unit=unit, all_units=card.units, trail=section_trail(request, (unit.name, None)))
    return render(request, "evaluation/dashboard.html", context)


@plan_view
def my_objectives(request):
    plan = request.plan
    account = (
        EmployeeAccount.objects.filter(plan=plan, user=request.user).select_related("employee__unit").first()
    )
    context = {"account": account, "trail": section_trail(request, ("I miei obiettivi", None))}
    if account:
        card = selectors.scorecard(plan)
        person = next(p for p in selectors.people(plan, card) if p.employee.pk == account.employee_id)
        mine = []
        for result in card.objectives:
            share = next(
                (p for p in result.objective.participations.all() if p.employee_id == account.employee_id),
                None,
            )
            if share is not None:
                mine.append((result, share))
        # A titolare di E.Q. answers for the objectives of the units it directs: their results
        # are its own (selectors.people), whether or not it is listed among their staff.
        headed = {u.pk for u in person.employee.headed_units.all()} if person.employee.is_eq_holder else set()
        listed = {r.objective.pk for r, _ in mine}
        directed = [
            r for r in card.objectives if r.objective.unit_id in headed and r.objective.pk not in listed
        ]
        context.update(person=person, mine=mine, directed=directed, card=card)
    return render(request, "evaluation/my_objectives.html", context)
