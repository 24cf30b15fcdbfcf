"""Status of an objective during the year (Sezione 4 del PIAO, monitoraggio).

Plain typed functions, no Django import. An objective is compared with where it should be
by now: with a year of twelve months, by the end of month m an objective should be at
m/12 of its targets.

- concluso: the final review has been entered;
- non misurato: no review yet, or nothing in it could be measured;
- a rischio: progress below the SMVP's share (e.g. 70%) of the expected progress;
- in ritardo: progress below the expected one, or a phase past its last planned month and
  not completed, or phases behind the cronoprogramma;
- in linea: otherwise.
"""

from dataclasses import dataclass
from decimal import Decimal

from openpiao.core.working import Step

from .scoring import HUNDRED, rounded

NORM_MONITORING = "art. 6 DM 132/2022 (Sezione 4, monitoraggio); art. 6 d.lgs. 150/2009"

ON_TRACK, LATE, AT_RISK, DONE, NOT_MEASURED = (
    "in_linea",
    "in_ritardo",
    "a_rischio",
    "concluso",
    "non_misurato",
)
STATUS_LABELS = {
    ON_TRACK: "in linea",
    LATE: "in ritardo",
    AT_RISK: "a rischio",
    DONE: "concluso",
    NOT_MEASURED: "non misurato",
}
# "5 obiettivi …": the labels of the counts.
STATUS_PLURALS = {
    ON_TRACK: "in linea",
    LATE: "in ritardo",
    AT_RISK: "a rischio",
    DONE: "conclusi",
    NOT_MEASURED: "non misurati",
}
STATUS_ORDER = [AT_RISK, LATE, NOT_MEASURED, ON_TRACK, DONE]
# Bootstrap Italia colour of each status (badges, progress bars).
STATUS_CSS = {
    ON_TRACK: "success",
    LATE: "warning",
    AT_RISK: "danger",
    DONE: "primary",
    NOT_MEASURED: "secondary",
}


@dataclass(frozen=True)
class Status:
    code: str
    progress: Decimal | None  # 0-100, for the progress bar
    expected: Decimal
    steps: list[Step]

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.code]


def expected_progress(month: int) -> Decimal:
    """Share of the year's targets expected by the end of `month` (13 = year over)."""
    return rounded(Decimal(min(max(month, 0), 12)) / Decimal(12) * HUNDRED)


def objective_status(
    *,
    score: Decimal | None,
    final: bool,
    month: int,
    overdue_phases: int,
    time_mean: Decimal | None,
    at_risk_ratio: Decimal,
) -> Status:
    expected = expected_progress(month)
    progress = None if score is None else min(score, HUNDRED)
    steps = [
        Step("avanzamento misurato", progress, "punteggio dell'obiettivo, al massimo 100", unit="%"),
        Step("avanzamento atteso a questa data", expected, "mesi trascorsi / 12 × 100", NORM_MONITORING, "%"),
    ]
    if final:
        return Status(DONE, progress, expected, [*steps, Step("verifica finale inserita", "concluso")])
    if progress is None:
        return Status(NOT_MEASURED, None, expected, [*steps, Step("nessun valore misurato", "non misurato")])
    risk_line = rounded(expected * at_risk_ratio / HUNDRED)
    steps.append(
        Step(
            "soglia di rischio", risk_line, f"atteso × {at_risk_ratio.normalize():f}%", "SMVP dell'ente", "%"
        )
    )
    if overdue_phases:
        steps.append(Step("fasi scadute e non concluse", overdue_phases))
    if progress < risk_line:
        code = AT_RISK
    elif overdue_phases or progress < expected or (time_mean is not None and time_mean < HUNDRED):
        code = LATE
    else:
        code = ON_TRACK
    steps.append(Step("stato", STATUS_LABELS[code]))
    return Status(code, progress, expected, steps)


def phase_is_overdue(planned: list[int], completed: bool, month: int) -> bool:
    """Past its last planned month (month is the current one, 13 = year over) and not done."""
    return bool(planned) and not completed and max(planned) < month


def phase_is_due(planned: list[int], completed: bool, month: int) -> bool:
    """Its last planned month is this month, and it is not done yet."""
    return bool(planned) and not completed and max(planned) == month


SCORE_BANDS = [0, 20, 40, 60, 80, 100]  # the score bands of the pages and the Relazione


def histogram(values: list[Decimal], edges: list[int] = SCORE_BANDS) -> list[tuple[str, int]]:
    """Count values per band [edge_i, edge_i+1); the last band is "≥ last edge"."""
    bands: list[tuple[str, int]] = []
    for low, high in zip(edges, [*edges[1:], None], strict=True):
        if high is None:
            label = f"≥ {low}%"
            count = sum(v >= low for v in values)
        else:
            label = f"{low}-{high}%"
            count = sum(low <= v < high for v in values)
        bands.append((label, count))
    return bands
