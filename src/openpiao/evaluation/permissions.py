"""Who may do what in the measurement cycle: a small table rather than scattered checks.

- values of a review: the plan's editors (amministratore, segretario) or the responsabile of
  the objective's unit (a unit head listed among the unit's editors);
- validation of final reviews and of the Relazione, judgements of text indicators: the
  Nucleo di valutazione;
- behaviour assessments: of the staff, their unit's responsabile or the plan's editors; of the
  titolari di E.Q., the Nucleo or the plan's editors (segretario);
- individual names and scores: the plan's editors and the Nucleo see everyone, a responsabile
  its units' staff, every other member only itself (through its linked employee).
"""

from openpiao.organizations.models import EVALUATORS, PLAN_EDITORS, Role

NAME_READERS = PLAN_EDITORS | EVALUATORS


def editable_unit_ids(membership, plan) -> set[int]:
    """Units whose data this member enters (all of them for the plan's editors)."""
    if membership.role in PLAN_EDITORS:
        return set(plan.units.values_list("pk", flat=True))
    if membership.role == Role.UNIT_HEAD:
        return set(plan.units.filter(editors=membership.user).values_list("pk", flat=True))
    return set()


def can_enter_review(membership, objective, unit_ids: set[int]) -> bool:
    return membership.role in PLAN_EDITORS or (
        membership.role == Role.UNIT_HEAD and objective.unit_id in unit_ids
    )


def can_validate(membership) -> bool:
    return membership.role in EVALUATORS


def can_edit_system(membership) -> bool:
    return membership.role in PLAN_EDITORS


def can_assess(membership, employee, unit_ids: set[int]) -> bool:
    if employee.is_eq_holder:
        return membership.role in PLAN_EDITORS | EVALUATORS
    return membership.role in PLAN_EDITORS or (
        membership.role == Role.UNIT_HEAD and employee.unit_id in unit_ids
    )


def visible_employee_ids(membership, unit_ids: set[int], employees, own_ids: set[int]) -> set[int]:
    """The employees whose name and individual score this member may see."""
    if membership.role in NAME_READERS:
        return {e.pk for e in employees}
    if membership.role == Role.UNIT_HEAD:
        return {e.pk for e in employees if e.unit_id in unit_ids} | own_ids
    return set(own_ids)
