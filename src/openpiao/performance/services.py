"""Writes of the performance section: keyword-only, plain values (model field names → cleaned
values), each one atomic, version-checked and audited."""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F

from openpiao.core.audit import Action, delete_audited, record, save_audited
from openpiao.core.locking import StaleEdit
from openpiao.core.rows import RowEdit, save_rows, set_values, validate

from .models import Indicator, IndicatorTarget, Objective, Participation, Phase, Resource, StrategicObjective


@dataclass(frozen=True)
class IndicatorRow(RowEdit):
    """An indicator of the scheda with its valori attesi: year → value as written ("" removes it)."""

    targets: dict[int, str] = field(default_factory=dict)


def _touch_objective(objective: Objective, expected_version: int) -> None:
    """Claim the objective for this edit: fails if someone saved it since `expected_version`."""
    updated = Objective.objects.filter(pk=objective.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not updated:
        raise StaleEdit(StaleEdit.message)
    objective.version = expected_version + 1


CO_UNIT_REPEATS_UNIT = "L'unità responsabile non va ripetuta tra le corresponsabili."
CROSS_UNIT_NEEDS_CO_UNITS = "Un obiettivo intersettoriale richiede almeno un'unità corresponsabile."


def _check_co_units(objective: Objective, co_units) -> None:
    """The rules on the unità corresponsabili the objective's form checks, for every caller."""
    if co_units is None:
        co_units = list(objective.co_units.all()) if objective.pk else []
    units = {getattr(u, "pk", u) for u in co_units}
    if objective.unit_id and objective.unit_id in units:
        raise ValidationError({"co_units": CO_UNIT_REPEATS_UNIT})
    if objective.kind == "cross_unit" and not units:
        raise ValidationError({"co_units": CROSS_UNIT_NEEDS_CO_UNITS})


def _save_objective(objective: Objective, values: dict[str, Any], **kwargs) -> Objective:
    values = dict(values)
    co_units = values.pop("co_units", None)
    set_values(objective, values)
    _check_co_units(objective, co_units)
    with transaction.atomic():
        save_audited(objective, fields=values, **kwargs)
        if co_units is not None:
            objective.co_units.set(co_units)
    return objective


def create_objective(*, plan, values: dict[str, Any], user) -> Objective:
    """A new objective of the plan; `values` may name its `co_units` (unità corresponsabili)."""
    objective = Objective(organization=plan.organization, plan=plan)
    return _save_objective(objective, values, user=user, action=Action.OBJECTIVE_CREATED)


def update_objective(
    *, objective: Objective, values: dict[str, Any], expected_version: int, user
) -> Objective:
    return _save_objective(
        objective, values, user=user, action=Action.OBJECTIVE_CHANGED, expected_version=expected_version
    )


def _save_targets(indicator: Indicator, targets: dict[int, str]) -> None:
    stored = {t.year: t for t in IndicatorTarget.objects.filter(indicator=indicator)}
    for year, text in targets.items():
        target = stored.get(year)
        if not text:
            if target is not None:
                target.delete()
            continue
        target = target or IndicatorTarget(
            organization=indicator.organization, indicator=indicator, year=year
        )
        target.value = text
        validate(target)
        target.save()


def _save_part(
    model: type[models.Model], action: Action, *, objective: Objective, rows, expected_version: int, user
) -> list[models.Model]:
    with transaction.atomic():
        _touch_objective(objective, expected_version)
        saved = save_rows(
            rows,
            queryset=model.objects.filter(objective=objective),
            new=lambda: model(organization=objective.organization, objective=objective),
        )
        record(organization=objective.organization, user=user, action=action, obj=objective)
    return saved


@transaction.atomic
def save_indicators(*, objective: Objective, rows: list[IndicatorRow], expected_version: int, user) -> None:
    """The indicators of the scheda and their valori attesi, as one change of the objective."""
    saved = _save_part(
        Indicator,
        Action.OBJECTIVE_INDICATORS_SAVED,
        objective=objective,
        rows=rows,
        expected_version=expected_version,
        user=user,
    )
    for row, indicator in zip([r for r in rows if not r.delete], saved, strict=True):
        _save_targets(indicator, row.targets)


def save_phases(*, objective: Objective, rows: list[RowEdit], expected_version: int, user) -> None:
    """The phases and their months (cronoprogramma), as one change of the objective."""
    _save_part(
        Phase,
        Action.OBJECTIVE_PHASES_SAVED,
        objective=objective,
        rows=rows,
        expected_version=expected_version,
        user=user,
    )


def save_participations(*, objective: Objective, rows: list[RowEdit], expected_version: int, user) -> None:
    """The staff involved (personale coinvolto), as one change of the objective."""
    _save_part(
        Participation,
        Action.OBJECTIVE_STAFF_SAVED,
        objective=objective,
        rows=rows,
        expected_version=expected_version,
        user=user,
    )


def save_resources(*, objective: Objective, rows: list[RowEdit], expected_version: int, user) -> None:
    """The additional resources (risorse aggiuntive), as one change of the objective."""
    _save_part(
        Resource,
        Action.OBJECTIVE_RESOURCES_SAVED,
        objective=objective,
        rows=rows,
        expected_version=expected_version,
        user=user,
    )


@transaction.atomic
def save_indicator(
    *,
    objective: Objective,
    indicator: Indicator,
    values: dict[str, Any],
    targets: dict[int, str],
    expected_version: int,
    user,
) -> Indicator:
    """One indicator edited in place on the scheda, with its valori attesi."""
    if indicator.objective_id != objective.pk:
        raise Indicator.DoesNotExist("Indicatore di un altro obiettivo.")
    _touch_objective(objective, expected_version)
    set_values(indicator, values)
    save_audited(indicator, user=user, action=Action.INDICATOR_CHANGED, fields=values, objective=objective.pk)
    _save_targets(indicator, targets)
    return indicator


def delete_objective(*, objective: Objective, user) -> None:
    delete_audited(objective, user=user, action=Action.OBJECTIVE_DELETED, title=objective.title)


# The tables of the scheda, by the name a page gives them, and the service that saves each.
TABLE_SERVICES = {
    "indicators": save_indicators,
    "phases": save_phases,
    "participations": save_participations,
    "resources": save_resources,
}


class TableInvalid(Exception):
    """A table of the scheda refused by the models' rules: which one, and the rows' errors."""

    def __init__(self, table: str, error: ValidationError):
        super().__init__(table)
        self.table, self.error = table, error


@transaction.atomic
def save_objective_tables(
    *, objective: Objective, tables: dict[str, list[RowEdit]], expected_version: int, user
) -> None:
    """Several tables of the scheda written in one pass (indicators, phases, staff, resources):
    all of them, or nothing (TableInvalid names the table refused; StaleEdit if someone saved the
    objective since `expected_version`)."""
    for table, rows in tables.items():
        try:
            TABLE_SERVICES[table](
                objective=objective, rows=rows, expected_version=expected_version, user=user
            )
        except ValidationError as error:
            raise TableInvalid(table, error) from error
        expected_version = objective.version  # each table is one more change of the objective


def save_strategic_objective(
    *,
    plan,
    strategic_objective: StrategicObjective | None,
    values: dict[str, Any],
    expected_version: int | None = None,
    user,
) -> StrategicObjective:
    """Create (`strategic_objective` None), or save if nobody saved it since the form was opened
    (StaleEdit otherwise)."""
    item = strategic_objective or StrategicObjective(organization=plan.organization, plan=plan)
    created = item.pk is None
    set_values(item, values)
    return save_audited(
        item,
        user=user,
        action=Action.STRATEGIC_OBJECTIVE_CREATED if created else Action.STRATEGIC_OBJECTIVE_CHANGED,
        expected_version=expected_version,
        fields=values,
    )
