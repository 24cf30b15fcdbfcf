"""The deadlines of an ente's planning cycles with their status, read from the product's data.

One cycle per year (the plan whose triennium starts that year, if the ente has one): the rules
(`rules.py`) give the deadlines, the rows of the plan say which are done (the delibera, the
publication, the Nucleo's validation, the OIV grid, the transparency map), and what the product
cannot see is marked by hand (`Completion`). The queries do not grow with the plans or the duties.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from openpiao.core.models import Action, AuditEvent
from openpiao.evaluation.models import ReportValidation
from openpiao.organizations.models import PLAN_EDITORS
from openpiao.plans.models import Plan, PlanStatus
from openpiao.transparency import deadlines as duty_deadlines
from openpiao.transparency.models import AttestationGrid, DutyAssignment, TransparencySettings

from . import rules
from .acts import yearly_acts
from .models import Completion
from .rules import Deadline, Kind, Status

# Shown done from the product's own rows; the others may also be marked by hand.
FROM_DATA_ONLY = {Kind.ADOPTION, Kind.PUBLICATION, Kind.TRANSPARENCY}


@dataclass(frozen=True)
class Entry:
    deadline: Deadline
    status: Status
    done_on: date | None
    evidence: str  # how the product knows it is done («delibera n. 12 del …», «segnato da …»)
    plan: Plan | None
    link: str  # the page where it is done

    @property
    def key(self) -> str:
        return self.deadline.key

    @property
    def markable(self) -> bool:
        return self.deadline.kind not in FROM_DATA_ONLY

    @property
    def marked_by_hand(self) -> bool:
        return self.evidence.startswith("segnato")


MARKERS = PLAN_EDITORS | {rules.EVALUATOR}  # who may mark some deadline done


def can_mark(role: str, kind: Kind) -> bool:
    return kind not in FROM_DATA_ONLY and (role in PLAN_EDITORS or role in rules.ACTORS[kind])


@dataclass
class _Facts:
    """The rows of the ente that say what is done, read once for all the cycles asked."""

    plans: dict[int, Plan]  # year → the plan whose triennium starts that year
    in_force: dict[int, Plan]  # year → that plan, or the latest earlier one whose triennium covers it
    published_on: dict[int, date]  # plan id → day it was marked published
    validated_on: dict[int, date]  # plan id → day of the Nucleo's latest validation
    surveyed_on: dict[int, date]  # year → day of the OIV grid's survey
    completions: dict[str, Completion]
    duties: dict[int, list]  # plan id → its map's applicable rows
    timely_days: dict[int, int]


def _read_facts(organization, years: Iterable[int]) -> _Facts:
    years = sorted(set(years))
    candidates = sorted(
        organization.plans.filter(first_year__gte=years[0] - 2, first_year__lte=years[-1]),
        key=lambda plan: plan.first_year,
    )
    plans = {plan.first_year: plan for plan in candidates if plan.first_year in years}
    in_force = {
        year: plan for year in years for plan in candidates if plan.first_year <= year <= plan.last_year
    }
    ids = [plan.pk for plan in candidates]
    published = (
        AuditEvent.objects.filter(
            organization=organization,
            action=Action.PLAN_PUBLISHED,
            object_type="plan",
            object_id__in=[str(pk) for pk in ids],
        )
        .values("object_id")
        .annotate(last=Max("created_at"))
    )
    validated = (
        ReportValidation.objects.filter(plan_id__in=ids).values("plan_id").annotate(last=Max("validated_at"))
    )
    grids = AttestationGrid.objects.filter(
        organization=organization, year__in=years, survey_date__isnull=False
    )
    duties: dict[int, list] = {}
    assignments = (
        DutyAssignment.objects.filter(plan_id__in=ids, not_applicable=False)
        .select_related("duty")
        .only(
            "plan_id",
            "last_published",
            "last_change",
            "duty__name",
            "duty__frequency",
            "duty__legal_due",
            "duty__legal_reference",
        )
    )
    for assignment in assignments:
        duties.setdefault(assignment.plan_id, []).append(assignment)
    return _Facts(
        plans=plans,
        in_force=in_force,
        published_on={int(row["object_id"]): timezone.localdate(row["last"]) for row in published},
        validated_on={row["plan_id"]: timezone.localdate(row["last"]) for row in validated},
        surveyed_on={grid.year: grid.survey_date for grid in grids},
        completions={c.key: c for c in Completion.objects.filter(organization=organization)},
        duties=duties,
        timely_days=dict(
            TransparencySettings.objects.filter(plan_id__in=ids).values_list("plan_id", "timely_days")
        ),
    )


def _duties_due(year: int, assignments: list, timely_days: int) -> list[rules.DutyDue]:
    """The duties of a plan's map falling due in `year` and in January of the next (a quarter's
    payment indicator is due 30 days after the quarter), with the day a publication counts from."""
    result = []
    for assignment in assignments:
        duty = assignment.duty
        norm = duty.legal_reference.splitlines()[0] if duty.legal_reference else duty_deadlines.NORM
        if duty.frequency == duty_deadlines.TIMELY:
            if assignment.last_change and assignment.last_change.year == year:
                due = assignment.last_change + timedelta(days=timely_days)
                result.append(
                    rules.DutyDue(duty.name, due, assignment.last_change, assignment.last_published, norm)
                )
            continue
        legal = duty.legal_deadline()
        for deadline in duty_deadlines.deadlines(duty.frequency, year, legal):
            result.append(
                rules.DutyDue(duty.name, deadline.due, deadline.window_start, assignment.last_published, norm)
            )
    return result


def _plan_link(plan: Plan | None, name: str) -> str:
    if plan is None:
        return ""
    return reverse(name, args=[plan.organization.slug, plan.first_year])


def _cycle(year: int, facts: _Facts, today: date) -> list[Entry]:
    acts = yearly_acts()
    plan = facts.plans.get(year)
    title = plan.default_title if plan else f"PIAO {year}-{year + 2}"
    entries: list[Entry] = []

    def add(deadline: Deadline | None, done_on: date | None = None, evidence: str = "", link: str = ""):
        if deadline is None:
            return
        completion = facts.completions.get(deadline.key)
        if done_on is None and completion is not None and deadline.kind not in FROM_DATA_ONLY:
            done_on, evidence = completion.done_on, "segnato come svolto"
        entries.append(
            Entry(deadline, rules.status_of(deadline.due, done_on, today), done_on, evidence, plan, link)
        )

    adopted_on = plan.resolution_date if plan and plan.resolution_number else None
    add(
        rules.adoption(year, acts, title=title),
        adopted_on,
        f"delibera n. {plan.resolution_number}" if adopted_on else "",
        _plan_link(plan, "documents:adopt"),
    )
    published_on = None
    if plan is not None and plan.status == PlanStatus.PUBLISHED:
        published_on = facts.published_on.get(plan.pk, adopted_on)
    add(
        rules.publication(year, acts, title=title),
        published_on,
        "piano segnato come pubblicato" if published_on else "",
        _plan_link(plan, "documents:index"),
    )
    add(rules.staffing_communication(year, adopted_on, acts), link=_plan_link(plan, "human_capital:staffing"))
    current = facts.in_force.get(year)
    if current is not None:
        entries.extend(_transparency(year, current, facts, today))
    add(
        rules.oiv_attestation(year, acts),
        facts.surveyed_on.get(year),
        "griglia di rilevazione compilata" if year in facts.surveyed_on else "",
        _plan_link(current, "transparency:oiv_grid"),
    )
    add(rules.rpct_report(year, acts), link=_plan_link(current, "risk:rpct_report"))
    add(rules.performance_report(year), link=_plan_link(plan, "evaluation:report"))
    validated_on = facts.validated_on.get(plan.pk) if plan else None
    add(
        rules.report_validation(year),
        validated_on,
        "validata dal Nucleo" if validated_on else "",
        _plan_link(plan, "evaluation:report"),
    )
    return entries


def _transparency(year: int, plan: Plan, facts: _Facts, today: date) -> list[Entry]:
    """The duties of the map of the plan in force. The map keeps each duty's last publication
    only: a deadline is met if that publication falls in its window or later (an earlier one
    cannot be told apart), as the transparency map judges it."""
    duties = _duties_due(year, facts.duties.get(plan.pk, []), facts.timely_days.get(plan.pk, 30))
    by_day: dict[date, list[rules.DutyDue]] = {}
    for duty in duties:
        by_day.setdefault(duty.due, []).append(duty)
    link = _plan_link(plan, "transparency:map")
    entries = []
    for deadline in rules.transparency(year, duties):
        if rules.transparency_met(by_day[deadline.due]):
            entry = Entry(deadline, Status.DONE, None, "pubblicazioni registrate nella mappa", plan, link)
        else:
            entry = Entry(deadline, rules.status_of(deadline.due, None, today), None, "", plan, link)
        entries.append(entry)
    return entries


def _ordered(entries: Iterable[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.deadline.due, e.deadline.kind != Kind.ADOPTION, e.deadline.title))


def year_calendar(organization, year: int, *, today: date | None = None) -> list[Entry]:
    """Every deadline of the ente falling in `year` (from the cycles of that year and the one before)."""
    today = today or timezone.localdate()
    facts = _read_facts(organization, [year - 1, year])
    entries = [e for cycle in (year - 1, year) for e in _cycle(cycle, facts, today)]
    return _ordered(e for e in entries if e.deadline.due.year == year)


def plan_calendar(plan: Plan, *, today: date | None = None) -> list[Entry]:
    """The deadlines of the plan's cycle: from its adoption to the Relazione on its first year."""
    today = today or timezone.localdate()
    facts = _read_facts(plan.organization, [plan.first_year])
    return _ordered(_cycle(plan.first_year, facts, today))


def calendar_between(organization, first: int, last: int, *, today: date | None = None) -> list[Entry]:
    """The deadlines of the cycles `first`..`last` (the feed and the reminders)."""
    today = today or timezone.localdate()
    years = range(first, last + 1)
    facts = _read_facts(organization, years)
    return _ordered(e for year in years for e in _cycle(year, facts, today))


def by_month(entries: list[Entry]) -> list[tuple[date, list[Entry]]]:
    months: dict[date, list[Entry]] = {}
    for entry in entries:
        months.setdefault(entry.deadline.due.replace(day=1), []).append(entry)
    return list(months.items())


def find_entry(organization, key: str, *, today: date | None = None) -> Entry | None:
    """The entry of `key` («kind:year» or «trasparenza:date»), or None if no cycle has it."""
    _, _, value = key.partition(":")
    try:
        year = int(value[:4])
    except ValueError:
        return None
    for entry in calendar_between(organization, year - 1, year, today=today):
        if entry.key == key:
            return entry
    return None
