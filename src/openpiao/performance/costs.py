"""Costs of an objective: personale coinvolto and risorse aggiuntive.

Pure functions: the "costo della risorsa" of a participation is hours × hourly cost, and
the "costo complessivo dell'obiettivo" is internal + additional resources. A missing figure
is reported, not silently taken as zero.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def participation_cost(hours: Decimal | None, hourly_cost: Decimal | None) -> Decimal | None:
    if hours is None or hourly_cost is None:
        return None
    return (hours * hourly_cost).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CostSummary:
    internal: Decimal  # COSTO DELLE RISORSE INTERNE
    additional: Decimal  # sum of risorse aggiuntive
    total: Decimal  # COSTO COMPLESSIVO DELL'OBIETTIVO
    missing_internal: int  # participations without hours or hourly cost
    missing_additional: int  # resources without a cost

    @property
    def complete(self) -> bool:
        return not (self.missing_internal or self.missing_additional)


def objective_costs(
    participation_costs: Iterable[Decimal | None], resource_costs: Iterable[Decimal | None]
) -> CostSummary:
    internal_known = list(participation_costs)
    additional_known = list(resource_costs)
    internal = sum((c for c in internal_known if c is not None), Decimal(0))
    additional = sum((c for c in additional_known if c is not None), Decimal(0))
    return CostSummary(
        internal=internal,
        additional=additional,
        total=internal + additional,
        missing_internal=sum(c is None for c in internal_known),
        missing_additional=sum(c is None for c in additional_known),
    )
