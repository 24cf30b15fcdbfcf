"""Who may change the risk register: the plan's editors (segretario/RPCT, amministratore) all
of it; a responsabile the processes and measures of the units it edits; the others read."""

from dataclasses import dataclass

from openpiao.organizations.models import PLAN_EDITORS, Role


@dataclass(frozen=True)
class EditScope:
    """The units a member may edit, computed once per request (one query)."""

    everything: bool
    unit_ids: frozenset[int]

    @property
    def any(self) -> bool:
        return self.everything or bool(self.unit_ids)

    def covers(self, *unit_ids: int | None) -> bool:
        return self.everything or any(u in self.unit_ids for u in unit_ids if u)

    def units(self, plan):
        """The plan's units this member may choose in a form."""
        return plan.units.all() if self.everything else plan.units.filter(pk__in=self.unit_ids)


def edit_scope(membership, plan) -> EditScope:
    if membership.role in PLAN_EDITORS:
        return EditScope(True, frozenset())
    if membership.role == Role.UNIT_HEAD:
        units = plan.units.filter(editors=membership.user).values_list("pk", flat=True)
        return EditScope(False, frozenset(units))
    return EditScope(False, frozenset())


def can_edit_process(scope: EditScope, process) -> bool:
    return process.plan.is_editable and scope.covers(process.unit_id)


def can_edit_measure(scope: EditScope, measure) -> bool:
    return measure.plan.is_editable and scope.covers(measure.owner_unit_id, _process_unit(measure))


def can_monitor_measure(scope: EditScope, measure) -> bool:
    """Monitoring goes on after adoption: it records what happens, it does not change the plan."""
    return scope.covers(measure.owner_unit_id, _process_unit(measure))


def _process_unit(measure) -> int | None:
    return measure.process.unit_id if measure.process_id else None
