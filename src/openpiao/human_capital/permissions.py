"""Who may change Sezione 3: plan editors everything; a responsabile di unità (OrgUnit.editors)
only the smart-working agreements and training enrolments of the employees of its own units.

Agreements and enrolments are registers kept all year (a request of lavoro agile is answered
within days, a course is completed in the autumn): like the monitoring of the risk measures
and the registro degli accessi, they go on after the plan's adoption. The rest is the plan.
"""

from openpiao.organization_chart.scope import unit_scope
from openpiao.organizations.models import PLAN_EDITORS, Role

UNIT_KINDS = {"accordi", "iscrizioni"}
REGISTER_KINDS = UNIT_KINDS  # rows recorded during the year, also once the plan is adopted


def is_plan_editor(membership) -> bool:
    return membership.role in PLAN_EDITORS


def editable_employees(membership, plan):
    """The employees of the units this member edits (organization_chart.scope.unit_scope)."""
    scope = unit_scope(membership, plan)
    employees = plan.employees.select_related("unit")
    return employees if scope.everything else employees.filter(unit__in=scope.unit_ids)


def can_edit(membership, plan, kind: str, row=None) -> bool:
    if not plan.is_editable and kind not in REGISTER_KINDS:
        return False
    if membership.role in PLAN_EDITORS:
        return True
    if membership.role != Role.UNIT_HEAD or kind not in UNIT_KINDS:
        return False
    employees = editable_employees(membership, plan)
    if row is None:
        return employees.exists()
    return employees.filter(pk=row.employee_id).exists()
