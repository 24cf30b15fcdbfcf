"""Which units a member may edit, decided in one place for every section.

The plan's editors (amministratore, segretario/RPCT) edit every unit; a responsabile di unità
the units whose `OrgUnit.editors` list it; the Nucleo and the readers none. Each section's
permissions build on this scope: the objectives and reviews of those units, their risk
processes and measures, their transparency duties, the agreements and enrolments of their staff.
"""

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


def unit_scope(membership, plan) -> EditScope:
    if membership.role in PLAN_EDITORS:
        return EditScope(True, frozenset())
    if membership.role == Role.UNIT_HEAD:
        units = plan.units.filter(editors=membership.user_id).values_list("pk", flat=True)
        return EditScope(False, frozenset(units))
    return EditScope(False, frozenset())
