"""Reads of the organisation chart. A unit or an employee is looked up inside the plan: an id
that does not exist and one of another plan (or ente) get the same 404."""

from django.shortcuts import get_object_or_404

from .models import Employee, OrgUnit, UnitResource


def get_unit_for(plan, unit_id: int) -> OrgUnit:
    return get_object_or_404(plan.units, pk=unit_id)


def get_employee_for(plan, employee_id: int) -> Employee:
    return get_object_or_404(plan.employees.select_related("unit"), pk=employee_id)


def get_unit_resource_for(plan, resource_id: int) -> UnitResource:
    return get_object_or_404(plan.unit_resources.select_related("unit"), pk=resource_id)
