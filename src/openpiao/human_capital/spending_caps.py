"""The other two spending checks of the staffing plan, each with its working and verdict.

- art. 1 c. 557-quater L. 296/2006: the year's spesa di personale (net of the greater spending
  allowed by the DM 17/3/2020, art. 7 c. 1) must not exceed the 2011-2013 average;
- art. 9 c. 28 DL 78/2010: flexible work (tempo determinato, somministrazione, co.co.co. …) must
  not exceed a share of the 2009 spending (or the 2007-2009 average) — 50%, or 100% for enti that
  respect c. 557; an ente with no spending in the base period uses the limit fixed by a motivated
  act (Corte dei conti, Sez. Autonomie, delib. 1/2017).

Percentages come from reference data (`FlexibleWorkRules`). No Django import.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from openpiao.core.formatting import it_money
from openpiao.core.working import Step

from .hiring_capacity import money


@dataclass
class CheckResult:
    ok: bool | None  # None: not computable (missing input)
    verdict: str
    limit: Decimal | None = None
    steps: list[Step] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "ok": self.ok,
            "verdict": self.verdict,
            "limit": None if self.limit is None else format(self.limit, "f"),
            "missing_inputs": list(self.missing),
        }


def _not_computable(missing: list[str]) -> CheckResult:
    return CheckResult(None, "Verifica non eseguibile: mancano " + ", ".join(missing) + ".", missing=missing)


def _compare(amount: Decimal, limit: Decimal, what: str, steps: list[Step]) -> CheckResult:
    """The verdict of a spending check: `what` rispettato if amount ≤ limit, else superato."""
    if amount <= limit:
        return CheckResult(True, f"{what} rispettato: {it_money(amount)} ≤ {it_money(limit)}.", limit, steps)
    return CheckResult(False, f"{what} superato: {it_money(amount)} > {it_money(limit)}.", limit, steps)


def check_557(
    *, average_2011_2013: Decimal | None, spending: Decimal | None, year: int, norm: str
) -> CheckResult:
    missing = []
    if average_2011_2013 is None:
        missing.append("valore medio della spesa di personale 2011-2013")
    if spending is None:
        missing.append(f"spesa di personale {year} ai sensi del comma 557")
    if missing:
        return _not_computable(missing)
    steps = [
        Step("Valore medio di riferimento del triennio 2011/2013", average_2011_2013, unit="€", norm=norm),
        Step(
            f"Spesa di personale, ai sensi del comma 557, per l'anno {year}",
            spending,
            unit="€",
            norm=norm + "; esclusa la maggiore spesa ex art. 7 c. 1 DM 17/3/2020",
        ),
        Step(
            "Differenza (margine rispetto al tetto)",
            money(average_2011_2013 - spending),
            unit="€",
            formula="valore medio 2011/2013 − spesa dell'anno",
            norm=norm,
        ),
    ]
    return _compare(spending, average_2011_2013, "Tetto di spesa", steps)


@dataclass(frozen=True)
class FlexibleWorkRules:
    norm: str
    limit_pct: Decimal  # share of the base spending allowed
    limit_pct_in_rule_557: Decimal  # share for enti that respect c. 557
    substitute_norm: str


def check_flexible_work(
    *,
    base_amount: Decimal | None,
    base_label: str,
    planned: Decimal | None,
    year: int,
    respects_557: bool | None,
    substitute_limit: Decimal | None,
    substitute_act: str,
    rules: FlexibleWorkRules,
) -> CheckResult:
    missing = []
    if base_amount is None:
        missing.append(f"spesa per lavoro flessibile {base_label}")
    if planned is None:
        missing.append(f"spesa per lavoro flessibile prevista per il {year}")
    if missing:
        return _not_computable(missing)
    steps = [
        Step(f"Spesa per lavoro flessibile {base_label}", base_amount, unit="€", norm=rules.norm),
        Step(f"Spesa per lavoro flessibile prevista per il {year}", planned, unit="€", norm=rules.norm),
    ]
    if base_amount == 0 and substitute_limit is not None:
        limit = substitute_limit
        steps.append(
            Step(
                "Limite fissato con atto motivato (nessuna spesa nel periodo base)",
                limit,
                unit="€",
                formula=substitute_act or "atto dell'ente",
                norm=rules.substitute_norm,
            )
        )
    else:
        pct = rules.limit_pct_in_rule_557 if respects_557 else rules.limit_pct
        limit = money(base_amount * pct / 100)
        reason = "ente in regola con il comma 557" if respects_557 else "quota ordinaria"
        steps.append(
            Step(f"Quota della spesa del periodo base ammessa ({reason})", pct, unit="%", norm=rules.norm)
        )
        steps.append(
            Step(
                "Limite di spesa per lavoro flessibile",
                limit,
                unit="€",
                formula="spesa del periodo base × quota",
                norm=rules.norm,
            )
        )
    return _compare(planned, limit, "Limite", steps)
