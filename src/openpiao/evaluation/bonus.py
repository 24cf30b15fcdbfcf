"""Distribution of the performance bonus fund (premi correlati alla performance).

Plain typed functions, no Django import. One fund (of a unit, or of the whole ente) is shared
among its employees in proportion to

    punti = fattore di merito × % partecipazione × % tempo parziale × % periodo di servizio

where the merit factor is the individual score, or the coefficient of the employee's merit
band (fascia di merito) when the ente uses bands. Nobody below the ente's threshold receives
a share (art. 18 c. 2 d.lgs. 150/2009 forbids bonuses by automatism; art. 19 lets the
contract and the SMVP set the differentiation); part-time staff receive in proportion to
their hours (art. 7 d.lgs. 81/2015).

A pre-requisito objective (e.g. respect of the code of conduct) not met voids the share of
every employee it applies to, and only theirs; while it is not yet verified, their share
cannot be computed.

Each share is rounded *down* to the cent, so the total never exceeds the fund; the cents
left over (the rounding remainder) are stated, not silently assigned.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, Decimal

from openpiao.core.working import Step

from .scoring import rounded

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
NORM_BONUS = "artt. 18-19 d.lgs. 150/2009; CCNL Funzioni Locali 16/11/2022; SMVP dell'ente"


@dataclass(frozen=True)
class Band:
    """Fascia di merito: from `min_score` (included) up, the merit factor is `coefficient`%."""

    label: str
    min_score: Decimal
    coefficient: Decimal


@dataclass(frozen=True)
class Prerequisite:
    """A pre-requisito objective that applies to a candidate: met, not met, or None (not yet verified)."""

    label: str
    met: bool | None


@dataclass(frozen=True)
class Candidate:
    key: str
    label: str
    score: Decimal | None  # individual score, percent
    participation_pct: Decimal  # share of the fund's objectives the employee took part in
    part_time_pct: Decimal = HUNDRED
    service_pct: Decimal = HUNDRED  # share of the year in service
    prerequisites: tuple[Prerequisite, ...] = ()


@dataclass(frozen=True)
class Share:
    key: str
    label: str
    score: Decimal | None
    band: str
    points: Decimal
    amount: Decimal
    reason: str  # why no share, or ""
    steps: list[Step] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return not self.reason


@dataclass(frozen=True)
class Distribution:
    fund: Decimal
    shares: list[Share]
    distributed: Decimal
    remainder: Decimal
    steps: list[Step]

    @property
    def eligible_count(self) -> int:
        return sum(s.eligible for s in self.shares)


def service_share(employee, year: int) -> Decimal:
    """Share of `year` (percent, 2 decimals) the employee was in service:

        giorni in servizio nell'anno / giorni dell'anno × 100

    from its `start_date` and `end_date` (either may be empty: in service before / after).
    """
    first, last = date(year, 1, 1), date(year, 12, 31)
    start = max(first, employee.start_date or first)
    end = min(last, employee.end_date or last)
    if end < start:
        return Decimal(0)
    days = (end - start).days + 1
    return rounded(Decimal(days) / Decimal((last - first).days + 1) * HUNDRED)


def band_for(score: Decimal, bands: Sequence[Band]) -> Band | None:
    """The highest band whose lower bound the score reaches."""
    reached = [b for b in bands if score >= b.min_score]
    return max(reached, key=lambda b: b.min_score) if reached else None


def _floor_cent(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_DOWN)


def distribute_fund(
    fund: Decimal, candidates: Sequence[Candidate], *, threshold: Decimal, bands: Sequence[Band] = ()
) -> Distribution:
    """Share `fund` among `candidates`; see the module docstring for the formula."""
    fund = _floor_cent(fund)
    prepared: list[tuple[Candidate, str, Decimal, str, list[Step]]] = []
    for c in candidates:
        steps = [Step("punteggio individuale", c.score, unit="%")]
        band_label, reason, factor = "", "", Decimal(0)
        for prerequisite in c.prerequisites:
            state = {True: "raggiunto", False: "non raggiunto", None: "non ancora verificato"}[
                prerequisite.met
            ]
            steps.append(
                Step(
                    f"pre-requisito «{prerequisite.label}»",
                    state,
                    "se non raggiunto nessun premio",
                    NORM_BONUS,
                )
            )
        failed = [p.label for p in c.prerequisites if p.met is False]
        pending = [p.label for p in c.prerequisites if p.met is None]
        if failed:
            reason = "pre-requisito non raggiunto: " + ", ".join(f"«{label}»" for label in failed)
        elif pending:
            reason = "pre-requisito non ancora verificato: " + ", ".join(f"«{label}»" for label in pending)
        elif c.score is None:
            reason = "punteggio individuale non disponibile"
        elif c.score < threshold:
            reason = f"punteggio sotto la soglia minima ({threshold.normalize():f}%)"
        elif c.participation_pct <= 0:
            reason = "nessuna partecipazione agli obiettivi del fondo"
        elif c.service_pct <= 0:
            reason = "non in servizio nell'anno"
        else:
            factor = c.score
            if bands:
                band = band_for(c.score, bands)
                if band is None:
                    reason = "punteggio sotto la fascia di merito più bassa"
                else:
                    band_label, factor = band.label, band.coefficient
                    steps.append(
                        Step(
                            f"fascia di merito «{band.label}»",
                            band.coefficient,
                            "coefficiente della fascia",
                            NORM_BONUS,
                            "%",
                        )
                    )
        points = Decimal(0)
        if not reason:
            points = (
                factor * c.participation_pct / HUNDRED * c.part_time_pct / HUNDRED * c.service_pct / HUNDRED
            )
            steps += [
                Step("partecipazione", c.participation_pct, unit="%"),
                Step("tempo parziale", c.part_time_pct, "100 = tempo pieno", "art. 7 d.lgs. 81/2015", "%"),
                Step("periodo di servizio nell'anno", c.service_pct, unit="%"),
                Step(
                    "punti",
                    points.quantize(Decimal("0.0001")),
                    "fattore di merito × partecipazione × tempo parziale × servizio / 100³",
                ),
            ]
        prepared.append((c, band_label, points, reason, steps))

    total_points = sum((p for _, _, p, _, _ in prepared), Decimal(0))
    shares: list[Share] = []
    for c, band_label, points, reason, steps in prepared:
        amount = _floor_cent(fund * points / total_points) if total_points and not reason else Decimal("0.00")
        if not reason:
            steps.append(
                Step(
                    "quota",
                    amount,
                    "fondo × punti / totale punti, arrotondata per difetto al centesimo",
                    NORM_BONUS,
                    "€",
                )
            )
        shares.append(Share(c.key, c.label, c.score, band_label, points, amount, reason, steps))

    distributed = sum((s.amount for s in shares), Decimal("0.00"))
    remainder = fund - distributed
    summary = [
        Step("fondo", fund, unit="€"),
        Step("dipendenti con quota", sum(s.eligible for s in shares)),
        Step("dipendenti senza quota", sum(not s.eligible for s in shares)),
        Step("totale punti", total_points.quantize(Decimal("0.0001"))),
        Step("totale distribuito", distributed, "Σ quote (mai oltre il fondo)", NORM_BONUS, "€"),
        Step(
            "resto non distribuito",
            remainder,
            "fondo − totale distribuito (arrotondamenti, o nessun avente diritto)",
            unit="€",
        ),
    ]
    return Distribution(fund, shares, distributed, remainder, summary)
