"""The rows a scorecard shows, as plain values: what the cache keeps of a plan's scorecard.

`selectors.scorecard` computes on model instances (the rules read them), then keeps only what
the pages, the Relazione, the print and the export read of them: each objective, unit,
indicator, phase, review, review value and phase progress becomes a frozen dataclass of str,
int, Decimal, date and ids, built once (`freeze`). Read back from the shared cache by another
process, such a scorecard costs a few microseconds a row to unpickle, where a model instance
with its prefetched relations cost some seventy (issue 14). Every attribute keeps the model's
name, so templates and code read them as before; a relation is a `Rows` tuple answering the
same `.all()`, `.count()` as a prefetched relation.
"""

from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

__all__ = [
    "PlainIndicator",
    "PlainObjective",
    "PlainParticipation",
    "PlainPhase",
    "PlainPhaseProgress",
    "PlainReview",
    "PlainReviewValue",
    "PlainStrategicObjective",
    "PlainUnit",
    "Rows",
    "freeze",
]


class Rows(tuple):
    """Related rows of a plain row: answers what pages ask of a prefetched relation."""

    __slots__ = ()

    def all(self) -> "Rows":
        return self

    def count(self) -> int:
        return len(self)

    def exists(self) -> bool:
        return bool(self)

    def first(self):
        return self[0] if self else None

    def last(self):
        return self[-1] if self else None


class _Plain:
    """`id` as the models spell it too."""

    pk: int

    @property
    def id(self) -> int:
        return self.pk


@dataclass(frozen=True)
class PlainUnit(_Plain):
    pk: int
    name: str
    code: str
    order: int

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class PlainStrategicObjective(_Plain):
    pk: int
    code: str
    title: str
    order: int


@dataclass(frozen=True)
class PlainIndicator(_Plain):
    pk: int
    objective_id: int
    order: int
    description: str
    kind: str
    direction: str
    weight: Decimal | None


@dataclass(frozen=True)
class PlainPhase(_Plain):
    pk: int
    objective_id: int
    order: int
    description: str
    months: tuple[int, ...]
    weight: Decimal | None


@dataclass(frozen=True)
class PlainParticipation(_Plain):
    pk: int
    objective_id: int
    employee_id: int
    percent: Decimal | None


@dataclass(frozen=True)
class PlainObjective(_Plain):
    pk: int
    number: int
    title: str
    weight: Decimal | None
    is_prerequisite: bool
    unit_id: int
    unit: PlainUnit
    strategic_objective_id: int | None
    strategic_objective: PlainStrategicObjective | None
    indicators: Rows
    phases: Rows
    co_units: Rows
    participations: Rows

    def __str__(self) -> str:
        return self.title


@dataclass(frozen=True)
class PlainReview(_Plain):
    pk: int
    objective_id: int
    kind: str
    kind_display: str
    revision: int
    revision_reason: str
    version: int
    reference_date: date
    causes: str
    effects: str
    actions_taken: str
    actions_planned: str
    excluded_reason: str
    is_validated: bool
    validated_at: datetime | None
    validator_display: str
    author_display: str
    is_demo: bool
    updated_at: datetime | None

    def get_kind_display(self) -> str:
        return self.kind_display


@dataclass(frozen=True)
class PlainReviewValue(_Plain):
    pk: int
    indicator_id: int
    number: Decimal | None
    flag: bool | None
    done_on: date | None
    text: str
    judgement: Decimal | None
    note: str
    override_score: Decimal | None
    override_reason: str
    excluded_reason: str
    display: str
    is_empty: bool


@dataclass(frozen=True)
class PlainPhaseProgress(_Plain):
    pk: int
    phase_id: int
    actual_months: tuple[int, ...]
    completed: bool
    completion: Decimal | None


# --- Built once from the models --------------------------------------------------------------


class _Freezer:
    """Turns the model instances of one scorecard into rows, each instance once (an indicator
    listed as missing is the same row as the one scored)."""

    def __init__(self) -> None:
        self.seen: dict[tuple[type, int], object] = {}

    def _once(self, instance, build):
        key = (type(instance), instance.pk)
        if key not in self.seen:
            self.seen[key] = build(instance)
        return self.seen[key]

    def unit(self, unit) -> PlainUnit:
        return self._once(unit, lambda u: PlainUnit(u.pk, u.name, u.code, u.order))

    def strategic(self, so) -> PlainStrategicObjective | None:
        if so is None:
            return None
        return self._once(so, lambda s: PlainStrategicObjective(s.pk, s.code, s.title, s.order))

    def indicator(self, indicator) -> PlainIndicator:
        return self._once(
            indicator,
            lambda i: PlainIndicator(
                i.pk, i.objective_id, i.order, i.description, i.kind, i.direction, i.weight
            ),
        )

    def phase(self, phase) -> PlainPhase:
        return self._once(
            phase,
            lambda p: PlainPhase(p.pk, p.objective_id, p.order, p.description, tuple(p.months), p.weight),
        )

    def objective(self, objective) -> PlainObjective:
        return self._once(
            objective,
            lambda o: PlainObjective(
                pk=o.pk,
                number=o.number,
                title=o.title,
                weight=o.weight,
                is_prerequisite=o.is_prerequisite,
                unit_id=o.unit_id,
                unit=self.unit(o.unit),
                strategic_objective_id=o.strategic_objective_id,
                strategic_objective=self.strategic(o.strategic_objective)
                if o.strategic_objective_id
                else None,
                indicators=Rows(self.indicator(i) for i in o.indicators.all()),
                phases=Rows(self.phase(p) for p in o.phases.all()),
                co_units=Rows(self.unit(u) for u in o.co_units.all()),
                participations=Rows(
                    PlainParticipation(p.pk, p.objective_id, p.employee_id, p.percent)
                    for p in o.participations.all()
                ),
            ),
        )

    def review(self, review) -> PlainReview:
        return self._once(
            review,
            lambda r: PlainReview(
                pk=r.pk,
                objective_id=r.objective_id,
                kind=r.kind,
                kind_display=r.get_kind_display(),
                revision=r.revision,
                revision_reason=r.revision_reason,
                version=r.version,
                reference_date=r.reference_date,
                causes=r.causes,
                effects=r.effects,
                actions_taken=r.actions_taken,
                actions_planned=r.actions_planned,
                excluded_reason=r.excluded_reason,
                is_validated=r.is_validated,
                validated_at=r.validated_at,
                validator_display=r.validator_display,
                author_display=r.author_display,
                is_demo=r.is_demo,
                updated_at=r.updated_at,
            ),
        )

    def value(self, value) -> PlainReviewValue | None:
        if value is None:
            return None
        return self._once(
            value,
            lambda v: PlainReviewValue(
                pk=v.pk,
                indicator_id=v.indicator_id,
                number=v.number,
                flag=v.flag,
                done_on=v.done_on,
                text=v.text,
                judgement=v.judgement,
                note=v.note,
                override_score=v.override_score,
                override_reason=v.override_reason,
                excluded_reason=v.excluded_reason,
                display=v.display,
                is_empty=v.is_empty,
            ),
        )

    def progress(self, row) -> PlainPhaseProgress | None:
        if row is None:
            return None
        return self._once(
            row,
            lambda p: PlainPhaseProgress(p.pk, p.phase_id, tuple(p.actual_months), p.completed, p.completion),
        )

    def review_result(self, result):
        if result is None:
            return None
        return replace(
            result,
            review=self.review(result.review),
            indicators=[
                replace(i, indicator=self.indicator(i.indicator), value=self.value(i.value))
                for i in result.indicators
            ],
            phases=[
                replace(p, phase=self.phase(p.phase), progress=self.progress(p.progress))
                for p in result.phases
            ],
        )

    def objective_result(self, result):
        return replace(
            result,
            objective=self.objective(result.objective),
            intermediate=self.review_result(result.intermediate),
            final=self.review_result(result.final),
            overdue_phases=[self.phase(p) for p in result.overdue_phases],
            due_phases=[self.phase(p) for p in result.due_phases],
            missing_indicators=[self.indicator(i) for i in result.missing_indicators],
        )


def freeze(card):
    """`card` (a selectors.Scorecard computed on model instances) with every row a plain value;
    the plan and the evaluation system are left out (the caller gives the request's own)."""
    freezer = _Freezer()
    objectives = [freezer.objective_result(r) for r in card.objectives]
    by_id = {id(old): new for old, new in zip(card.objectives, objectives, strict=True)}
    units = [
        replace(u, unit=freezer.unit(u.unit), objectives=[by_id[id(r)] for r in u.objectives])
        for u in card.units
    ]
    return replace(card, plan=None, system=None, objectives=objectives, units=units)
