"""Builders for the measurement-cycle tests: real rows in Casorate's plan, made here so the
tests never depend on the demo objectives."""

from datetime import date
from decimal import Decimal
from itertools import count

import pytest

from openpiao.evaluation.models import (
    BehaviourAssessment,
    BonusFund,
    EmployeeAccount,
    EvaluationSystem,
    ReportValidation,
    Review,
    ReviewPhase,
    ReviewValue,
)
from openpiao.organization_chart.models import Employee, OrgUnit
from openpiao.performance.models import Indicator, IndicatorTarget, Objective, Participation, Phase

D = Decimal
_numbers = count(1)


class Builder:
    """Creates units, employees, objectives and reviews in one plan."""

    def __init__(self, plan):
        self.plan = plan
        self.organization = plan.organization

    def unit(self, code=None, **values) -> OrgUnit:
        code = code or f"eval-unit-{next(_numbers)}"
        return OrgUnit.objects.create(plan=self.plan, code=code, name=values.pop("name", code), **values)

    def employee(self, unit, key=None, **values) -> Employee:
        values = {"gender": "F", "area": "istruttori", "old_category": "C", "last_name": "Rossi", **values}
        return Employee.objects.create(
            plan=self.plan,
            unit=unit,
            key=key or f"eval-emp-{next(_numbers)}",
            **values,
        )

    def objective(self, unit, *, weight=None, indicators=(), phases=(), number=None) -> Objective:
        """indicators: (kind, direction, target text[, weight]); phases: lists of months."""
        objective = Objective.objects.create(
            plan=self.plan,
            unit=unit,
            number=number or next(_numbers),
            kind="improvement",
            title=f"Obiettivo di prova {next(_numbers)}",
            first_year=self.plan.reference_year,
            last_year=self.plan.reference_year,
            weight=weight,
        )
        for order, spec in enumerate(indicators, start=1):
            kind, direction, target, *rest = spec
            indicator = Indicator.objects.create(
                objective=objective,
                order=order,
                description=f"Indicatore {order}",
                kind=kind,
                direction=direction,
                weight=rest[0] if rest else D(1),
            )
            if target is not None:
                IndicatorTarget.objects.create(
                    indicator=indicator,
                    year=self.plan.reference_year,
                    value=target,
                )
        for order, months in enumerate(phases, start=1):
            Phase.objects.create(
                objective=objective,
                order=order,
                description=f"Fase {order}",
                months=months,
            )
        return objective

    def participate(self, objective, employee, percent) -> Participation:
        return Participation.objects.create(objective=objective, employee=employee, percent=percent)

    def review(self, objective, *, kind="intermediate", on=None, values=(), phases=(), **fields) -> Review:
        """values: dicts for the indicators in order (None = no value); phases: (months, completed)."""
        review = Review.objects.create(
            plan=self.plan,
            objective=objective,
            kind=kind,
            reference_date=on or date(self.plan.reference_year, 7, 31),
            **fields,
        )
        for indicator, value in zip(objective.indicators.order_by("order"), values, strict=False):
            if value is not None:
                ReviewValue.objects.create(review=review, indicator=indicator, **value)
        for phase, spec in zip(objective.phases.order_by("order"), phases, strict=False):
            months, completed = spec
            ReviewPhase.objects.create(
                review=review,
                phase=phase,
                actual_months=months,
                completed=completed,
            )
        return review


@pytest.fixture
def build(casorate) -> Builder:
    """Casorate's plan without the demo's evaluation data (rolled back after each test)."""
    for model in (
        Review,
        BehaviourAssessment,
        BonusFund,
        EvaluationSystem,
        ReportValidation,
        EmployeeAccount,
    ):
        model.objects.filter(plan=casorate).delete()
    return Builder(casorate)
