"""Art. 48 c. 1 d.lgs. 198/2006: where the gap between genders is not below two thirds.

    quota del genere più rappresentato = max(donne, uomini) / totale
    divario rilevante se quota ≥ soglia (2/3, from reference data)

The positive-actions plan must then favour the rebalancing of the under-represented gender in
that group (the whole staff, the responsabili, an area). No Django import.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from openpiao.core.formatting import it_percent
from openpiao.core.working import Step


@dataclass
class BalanceResult:
    group: str
    women: int
    men: int
    gap: bool | None  # None: nobody in the group
    verdict: str
    majority_share: Decimal | None = None
    steps: list[Step] = field(default_factory=list)

    @property
    def ok(self) -> bool | None:
        """True when no rebalancing is required."""
        return None if self.gap is None else not self.gap

    def as_dict(self) -> dict:
        return {
            "group": self.group,
            "women": self.women,
            "men": self.men,
            "majority_share_pct": None if self.majority_share is None else format(self.majority_share, "f"),
            "gap": self.gap,
            "verdict": self.verdict,
        }


def check_gender_gap(*, group: str, women: int, men: int, threshold: Fraction, norm: str) -> BalanceResult:
    total = women + men
    if total == 0:
        return BalanceResult(
            group, women, men, None, f"{group}: nessun dipendente, verifica non applicabile."
        )
    majority = "donne" if women >= men else "uomini"
    share = Fraction(max(women, men), total)
    share_pct = Decimal(share.numerator * 100) / Decimal(share.denominator)
    share_pct = share_pct.quantize(Decimal("0.01"), ROUND_HALF_UP)
    threshold_pct = (Decimal(threshold.numerator * 100) / Decimal(threshold.denominator)).quantize(
        Decimal("0.01"), ROUND_HALF_UP
    )
    gap = share >= threshold
    steps = [
        Step(f"{group}: donne", women),
        Step(f"{group}: uomini", men),
        Step(
            f"Quota del genere più rappresentato ({majority})",
            share_pct,
            unit="%",
            formula="max(donne, uomini) ÷ totale × 100",
            norm=norm,
        ),
        Step(
            "Soglia del divario",
            threshold_pct,
            unit="%",
            formula=f"{threshold.numerator}/{threshold.denominator}",
            norm=norm,
        ),
    ]
    if gap:
        minority = "femminile" if majority == "uomini" else "maschile"
        verdict = (
            f"{group}: divario fra generi non inferiore a due terzi ({it_percent(share_pct)} {majority}); "
            f"occorre favorire il riequilibrio della presenza {minority}."
        )
    else:
        verdict = (
            f"{group}: non sussiste un divario fra generi non inferiore a due terzi "
            f"({it_percent(share_pct)} {majority}); non occorre un riequilibrio."
        )
    return BalanceResult(group, women, men, gap, verdict, share_pct, steps)
