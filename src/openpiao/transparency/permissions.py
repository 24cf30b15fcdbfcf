"""Who may change the transparency map: plan editors all of it, a responsabile the duties its
units produce or publish (and the access requests of its units); the Nucleo/OIV fills the
attestation grid; everyone else reads. The units come from organization_chart.scope.unit_scope."""

from openpiao.organization_chart.scope import EditScope
from openpiao.organizations.models import EVALUATORS, PLAN_EDITORS, Role

GRID_FILLERS = EVALUATORS | {Role.ADMIN}

__all__ = ["GRID_FILLERS", "PLAN_EDITORS", "can_edit_assignment"]


def can_edit_assignment(scope: EditScope, assignment) -> bool:
    return scope.covers(assignment.producing_unit_id, assignment.publishing_unit_id)
