"""Writes of the plan's header: keyword-only, plain values (model field names), audited."""

from typing import Any

from openpiao.core.audit import Action, save_audited

from .models import Plan


def create_plan(*, organization, values: dict[str, Any], user) -> Plan:
    """A new plan of the ente (first year, reference year, title)."""
    return save_audited(Plan(organization=organization, **values), user=user, action=Action.PLAN_CREATED)


def update_plan(*, plan: Plan, values: dict[str, Any], expected_version: int, user) -> Plan:
    """Title and reference year, if nobody saved the plan since `expected_version` (StaleEdit)."""
    for name, value in values.items():
        setattr(plan, name, value)
    return save_audited(
        plan, user=user, action=Action.PLAN_CHANGED, expected_version=expected_version, fields=values
    )
