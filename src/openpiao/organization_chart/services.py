"""Writes of the organisation chart: keyword-only, plain values (model field names), a unit or
an employee updated only if nobody saved it since the page was opened (StaleEdit), audited."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from openpiao.core.audit import Action, delete_audited, record, save_audited
from openpiao.core.rows import set_values
from openpiao.organizations.models import Role

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


@transaction.atomic
def set_unit_editors(*, plan, membership, unit_ids: list[int], user) -> list[OrgUnit]:
    """The units of `plan` whose data the responsabile di unità `membership` enters: exactly
    `unit_ids` (its other units of the plan lose it). The rights are per plan, by unit: the
    roll-over to the next plan copies them unit by unit."""
    if membership.organization_id != plan.organization_id:
        raise ValidationError("La persona non appartiene all'ente del piano.")
    if membership.role != Role.UNIT_HEAD:
        raise ValidationError(
            "Solo a un responsabile di unità si assegnano le unità: "
            "gli altri ruoli le vedono tutte o nessuna."
        )
    units = list(plan.units.filter(pk__in=unit_ids))
    if len(units) != len(set(unit_ids)):
        raise ValidationError("Una delle unità scelte non appartiene al piano.")
    OrgUnit.editors.through.objects.filter(orgunit__plan=plan, user_id=membership.user_id).exclude(
        orgunit__in=units
    ).delete()
    for unit in units:
        unit.editors.add(membership.user_id)
    record(
        organization=plan.organization,
        user=user,
        action=Action.UNIT_EDITORS_CHANGED,
        obj=membership,
        plan=plan.first_year,
        member=membership.user.get_username(),
        units=sorted(unit.code for unit in units),
    )
    return units


def grant_invited_units(*, invitation, membership, user) -> None:
    """On accepting an invitation as responsabile di unità: the units chosen when inviting
    (`invitation.unit_codes`), in every plan of the ente that has a unit with that code, added
    to those the person may already edit there (set_unit_editors, audited)."""
    if membership.role != Role.UNIT_HEAD or not invitation.unit_codes:
        return
    chosen = OrgUnit.objects.filter(
        plan__organization=membership.organization_id, code__in=invitation.unit_codes
    ).select_related("plan__organization")
    by_plan: dict[int, list[OrgUnit]] = {}
    for unit in chosen:
        by_plan.setdefault(unit.plan_id, []).append(unit)
    for units in by_plan.values():
        plan = units[0].plan
        held = plan.units.filter(editors=membership.user_id).values_list("pk", flat=True)
        set_unit_editors(
            plan=plan, membership=membership, unit_ids=sorted({*held, *(u.pk for u in units)}), user=user
        )
