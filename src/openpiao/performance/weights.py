"""Weights of a unit's objectives must add up to 100% (or to the ente's points); the caller leaves
out the pre-requisiti, which have no weight."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from openpiao.core.formatting import it_number, it_percent


def weight_label(weight: Decimal | None, mode: str, *, prerequisite: bool = False) -> str:
    """The weight as the plan writes it: "20%", "20 punti", "X (pre-requisito)", "—"."""
    if prerequisite:
        return "X (pre-requisito)"
    if weight is None:
        return "—"
    return it_percent(weight) if mode == "percent" else f"{it_number(weight)} punti"


@dataclass(frozen=True)
class WeightCheck:
    total: Decimal
    expected: Decimal
    mode: str  # "percent" or "points"
    unweighted: int  # objectives without a weight
    count: int  # objectives of the unit

    @property
    def ok(self) -> bool:
        # Only pre-requisiti (no weight by definition): nothing has to add up.
        return self.count == 0 or (self.total == self.expected and not self.unweighted)

    @property
    def message(self) -> str:
        suffix = "%" if self.mode == "percent" else " punti"
        if self.count and self.unweighted == self.count:
            return "Attenzione: nessun obiettivo dell'unità ha un peso."
        parts = []
        if self.total != self.expected:
            parts.append(
                f"i pesi sommano {it_number(self.total)}{suffix} invece di {it_number(self.expected)}{suffix}"
            )
        if self.unweighted:
            parts.append(f"{self.unweighted} obiettiv{'o' if self.unweighted == 1 else 'i'} senza peso")
        return ("Attenzione: " + "; ".join(parts) + ".") if parts else ""


def check_unit_weights(weights: Iterable[Decimal | None], *, mode: str, points_total: Decimal) -> WeightCheck:
    values = list(weights)
    expected = Decimal(100) if mode == "percent" else Decimal(points_total)
    return WeightCheck(
        total=sum((w for w in values if w is not None), Decimal(0)),
        expected=expected,
        mode=mode,
        unweighted=sum(w is None for w in values),
        count=len(values),
    )
