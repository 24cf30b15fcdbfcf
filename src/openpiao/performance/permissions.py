"""Who may change an objective: the plan's editors, or the responsabile of its unit
(organization_chart.scope.unit_scope), while the plan is a draft."""

from openpiao.organization_chart.scope import unit_scope


def can_edit_objective(membership, objective) -> bool:
    if not objective.plan.is_editable:
        return False
    return unit_scope(membership, objective.plan).covers(objective.unit_id)
