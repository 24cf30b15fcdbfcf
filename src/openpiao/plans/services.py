"""Writes of the plan's header: keyword-only, plain values (model field names), audited."""

from typing import Any

from django.db import transaction

from openpiao.core.audit import Action, save_audited
from openpiao.core.rows import set_values, validate
from openpiao.organizations.models import YearlyFigures

from .models import Plan


@transaction.atomic
def create_plan(*, organization, values: dict[str, Any], user, figures: dict[str, int] | None = None) -> Plan:
    """A new plan of the ente (first year, reference year, title); with `figures` (year,
    inhabitants, employees), the ente's figures at 31/12 of that year, written or replaced."""
    plan = save_audited(
        Plan(organization=organization, **values), user=user, action=Action.PLAN_CREATED, figures=figures
    )
    if figures:
        row = YearlyFigures.objects.filter(organization=organization, year=figures["year"]).first()
        row = row or YearlyFigures(organization=organization)
        set_values(row, figures)
        validate(row)
        row.save()
    return plan


def update_plan(*, plan: Plan, values: dict[str, Any], expected_version: int, user) -> Plan:
    """Title and reference year, if nobody saved the plan since `expected_version` (StaleEdit)."""
    for name, value in values.items():
        setattr(plan, name, value)
    return save_audited(
        plan, user=user, action=Action.PLAN_CHANGED, expected_version=expected_version, fields=values
    )
