"""Reads of the measurement cycle, turned into the inputs of the pure rules.

`scorecard(plan)` loads a plan's objectives, reviews and evaluation system in a fixed number
of queries (whatever the number of objectives) and computes every organisational score;
`people(plan, card)` adds the individual scores and `bonus(plan, people)` the distribution
of the funds. Pages, the Relazione and the export all read from these.
"""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone

from openpiao.core import caching
from openpiao.core.caching import cached_for_plan
from openpiao.core.formatting import it_percent
from openpiao.core.working import Step
from openpiao.organization_chart.models import Employee, OrgUnit
from openpiao.performance.models import Indicator, Objective, Participation
from openpiao.performance.months import MONTH_NAMES
from openpiao.performance.targets import TargetError, parse_target

from . import bonus as bonus_rules
from . import monitoring, plain, prefill, scoring, smvp
from .models import (
    BehaviourAssessment,
    BehaviourCriterion,
    BonusFund,
    EvaluationSystem,
    MeritBand,
    ReportValidation,
    Review,
    ReviewKind,
)
from .presets import default_preset

# --- Evaluation system ------------------------------------------------------------------


def evaluation_system(plan) -> EvaluationSystem:
    """The plan's SMVP parameters; if not yet set, the defaults (unsaved, `pk` is None)."""
    system = (
        EvaluationSystem.objects.filter(plan=plan)
        .prefetch_related(
            Prefetch("criteria", queryset=BehaviourCriterion.objects.order_by("order", "pk")),
            Prefetch("bands", queryset=MeritBand.objects.order_by("-min_score")),
        )
        .first()
    )
    if system is not None:
        return system
    preset = default_preset()
    system = EvaluationSystem(plan=plan, **preset.values)
    system.default_criteria = [
        BehaviourCriterion(order=i, **c) for i, c in enumerate(preset.criteria, start=1)
    ]
    return system


def evaluation_rules(plan) -> scoring.Rules:
    """Only the scoring parameters (one query), for pages that score a single objective."""
    system = EvaluationSystem.objects.filter(plan=plan).first()
    if system is None:
        system = EvaluationSystem(plan=plan, **default_preset().values)
    return system.rules()


def criteria_of(system: EvaluationSystem) -> list[BehaviourCriterion]:
    return list(system.criteria.all()) if system.pk else system.default_criteria


def bands_of(system: EvaluationSystem) -> list[bonus_rules.Band]:
    if not (system.pk and system.use_merit_bands):
        return []
    return [b.as_band() for b in system.bands.all()]


# --- Reviews and organisational scores -----------------------------------------------------


@dataclass
class IndicatorResult:
    indicator: Indicator
    target_text: str
    value: object  # ReviewValue | None
    score: scoring.Score


@dataclass
class PhaseResult:
    phase: object
    progress: object  # ReviewPhase | None
    score: scoring.Score


@dataclass
class ReviewResult:
    review: Review
    indicators: list[IndicatorResult]
    phases: list[PhaseResult]
    value_mean: scoring.Score
    time_mean: scoring.Score
    score: scoring.Score


@dataclass
class ObjectiveResult:
    objective: Objective
    intermediate: ReviewResult | None
    final: ReviewResult | None
    status: monitoring.Status | None = None
    overdue_phases: list = field(default_factory=list)
    due_phases: list = field(default_factory=list)
    missing_indicators: list = field(default_factory=list)

    @property
    def current(self) -> ReviewResult | None:
        return self.final or self.intermediate

    @property
    def score(self) -> Decimal | None:
        return self.current.score.value if self.current else None

    @property
    def excluded_reason(self) -> str:
        """Why the Nucleo left the objective out of the means (empty: it counts)."""
        return self.current.review.excluded_reason if self.current else ""

    @property
    def prerequisite(self) -> scoring.Score | None:
        """For a pre-requisito: met (100) / not met (0) / not yet verified (None)."""
        if not self.objective.is_prerequisite:
            return None
        return scoring.prerequisite_met(self.current.score if self.current else scoring.Score(None))

    @property
    def has_final(self) -> bool:
        return self.final is not None


class StoredObjectiveResult(ObjectiveResult):
    """An objective's result as the cache keeps it: the results of its reviews (indicators,
    phases and their working, most of a scorecard's weight) pickled apart and read back only
    when a page asks for them, so a page showing 50 objectives of 200 reads back 50; the
    score, the pre-requisito's outcome and whether the final review exists stay at hand for
    the pages that count every objective."""

    @classmethod
    def of(cls, result: ObjectiveResult) -> "StoredObjectiveResult":
        stored = cls.__new__(cls)
        stored.__dict__.update(result.__dict__)
        stored.__dict__["_reviews"] = caching.dumps((result.intermediate, result.final))
        stored.__dict__["_summary"] = (result.score, result.prerequisite, result.final is not None)
        return stored

    def __getattr__(self, name: str):
        reviews = self.__dict__.get("_reviews")
        if name in ("intermediate", "final") and reviews is not None:
            self.__dict__["intermediate"], self.__dict__["final"] = caching.loads(reviews)
            return self.__dict__[name]
        raise AttributeError(name)

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.pop("intermediate", None)
        state.pop("final", None)
        return state

    @property
    def score(self) -> Decimal | None:
        return self._summary[0]

    @property
    def prerequisite(self) -> scoring.Score | None:
        return self._summary[1]

    @property
    def has_final(self) -> bool:
        return self._summary[2]


@dataclass
class UnitResult:
    unit: OrgUnit
    objectives: list[ObjectiveResult]
    score: scoring.Score


@dataclass
class Scorecard:
    """Read from the cache, its rows are plain values (`plain.freeze`): `objective` an
    `PlainObjective`, `review` a `PlainReview`...; `plan` and `system` are the request's own."""

    plan: object
    system: EvaluationSystem | None
    rules: scoring.Rules
    month: int  # the month the dashboard looks at (13 = year over)
    objectives: list[ObjectiveResult]
    units: list[UnitResult]
    organization_score: scoring.Score
    at_last_review: bool = False  # the year is over without final reviews: month of the last one

    @property
    def prerequisites(self) -> list[ObjectiveResult]:
        """The pre-requisiti: no weight, in no mean; met or not, they gate the bonus."""
        return [o for o in self.objectives if o.objective.is_prerequisite]

    def objective(self, objective_id: int) -> ObjectiveResult | None:
        return next((o for o in self.objectives if o.objective.pk == objective_id), None)

    @property
    def unit_scores(self) -> dict[int, Decimal | None]:
        return {u.unit.pk: u.score.value for u in self.units}

    @property
    def is_final(self) -> bool:
        """Every objective has its final review: the scores are the year's."""
        return bool(self.objectives) and all(o.has_final for o in self.objectives)


def objectives_for_review(plan):
    """Objectives with what a review reads: unit, indicators and targets, phases, staff."""
    return (
        Objective.objects.filter(plan=plan)
        .select_related("unit", "strategic_objective")
        .prefetch_related(
            Prefetch(
                "indicators", queryset=Indicator.objects.select_related("scale").prefetch_related("targets")
            ),
            "phases",
            "co_units",
            Prefetch("participations", queryset=Participation.objects.select_related("employee")),
        )
        .order_by("unit__order", "unit__name", "number")
    )


def scorable_indicators(plan) -> list[Indicator]:
    """The plan's numeric indicators (the ones fasce di punteggio apply to), with their scale."""
    return list(
        Indicator.objects.filter(objective__plan=plan, kind__in=("number", "percentage"))
        .select_related("objective__unit", "scale")
        .order_by("objective__unit__order", "objective__unit__name", "objective__number", "order", "pk")
    )


def get_scorable_indicator_for(plan, indicator_id: int) -> Indicator:
    """One numeric indicator of this plan; the same 404 for another plan's."""
    return get_object_or_404(
        Indicator.objects.filter(objective__plan=plan, kind__in=("number", "percentage")).select_related(
            "objective__unit", "scale"
        ),
        pk=indicator_id,
    )


def get_objective_for_review(plan, objective_id: int) -> Objective:
    return get_object_or_404(objectives_for_review(plan), pk=objective_id)


def get_review_for(plan, review_id: int) -> Review:
    """One review of this plan, with its objective and unit; the same 404 for another plan's."""
    return get_object_or_404(
        Review.objects.filter(plan=plan).select_related("objective", "objective__unit"), pk=review_id
    )


def reviews_of(plan, objective_ids=None):
    """All revisions of the plan's reviews with their values and phase progress."""
    reviews = Review.objects.filter(plan=plan)
    if objective_ids is not None:
        reviews = reviews.filter(objective_id__in=objective_ids)
    return reviews.select_related("entered_by", "validated_by").prefetch_related("values", "phase_progress")


def latest_reviews(reviews) -> dict[tuple[int, str], Review]:
    """The current (highest) revision of each (objective, kind)."""
    latest: dict[tuple[int, str], Review] = {}
    for review in reviews:
        key = (review.objective_id, review.kind)
        if key not in latest or review.revision > latest[key].revision:
            latest[key] = review
    return latest


def _target(indicator: Indicator, year: int):
    target = indicator.target_for(year)
    if target is None:
        return "", None, "valore atteso mancante per l'anno"
    try:
        return target.value, parse_target(indicator.kind, target.value, year), ""
    except TargetError as error:
        return target.value, None, str(error)


def planned_months(months: list[int]) -> str:
    """«previste da marzo a giugno», for a phase's working."""
    if not months:
        return ""
    first, last = MONTH_NAMES[min(months) - 1].lower(), MONTH_NAMES[max(months) - 1].lower()
    to = "ad" if last[0] in "aeiou" else "a"
    return f"prevista {to} {first}" if first == last else f"prevista da {first} {to} {last}"


def evaluate_review(review: Review, objective: Objective, rules: scoring.Rules, year: int) -> ReviewResult:
    values = {v.indicator_id: v for v in review.values.all()}
    progress = {p.phase_id: p for p in review.phase_progress.all()}
    as_of = review.reference_date
    month = scoring.months_elapsed(year, as_of)
    indicators = []
    for indicator in objective.indicators.all():
        text, target, problem = _target(indicator, year)
        value = values.get(indicator.pk)
        measured = (
            None if value is None or (value.is_empty and value.judgement is None) else value.measurement()
        )
        scale = getattr(indicator, "scale", None)
        if target is None:
            result = scoring.Score(None, [], problem)
        elif scale is not None and indicator.kind in ("number", "percentage"):
            result = (
                scale.score(measured.number, target.number)
                if measured is not None and measured.number is not None
                else scoring.Score(None, [], "valore non rilevato")
            )
        else:
            result = scoring.indicator_achievement(
                kind=indicator.kind,
                direction=indicator.direction,
                target=target,
                measured=measured,
                rules=rules,
                as_of=as_of,
            )
        if value is not None:
            result = smvp.overridden(result, override=value.override_score, reason=value.override_reason)
        indicators.append(IndicatorResult(indicator, text, value, result))
    phases = []
    for phase in objective.phases.all():
        row = progress.get(phase.pk)
        result = scoring.phase_timeliness(
            planned=phase.months,
            actual=row.actual_months if row else [],
            completed=row.completed if row else False,
            month=month,
        )
        phases.append(PhaseResult(phase, row, result))
    if indicators:
        counted = [
            (n, r) for n, r in enumerate(indicators, start=1) if not (r.value and r.value.excluded_reason)
        ]
        value_mean = scoring.mean_achievement(
            [
                scoring.Part(f"{n}. {r.indicator.description[:70]}", r.score.value, r.indicator.weight)
                for n, r in counted
            ],
            rules,
        )
        excluded = [
            Step(
                f"{n}. {r.indicator.description[:70]}: escluso dal Nucleo di valutazione",
                "escluso",
                f"motivo: {r.value.excluded_reason}",
            )
            for n, r in enumerate(indicators, start=1)
            if r.value and r.value.excluded_reason
        ]
        if excluded:
            value_mean = scoring.Score(value_mean.value, [*excluded, *value_mean.steps], value_mean.note)
    elif rules.phases_weighted:  # measured by its weighted phases: Σ(peso × % completamento) / Σ pesi
        value_mean = smvp.weighted_phases(
            [
                smvp.PhaseProgress(
                    f"fase {n}. {r.phase.description[:70]}",
                    r.phase.weight if r.phase.weight is not None else Decimal(1),
                    r.progress.completion if r.progress else None,
                    planned_months(r.phase.months),
                )
                for n, r in enumerate(phases, start=1)
            ],
            missing=smvp.COUNT_AS_ZERO if rules.missing_as_zero else smvp.EXCLUDE,
            rounding=rules.rounding if rules.rounds("objectives") else scoring.EXACT,
        )
    else:  # measured by its phases: their completion stands for the value achieved
        value_mean = scoring.phase_completion(
            [
                scoring.PhaseState(
                    f"fase {n}. {r.phase.description[:70]}",
                    bool(r.progress and r.progress.completed),
                    scoring.phase_is_due(r.phase.months, month),
                )
                for n, r in enumerate(phases, start=1)
            ]
        )
    time_mean = scoring.mean_timeliness(
        [
            scoring.Part(f"fase {n}. {r.phase.description[:70]}", r.score.value)
            for n, r in enumerate(phases, start=1)
        ]
    )
    score = scoring.objective_score(value_mean=value_mean.value, time_mean=time_mean.value, rules=rules)
    return ReviewResult(review, indicators, phases, value_mean, time_mean, score)


def _monitor(result: ObjectiveResult, month: int, at_risk_ratio: Decimal) -> None:
    current = result.current
    progress = {p.phase_id: p for p in current.review.phase_progress.all()} if current else {}
    for phase in result.objective.phases.all():
        row = progress.get(phase.pk)
        completed = bool(row and row.completed)
        if monitoring.phase_is_overdue(phase.months, completed, month):
            result.overdue_phases.append(phase)
        elif monitoring.phase_is_due(phase.months, completed, month):
            result.due_phases.append(phase)
    values = {v.indicator_id: v for v in current.review.values.all()} if current else {}
    result.missing_indicators = [
        i for i in result.objective.indicators.all() if i.pk not in values or values[i.pk].is_empty
    ]
    result.status = monitoring.objective_status(
        score=result.score,
        final=result.final is not None,
        month=month,
        overdue_phases=len(result.overdue_phases),
        time_mean=current.time_mean.value if current else None,
        at_risk_ratio=at_risk_ratio,
    )


def dashboard_month(plan, reviews, today: date | None = None) -> tuple[int, bool]:
    """The month the monitoring looks at: today's; but once the year is over and no final
    review exists yet, the month of the latest review, the last situation actually measured."""
    month = scoring.months_elapsed(plan.reference_year, today or timezone.localdate())
    if month < 13 or any(r.kind == ReviewKind.FINAL for r in reviews):
        return month, False
    dates = [r.reference_date for r in reviews if r.reference_date.year == plan.reference_year]
    return (max(dates).month, True) if dates else (month, False)


def scorecard(plan, *, month: int | None = None) -> Scorecard:
    """Every objective's reviews and scores, unit and ente scores: from the cache while the
    ente's data are unchanged (core.caching: one query, and the evaluation system's 1 to 3),
    else computed in 10 queries. Its rows are plain values (`plain.freeze`), computed or read
    back, so every page reads the same thing whichever way it came."""
    computed: dict[str, EvaluationSystem] = {}

    def compute() -> Scorecard:
        card = _scorecard(plan, month)
        computed["system"] = card.system
        return _stored(plain.freeze(card))

    card = cached_for_plan(plan, "scorecard", compute, month)
    system = computed["system"] if computed else evaluation_system(plan)
    # A copy with the request's plan and system: the cached card is shared by the worker's requests.
    return replace(card, plan=plan, system=system)


def _stored(card: Scorecard) -> Scorecard:
    """`card` with each objective's reviews kept apart (`StoredObjectiveResult`)."""
    stored = {id(r): StoredObjectiveResult.of(r) for r in card.objectives}
    units = [replace(u, objectives=[stored[id(r)] for r in u.objectives]) for u in card.units]
    return replace(card, objectives=[stored[id(r)] for r in card.objectives], units=units)


def _scorecard(plan, month: int | None) -> Scorecard:
    system = evaluation_system(plan)
    rules = system.rules()
    year = plan.reference_year
    objectives = list(objectives_for_review(plan))
    latest = latest_reviews(reviews_of(plan))
    at_last_review = False
    if month is None:
        month, at_last_review = dashboard_month(plan, latest.values())
    results = []
    for objective in objectives:
        intermediate = latest.get((objective.pk, ReviewKind.INTERMEDIATE))
        final = latest.get((objective.pk, ReviewKind.FINAL))
        result = ObjectiveResult(
            objective,
            evaluate_review(intermediate, objective, rules, year) if intermediate else None,
            evaluate_review(final, objective, rules, year) if final else None,
        )
        _monitor(result, month, system.at_risk_ratio)
        results.append(result)

    # Pre-requisiti have no weight and enter no mean: they only gate the bonus.
    # The Nucleo's exclusions stay listed under their unit, with the reason, but out of every mean.
    listed = [r for r in results if not r.objective.is_prerequisite]
    weighted = [r for r in listed if not r.excluded_reason]
    by_unit: dict[int, list[ObjectiveResult]] = defaultdict(list)
    for result in listed:
        by_unit[result.objective.unit_id].append(result)
    mode = plan.organization.weight_mode
    units = []
    for unit in OrgUnit.objects.filter(plan=plan).order_by("order", "name"):
        own = by_unit.get(unit.pk, [])
        if not own:
            continue
        score = scoring.unit_score(
            [
                scoring.Part(f"obiettivo {r.objective.number}", r.score, r.objective.weight)
                for r in own
                if not r.excluded_reason
            ],
            weight_mode=mode,
            rules=rules,
        )
        excluded = [
            Step(
                f"obiettivo {r.objective.number}: escluso dal Nucleo di valutazione",
                "escluso",
                r.excluded_reason,
            )
            for r in own
            if r.excluded_reason
        ]
        if excluded:
            score = scoring.Score(score.value, [*excluded, *score.steps], score.note)
        units.append(UnitResult(unit, own, score))
    unit_weights = system.weights_by_code()
    organization_score = scoring.organization_score(
        units=[scoring.Part(u.unit.name, u.score.value, unit_weights.get(u.unit.code)) for u in units],
        objectives=[
            scoring.Part(f"{r.objective.unit.name}, obiettivo {r.objective.number}", r.score)
            for r in weighted
        ],
        rules=rules,
        strategic=strategic_tiers(weighted, system, rules),
    )
    if rules.organization_method == "strategic" and (
        unlinked := [r for r in weighted if not r.objective.strategic_objective_id]
    ):
        left_out = [
            Step(
                f"{r.objective.unit.name}, obiettivo {r.objective.number}: "
                "non collegato a un obiettivo strategico",
                "escluso",
            )
            for r in unlinked
        ]
        organization_score = scoring.Score(
            organization_score.value, [*left_out, *organization_score.steps], organization_score.note
        )
    return Scorecard(plan, system, rules, month, results, units, organization_score, at_last_review)


def strategic_tiers(weighted: list[ObjectiveResult], system, rules: scoring.Rules) -> list[scoring.Tier]:
    """Area → obiettivo strategico → obiettivo operativo: each strategic objective's score, the
    weighted mean of the operational objectives linked to it (the Nucleo's exclusions and the
    pre-requisiti already left out), with its weight in the ente's mean. Only for a system that
    aggregates through the strategic objectives; read from the objectives already loaded."""
    if rules.organization_method != "strategic":
        return []
    weights = system.strategic_weights_by_code()
    linked: dict[int, list[ObjectiveResult]] = defaultdict(list)
    for result in weighted:
        if result.objective.strategic_objective_id:
            linked[result.objective.strategic_objective_id].append(result)
    strategic = sorted(
        {r.objective.strategic_objective for group in linked.values() for r in group},
        key=lambda so: (so.order, so.code),
    )
    return [
        scoring.Tier(
            f"{so.code} {so.title}",
            weights.get(so.code),
            scoring.strategic_score(
                [
                    scoring.Part(
                        f"{r.objective.unit.name}, obiettivo {r.objective.number}",
                        r.score,
                        r.objective.weight,
                    )
                    for r in linked[so.pk]
                ],
                rules=rules,
            ),
        )
        for so in strategic
    ]


def current_review(objective, kind: str) -> Review | None:
    """The current (latest) revision of the objective's review of `kind`, or None."""
    return Review.objects.filter(objective=objective, kind=kind).order_by("-revision").first()


def previous_review(objective, kind: str) -> Review | None:
    """The review a review of `kind` follows (the verifica intermedia, for the finale): its
    current revision with values and phase progress, or None."""
    earlier = prefill.CARRIES_FROM.get(kind)
    if earlier is None:
        return None
    return (
        Review.objects.filter(objective=objective, kind=earlier)
        .prefetch_related("values", "phase_progress")
        .order_by("-revision")
        .first()
    )


@dataclass
class ReviewDraft:
    """A review not entered yet: the unsaved row (date, carried analysis) and the values and
    phase progress its form starts from, by indicator and phase id (see prefill.py)."""

    review: Review
    values: dict[int, dict]
    phases: dict[int, dict]


def review_draft(plan, objective, kind: str, previous: Review | None, *, today: date) -> ReviewDraft:
    review = Review(
        plan=plan,
        kind=kind,
        reference_date=prefill.default_reference_date(kind, plan.reference_year, today),
    )
    if previous is None:
        return ReviewDraft(review, {}, {})
    for name in prefill.CARRIED_ANALYSIS:
        setattr(review, name, getattr(previous, name))
    kinds = {indicator.pk: indicator.kind for indicator in objective.indicators.all()}
    values = {}
    for row in previous.values.all():
        carried = prefill.carried_value(
            kinds[row.indicator_id], number=row.number, flag=row.flag, done_on=row.done_on, text=row.text
        )
        if carried:
            values[row.indicator_id] = carried
    phases = {
        row.phase_id: {"actual_months": list(row.actual_months), "completed": row.completed}
        for row in previous.phase_progress.all()
    }
    return ReviewDraft(review, values, phases)


def review_history(objective) -> list[Review]:
    return list(
        Review.objects.filter(objective=objective)
        .select_related("entered_by", "validated_by")
        .order_by("kind", "-revision")
    )


# --- People: individual scores ----------------------------------------------------------


@dataclass
class PersonResult:
    employee: Employee
    contributions: list[scoring.Part]
    results: scoring.Score
    behaviour: scoring.Score
    score: scoring.Score
    assessment: BehaviourAssessment | None
    criteria: list[tuple[BehaviourCriterion, int | None]]
    participation_pct: Decimal  # Σ participation percents, at most 100
    prerequisites: list[bonus_rules.Prerequisite] = field(default_factory=list)


def prerequisites_by_employee(card: Scorecard, employees) -> dict[int, list[bonus_rules.Prerequisite]]:
    """The pre-requisiti each employee answers for: those it takes part in; a pre-requisito
    with no staff listed applies to everyone working in its unit and co-units."""
    out: dict[int, list[bonus_rules.Prerequisite]] = defaultdict(list)
    for result in card.objectives:
        objective = result.objective
        if not objective.is_prerequisite:
            continue
        met = result.prerequisite.value
        check = bonus_rules.Prerequisite(objective.title[:120], None if met is None else met > 0)
        staff = {p.employee_id for p in objective.participations.all()}
        if not staff:
            units = {objective.unit_id, *(u.pk for u in objective.co_units.all())}
            staff = {e.pk for e in employees if e.unit_id in units}
        for employee_id in staff:
            out[employee_id].append(check)
    return out


def people(plan, card: Scorecard) -> list[PersonResult]:
    """Individual scores of the plan's employees (4 queries beyond the scorecard)."""
    system = card.system
    criteria = criteria_of(system)
    scale = Decimal(system.behaviour_scale_max)
    scores = {r.objective.pk: r for r in card.objectives}
    unit_scores = card.unit_scores
    participations = defaultdict(list)
    for result in card.objectives:
        if result.objective.is_prerequisite:
            continue  # no weight: not part of the results, only of the bonus (see below)
        for p in result.objective.participations.all():
            participations[p.employee_id].append((result, p))
    assessments = {
        a.employee_id: a for a in BehaviourAssessment.objects.filter(plan=plan).prefetch_related("votes")
    }
    # Individual performance is a person's: a row by category («5 Istruttori C1») has nobody to score.
    employees = list(
        Employee.objects.filter(plan=plan, headcount=1)
        .select_related("unit")
        .prefetch_related("headed_units")
    )
    prerequisites = prerequisites_by_employee(card, employees)
    out = []
    for employee in employees:
        headed = [u for u in employee.headed_units.all() if u.pk in unit_scores]
        if employee.is_eq_holder and headed:
            contributions = [
                scoring.Part(f"performance dell'unità diretta «{u.name}»", unit_scores[u.pk], Decimal(100))
                for u in headed
            ]
        elif participations.get(employee.pk):
            contributions = [
                scoring.Part(
                    f"{r.objective.unit.name}, obiettivo {r.objective.number} ({it_percent(p.percent or 0)})",
                    scores[r.objective.pk].score,
                    p.percent if p.percent is not None else Decimal(0),
                )
                for r, p in participations[employee.pk]
            ]
        else:
            contributions = [
                scoring.Part(
                    f"performance dell'unità «{employee.unit.name}» (nessun obiettivo assegnato)",
                    unit_scores.get(employee.unit_id),
                    Decimal(100),
                )
            ]
        results = scoring.results_score(contributions)
        assessment = assessments.get(employee.pk)
        votes = {v.criterion_id: v.value for v in assessment.votes.all()} if assessment else {}
        own_criteria = [(c, votes.get(c.pk)) for c in criteria if c.applies_to(employee)]
        behaviour = (
            scoring.behaviour_score(
                [
                    scoring.Part(c.name, Decimal(v) if v is not None else None, c.weight)
                    for c, v in own_criteria
                ],
                scale_max=scale,
            )
            if assessment
            else scoring.Score(None, [], "valutazione dei comportamenti non ancora inserita")
        )
        score = scoring.individual_score(
            results=results.value,
            behaviour=behaviour.value,
            results_share=system.results_share(employee),
            is_eq_holder=employee.is_eq_holder,
        )
        total = sum((p.percent or 0 for _, p in participations.get(employee.pk, [])), Decimal(0))
        out.append(
            PersonResult(
                employee,
                contributions,
                results,
                behaviour,
                score,
                assessment,
                own_criteria,
                min(total, scoring.HUNDRED),
                prerequisites.get(employee.pk, []),
            )
        )
    return out


# --- Bonus ------------------------------------------------------------------------------


@dataclass
class FundResult:
    fund: BonusFund
    distribution: bonus_rules.Distribution


def bonus(plan, card: Scorecard, persons: list[PersonResult]) -> list[FundResult]:
    """Each fund shared among its staff (1 query beyond `people`)."""
    system = card.system
    bands = bands_of(system)
    funds = list(BonusFund.objects.filter(plan=plan).select_related("unit"))
    units_with_fund = {f.unit_id for f in funds if f.unit_id}
    results = []
    for fund in funds:
        members = [
            p
            for p in persons
            if (
                p.employee.unit_id == fund.unit_id
                if fund.unit_id
                else p.employee.unit_id not in units_with_fund
            )
            and (system.bonus_includes_eq or not p.employee.is_eq_holder)
        ]
        candidates = [
            bonus_rules.Candidate(
                key=str(p.employee.pk),
                label=str(p.employee),
                score=p.score.value,
                participation_pct=p.participation_pct,
                part_time_pct=p.employee.part_time_pct,
                service_pct=bonus_rules.service_share(p.employee, plan.reference_year),
                prerequisites=tuple(p.prerequisites),
            )
            for p in members
        ]
        distribution = bonus_rules.distribute_fund(
            fund.amount, candidates, threshold=system.bonus_threshold, bands=bands
        )
        results.append(FundResult(fund, distribution))
    return results


def latest_report_validation(plan) -> ReportValidation | None:
    return ReportValidation.objects.filter(plan=plan).select_related("validated_by").first()
