"""Lavoro agile: the two checks on individual agreements. No Django import.

Presence prevails (art. 1 c. 3 DM 8/10/2021): for each person the remote days in the period must
be fewer than half the working days of the same period,

    giorni da remoto < giorni lavorativi del periodo ÷ 2
    giorni lavorativi: per settimana = giorni settimanali; per mese = giorni settimanali × 52 ÷ 12

unless the agreement records a motivated derogation (direttiva FP 29/12/2023: grave, urgent,
otherwise unmanageable health, personal or family situations).

Answer term: the responsabile answers a request within N calendar days (the ente's rule; 7 for
Casorate Primo). A request without answer past the deadline is overdue.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from openpiao.core.formatting import it_number
from openpiao.core.working import Step


@dataclass(frozen=True)
class SmartWorkingRules:
    weekly_working_days: int
    weeks_per_year: int
    months_per_year: int
    answer_term_days: int
    presence_norm: str
    derogation_norm: str


@dataclass
class PresenceResult:
    ok: bool
    derogation: bool
    verdict: str
    remote_days: Decimal
    working_days: Decimal
    steps: list[Step] = field(default_factory=list)


def presence_prevails(
    *,
    remote_days: Decimal,
    period: str,
    weekly_working_days: int | None,
    derogation: bool,
    rules: SmartWorkingRules,
) -> PresenceResult:
    weekly = Decimal(weekly_working_days or rules.weekly_working_days)
    if period == "month":
        working = (weekly * rules.weeks_per_year / rules.months_per_year).quantize(
            Decimal("0.01"), ROUND_HALF_UP
        )
        unit, formula = "mese", f"giorni settimanali × {rules.weeks_per_year} ÷ {rules.months_per_year}"
    else:
        working, unit, formula = weekly, "settimana", "giorni lavorativi della settimana"
    half = working / 2
    steps = [
        Step(f"Giorni lavorativi per {unit}", working, formula=formula),
        Step(f"Giorni in lavoro agile per {unit}", remote_days),
        Step(
            "Limite: meno della metà dei giorni lavorativi",
            half.quantize(Decimal("0.01"), ROUND_HALF_UP),
            formula="giorni lavorativi ÷ 2",
            norm=rules.presence_norm,
        ),
    ]
    prevails = remote_days < half
    days = f"{it_number(remote_days)} giorni da remoto su {it_number(working)} per {unit}"
    if prevails:
        verdict = f"Prevale la presenza: {days}."
    elif derogation:
        verdict = f"Prevalenza derogata con motivazione: {days} ({rules.derogation_norm})."
    else:
        verdict = f"Non prevale la presenza: {days}; ridurre i giorni o motivare la deroga."
    return PresenceResult(
        prevails or derogation, not prevails and derogation, verdict, remote_days, working, steps
    )


@dataclass(frozen=True)
class AnswerTerm:
    deadline: date
    status: str  # "answered_in_time" | "answered_late" | "pending" | "overdue"
    verdict: str
    days_taken: int | None


def answer_term(*, requested_on: date, answered_on: date | None, today: date, term_days: int) -> AnswerTerm:
    deadline = requested_on + timedelta(days=term_days)
    if answered_on is not None:
        taken = (answered_on - requested_on).days
        if answered_on <= deadline:
            return AnswerTerm(
                deadline, "answered_in_time", f"Risposta in {taken} giorni, entro il termine.", taken
            )
        return AnswerTerm(
            deadline,
            "answered_late",
            f"Risposta in {taken} giorni, oltre il termine di {term_days} giorni.",
            taken,
        )
    if today > deadline:
        return AnswerTerm(
            deadline, "overdue", f"Nessuna risposta: termine scaduto il {deadline:%d/%m/%Y}.", None
        )
    return AnswerTerm(deadline, "pending", f"In attesa di risposta entro il {deadline:%d/%m/%Y}.", None)
