"""Art. 48 c. 1 d.lgs. 198/2006: where the gap between genders is not below two thirds.

    quota del genere più rappresentato = max(donne, uomini) / totale
    divario rilevante se quota ≥ soglia (2/3, from reference data)

The positive-actions plan must then favour the rebalancing of the under-represented gender in
that group (the whole staff, the responsabili, an area). No Django import.

No verdict is given where the figures cannot carry one, and the result says why:
- someone's gender is not declared: the share of the majority is not known;
- the group is too small for the test to tell anything: no composition of it stays below the
  threshold (with 2/3, a group of 1 or of 3 people is always «in divario»).
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from math import ceil

from openpiao.core.formatting import it_percent
from openpiao.core.working import Step


@dataclass
class BalanceResult:
    group: str
    women: int
    men: int
    gap: bool | None  # None: no verdict (nobody, too small, or genders not all declared)
    verdict: str
    majority_share: Decimal | None = None
    steps: list[Step] = field(default_factory=list)
    undeclared: int = 0

    @property
    def ok(self) -> bool | None:
        """True when no rebalancing is required."""
        return None if self.gap is None else not self.gap

    def as_dict(self) -> dict:
        return {
            "group": self.group,
            "women": self.women,
            "men": self.men,
            "undeclared": self.undeclared,
            "majority_share_pct": None if self.majority_share is None else format(self.majority_share, "f"),
            "gap": self.gap,
            "verdict": self.verdict,
        }


def too_small(total: int, threshold: Fraction) -> bool:
    """True when even the most balanced split of `total` people reaches the threshold."""
    return Fraction(ceil(total / 2), total) >= threshold


def check_gender_gap(
    *, group: str, women: int, men: int, threshold: Fraction, norm: str, undeclared: int = 0
) -> BalanceResult:
    total = women + men + undeclared
    if total == 0:
        return BalanceResult(
            group, women, men, None, f"{group}: nessun dipendente, verifica non applicabile."
        )
    counts = [Step(f"{group}: donne", women), Step(f"{group}: uomini", men)]
    if undeclared:
        counts.append(Step(f"{group}: genere non dichiarato", undeclared))
        verdict = (
            f"{group}: il genere di {undeclared} su {total} dipendenti non è dichiarato; "
            "la quota del genere più rappresentato non è determinabile e la verifica non dà un esito."
        )
        return BalanceResult(
            group, women, men, None, verdict, steps=[*counts, _rule(threshold, norm)], undeclared=undeclared
        )
    if too_small(total, threshold):
        verdict = (
            f"{group}: {total} dipendent{'e' if total == 1 else 'i'}; in un gruppo così piccolo "
            "nessuna composizione resta sotto la soglia dei due terzi, la verifica non dà un esito."
        )
        return BalanceResult(group, women, men, None, verdict, steps=[*counts, _rule(threshold, norm)])
    majority = "donne" if women >= men else "uomini"
    share = Fraction(max(women, men), total)
    share_pct = Decimal(share.numerator * 100) / Decimal(share.denominator)
    share_pct = share_pct.quantize(Decimal("0.01"), ROUND_HALF_UP)
    threshold_pct = (Decimal(threshold.numerator * 100) / Decimal(threshold.denominator)).quantize(
        Decimal("0.01"), ROUND_HALF_UP
    )
    gap = share >= threshold
    steps = [
        *counts,
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


def _rule(threshold: Fraction, norm: str) -> Step:
    pct = (Decimal(threshold.numerator * 100) / Decimal(threshold.denominator)).quantize(
        Decimal("0.01"), ROUND_HALF_UP
    )
    return Step(
        "Soglia del divario",
        pct,
        unit="%",
        formula=f"{threshold.numerator}/{threshold.denominator}",
        norm=norm,
    )
