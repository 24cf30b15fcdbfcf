"""Writes of Sezione 3 and the positive actions: keyword-only, plain values (model field names →
cleaned values), each one atomic, version-checked and audited.

Every kind of row goes through the same two services, typed by its model; `ACTIONS` names what
the audit log records for each.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from openpiao.core.audit import Action, delete_audited, save_audited
from openpiao.core.rows import RowsInvalid, set_values, validate

from .models import (
    ActivityMapEntry,
    Cessation,
    Course,
    Enrolment,
    PlannedHire,
    PlanRow,
    PolaIndicator,
    PolaValue,
    PositiveAction,
    PositiveActionArea,
    SmartWorkingAgreement,
    StaffingInputs,
    TrainingArea,
    TrainingPlan,
)


@dataclass(frozen=True)
class RowActions:
    created: Action
    changed: Action
    deleted: Action | None = None  # the plan's single rows (StaffingInputs, TrainingPlan) stay


ACTIONS: dict[type[PlanRow], RowActions] = {
    StaffingInputs: RowActions(Action.STAFFING_INPUTS_CREATED, Action.STAFFING_INPUTS_CHANGED),
    Cessation: RowActions(Action.CESSATION_CREATED, Action.CESSATION_CHANGED, Action.CESSATION_DELETED),
    PlannedHire: RowActions(
        Action.PLANNED_HIRE_CREATED, Action.PLANNED_HIRE_CHANGED, Action.PLANNED_HIRE_DELETED
    ),
    PolaIndicator: RowActions(
        Action.POLA_INDICATOR_CREATED, Action.POLA_INDICATOR_CHANGED, Action.POLA_INDICATOR_DELETED
    ),
    ActivityMapEntry: RowActions(Action.ACTIVITY_CREATED, Action.ACTIVITY_CHANGED, Action.ACTIVITY_DELETED),
    SmartWorkingAgreement: RowActions(
        Action.AGREEMENT_CREATED, Action.AGREEMENT_CHANGED, Action.AGREEMENT_DELETED
    ),
    TrainingPlan: RowActions(Action.TRAINING_PLAN_CREATED, Action.TRAINING_PLAN_CHANGED),
    TrainingArea: RowActions(
        Action.TRAINING_AREA_CREATED, Action.TRAINING_AREA_CHANGED, Action.TRAINING_AREA_DELETED
    ),
    Course: RowActions(Action.COURSE_CREATED, Action.COURSE_CHANGED, Action.COURSE_DELETED),
    Enrolment: RowActions(Action.ENROLMENT_CREATED, Action.ENROLMENT_CHANGED, Action.ENROLMENT_DELETED),
    PositiveActionArea: RowActions(
        Action.ACTION_AREA_CREATED, Action.ACTION_AREA_CHANGED, Action.ACTION_AREA_DELETED
    ),
    PositiveAction: RowActions(
        Action.POSITIVE_ACTION_CREATED, Action.POSITIVE_ACTION_CHANGED, Action.POSITIVE_ACTION_DELETED
    ),
}


def save_row(
    *,
    plan,
    model: type[PlanRow],
    row: PlanRow | None,
    values: dict[str, Any],
    expected_version: int | None = None,
    user,
) -> PlanRow:
    """Create a row of `model` in the plan (`row` None), or write `values` into `row` only if
    nobody saved it since `expected_version` (StaleEdit). Fields not in `values` keep what is
    stored (e.g. the special categories, for a member who does not see them)."""
    actions = ACTIONS[model]
    row = row or model(plan=plan)
    if not isinstance(row, model):
        raise TypeError(f"{row!r} is not a {model.__name__}")
    action = actions.created if row.pk is None else actions.changed
    set_values(row, values)
    return save_audited(row, user=user, action=action, expected_version=expected_version, fields=values)


@transaction.atomic
def create_rows(*, plan, model: type[PlanRow], rows: list[dict[str, Any]], user) -> list[PlanRow]:
    """Several new rows of `model` entered together: all saved, or none (RowsInvalid gives each
    refused row's position in `rows` and its error)."""
    saved, errors = [], {}
    for index, values in enumerate(rows):
        try:
            saved.append(save_row(plan=plan, model=model, row=None, values=values, user=user))
        except ValidationError as error:
            errors[index] = error
    if errors:
        raise RowsInvalid(errors)  # leaving the transaction undoes the rows saved before
    return saved


@transaction.atomic
def save_pola_indicator(
    *,
    plan,
    indicator: PolaIndicator | None,
    values: dict[str, Any],
    yearly: dict[int, tuple[str, str]],
    expected_version: int | None = None,
    user,
) -> PolaIndicator:
    """An indicator of the lavoro agile with its valore atteso and valore raggiunto per year
    (`yearly`: year → (target, achieved); both empty removes that year's values)."""
    indicator = save_row(
        plan=plan,
        model=PolaIndicator,
        row=indicator,
        values=values,
        expected_version=expected_version,
        user=user,
    )
    stored = {v.year: v for v in PolaValue.objects.filter(indicator=indicator)}
    for year, (target, achieved) in yearly.items():
        value = stored.get(year)
        if not (target or achieved):
            if value is not None:
                value.delete()
            continue
        value = value or PolaValue(indicator=indicator, year=year)
        value.target, value.achieved = target, achieved
        validate(value)
        value.save()
    return indicator


def delete_row(*, row: PlanRow, user) -> None:
    """Delete a row of Sezione 3 (the database's PROTECT and RESTRICT rules still apply)."""
    action = ACTIONS[type(row)].deleted
    if action is None:
        raise TypeError(f"{type(row).__name__} rows are not deleted")
    delete_audited(row, user=user, action=action, text=str(row)[:200])
