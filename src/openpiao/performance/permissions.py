"""Who may change an objective: the plan's editors, or the responsabile of its unit."""

from openpiao.organizations.models import PLAN_EDITORS, Role


def editable_units(membership, plan):
    """The units whose objectives this member may edit (all of them for plan editors)."""
    if membership.role in PLAN_EDITORS:
        return plan.units.all()
    if membership.role == Role.UNIT_HEAD:
        return plan.units.filter(editors=membership.user)
    return plan.units.none()


def can_edit_objective(membership, objective) -> bool:
    if not objective.plan.is_editable:
        return False
    if membership.role in PLAN_EDITORS:
        return True
    return membership.role == Role.UNIT_HEAD and objective.unit.editors.filter(pk=membership.user_id).exists()
