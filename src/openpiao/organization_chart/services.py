"""Writes of the organisation chart: keyword-only, plain values (model field names), a unit or
an employee updated only if nobody saved it since the page was opened (StaleEdit), audited."""

from typing import Any

from openpiao.core.audit import Action, delete_audited, save_audited
from openpiao.core.rows import set_values

from .models import Employee, OrgUnit, UnitResource


def save_unit(
    *, plan, unit: OrgUnit | None, values: dict[str, Any], expected_version: int | None = None, user
) -> OrgUnit:
    """Create a unit of the plan (`unit` None) or update `unit`."""
    unit = unit or OrgUnit(plan=plan)
    set_values(unit, values)
    return save_audited(
        unit, user=user, action=Action.UNIT_SAVED, expected_version=expected_version, fields=values
    )


def save_employee(
    *, plan, employee: Employee | None, values: dict[str, Any], expected_version: int | None = None, user
) -> Employee:
    """Create an employee of the plan (`employee` None) or update `employee`."""
    employee = employee or Employee(plan=plan)
    set_values(employee, values)
    return save_audited(
        employee, user=user, action=Action.EMPLOYEE_SAVED, expected_version=expected_version, fields=values
    )


def save_unit_resource(
    *, plan, resource: UnitResource | None, values: dict[str, Any], expected_version: int | None = None, user
) -> UnitResource:
    """Create a resource of a unit (`resource` None) or update `resource`."""
    resource = resource or UnitResource(plan=plan)
    set_values(resource, values)
    return save_audited(
        resource,
        user=user,
        action=Action.UNIT_RESOURCE_SAVED,
        expected_version=expected_version,
        fields=values,
    )


def delete_unit_resource(*, resource: UnitResource, user) -> None:
    delete_audited(resource, user=user, action=Action.UNIT_RESOURCE_DELETED, name=str(resource))
