"""Who may do what in the measurement cycle: a small table rather than scattered checks.

- values of a review: whoever edits the objective's unit (organization_chart.scope.unit_scope:
  the plan's editors, or a unit head listed among the unit's editors);
- validation of final reviews and of the Relazione, judgements of text indicators: the
  Nucleo di valutazione;
- behaviour assessments: of the staff, their unit's responsabile or the plan's editors; of the
  titolari di E.Q., the Nucleo or the plan's editors (segretario);
- individual names and scores: the plan's editors and the Nucleo see everyone, a responsabile
  its units' staff, every other member only itself (through its linked employee).
"""

from openpiao.organization_chart.scope import EditScope
from openpiao.organizations.models import EVALUATORS, PLAN_EDITORS

NAME_READERS = PLAN_EDITORS | EVALUATORS


def can_enter_review(membership, objective, scope: EditScope) -> bool:
    return scope.covers(objective.unit_id)


def can_validate(membership) -> bool:
    return membership.role in EVALUATORS


def can_edit_system(membership) -> bool:
    return membership.role in PLAN_EDITORS


def can_assess(membership, employee, scope: EditScope) -> bool:
    if employee.is_eq_holder:
        return membership.role in PLAN_EDITORS | EVALUATORS
    return scope.covers(employee.unit_id)


def visible_employee_ids(membership, scope: EditScope, employees, own_ids: set[int]) -> set[int]:
    """The employees whose name and individual score this member may see."""
    if membership.role in NAME_READERS:
        return {e.pk for e in employees}
    return {e.pk for e in employees if scope.covers(e.unit_id)} | own_ids
