"""The units of the plan a member may edit: the plan's editors (segretario, amministratore)
all of them, a responsabile the units it is editor of, the others none. The sections whose
rows belong to a unit (risk register, transparency map) decide with it who changes what."""

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
