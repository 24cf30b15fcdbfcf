"""When a duty of "Amministrazione trasparente" is due, and whether it is overdue.

The update frequency of each duty comes from Allegato 1 of delibera ANAC 1310/2016 (via the
AgID/DAF vocabulary): tempestivo, trimestrale, semestrale, annuale, or none. Each frequency
gives a sequence of deadlines, each with a window in which a publication counts for it:

- periodic (trimestrale / semestrale / annuale): one update inside each calendar quarter,
  half-year or year; window = the period, deadline = its last day (art. 8 d.lgs. 33/2013);
- where the norm fixes the date (`LegalDue`): either a fixed day of the year (window from 1
  January, e.g. 31 January for the tables of art. 1 c. 32 L. 190/2012) or a number of days after
  the end of each period (window from the day after the period ends, e.g. the quarterly payment
  timeliness indicator within 30 days);
- tempestivo: the ente's number of days (a setting of its plan) after the act or datum to
  publish (`last_change`); the window opens on that date.

A deadline is met when the last publication falls on or after its window's start (a late
publication still meets it). A duty is overdue when the latest deadline before today is not
met. The result carries its working (core.working.Step). No Django import.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from openpiao.core.working import Step

NORM = "art. 8 d.lgs. 33/2013; Allegato 1 delib. ANAC 1310/2016"

TIMELY, QUARTERLY, HALF_YEARLY, YEARLY, NONE, UNSPECIFIED = (
    "timely",
    "quarterly",
    "half_yearly",
    "yearly",
    "none",
    "unspecified",
)
FREQUENCY_LABELS = {
    TIMELY: "Tempestivo",
    QUARTERLY: "Trimestrale",
    HALF_YEARLY: "Semestrale",
    YEARLY: "Annuale",
    NONE: "Nessun aggiornamento",
    UNSPECIFIED: "Non indicato",
}
PERIOD_MONTHS = {QUARTERLY: 3, HALF_YEARLY: 6, YEARLY: 12}

OK, OVERDUE, NO_DEADLINE, UNKNOWN, NOT_APPLICABLE = "ok", "overdue", "no_deadline", "unknown", "n_a"
STATUS_LABELS = {
    OK: "In regola",
    OVERDUE: "Scaduto",
    NO_DEADLINE: "Senza scadenza periodica",
    UNKNOWN: "Da verificare",
    NOT_APPLICABLE: "Non applicabile",
}


@dataclass(frozen=True)
class LegalDue:
    """A deadline fixed by the norm: a day of the year, or days after the end of each period."""

    month: int | None = None
    day: int | None = None
    days_after_period: int | None = None
    norm: str = ""

    def describe(self) -> str:
        if self.month:
            return f"entro il {self.day}/{self.month} di ogni anno"
        return f"entro {self.days_after_period} giorni dalla fine del periodo"


@dataclass(frozen=True)
class Deadline:
    window_start: date  # a publication on or after this day meets the deadline
    due: date


@dataclass(frozen=True)
class DueStatus:
    status: str
    due_date: date | None  # the missed deadline if overdue, else the next one (if any)
    days_overdue: int
    steps: tuple[Step, ...]

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def is_overdue(self) -> bool:
        return self.status == OVERDUE


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _clamped(year: int, month: int, day: int) -> date:
    """A fixed day of the year; 29 February becomes the 28th in common years."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def deadlines(frequency: str, year: int, legal: LegalDue | None = None) -> list[Deadline]:
    """The deadlines of a periodic duty falling in the periods of `year`, in order."""
    if frequency not in PERIOD_MONTHS:
        return []
    if legal and legal.month:
        return [Deadline(date(year, 1, 1), _clamped(year, legal.month, legal.day or 1))]
    length = PERIOD_MONTHS[frequency]
    result = []
    for first_month in range(1, 13, length):
        start = date(year, first_month, 1)
        end = month_end(year, first_month + length - 1)
        if legal and legal.days_after_period is not None:
            result.append(Deadline(end + timedelta(days=1), end + timedelta(days=legal.days_after_period)))
        else:
            result.append(Deadline(start, end))
    return result


def due_status(
    *,
    frequency: str,
    today: date,
    last_published: date | None,
    last_change: date | None = None,
    timely_days: int = 30,
    legal: LegalDue | None = None,
    not_applicable: bool = False,
) -> DueStatus:
    """Whether a duty is up to date on `today` (see the module docstring for the rule)."""
    label = FREQUENCY_LABELS.get(frequency, frequency)
    steps = [Step("Frequenza di aggiornamento", label, norm=NORM)]
    if legal:
        steps.append(Step("Termine fissato dalla norma", legal.describe(), norm=legal.norm))
    steps.append(
        Step("Ultima pubblicazione", last_published.strftime("%d/%m/%Y") if last_published else None)
    )
    if not_applicable:
        return DueStatus(NOT_APPLICABLE, None, 0, (*steps, Step("Esito", "obbligo non applicabile all'ente")))
    if frequency == TIMELY:
        return _timely(today, last_published, last_change, timely_days, steps)
    if frequency not in PERIOD_MONTHS:
        return DueStatus(NO_DEADLINE, None, 0, (*steps, Step("Esito", "nessuna scadenza periodica")))
    # Deadlines of the neighbouring years cover windows that straddle the new year.
    schedule = [d for y in range(today.year - 2, today.year + 2) for d in deadlines(frequency, y, legal)]
    schedule.sort(key=lambda d: d.due)
    past = [d for d in schedule if d.due < today]
    upcoming = next(d for d in schedule if d.due >= today)
    if past:
        last = past[-1]
        steps.append(
            Step(
                "Ultima scadenza passata",
                last.due.strftime("%d/%m/%Y"),
                formula=f"pubblicazione richiesta dal {last.window_start:%d/%m/%Y}",
                norm=legal.norm if legal else NORM,
            )
        )
        if last_published is None or last_published < last.window_start:
            days = (today - last.due).days
            steps.append(Step("Giorni di ritardo", days, formula="oggi − scadenza", unit="giorni"))
            return DueStatus(OVERDUE, last.due, days, tuple(steps))
    steps.append(
        Step("Prossima scadenza", upcoming.due.strftime("%d/%m/%Y"), norm=legal.norm if legal else NORM)
    )
    return DueStatus(OK, upcoming.due, 0, tuple(steps))


def _timely(today, last_published, last_change, timely_days, steps) -> DueStatus:
    steps.append(
        Step(
            "Termine per la pubblicazione tempestiva",
            timely_days,
            formula="giorni dall'atto o dato da pubblicare (scelta dell'ente nel PIAO)",
            norm="art. 8 c. 1 d.lgs. 33/2013",
            unit="giorni",
        )
    )
    if last_change is None:
        if last_published is None:
            return DueStatus(
                UNKNOWN, None, 0, (*steps, Step("Esito", "mai pubblicato: indicare la data dell'atto"))
            )
        return DueStatus(
            OK, None, 0, (*steps, Step("Esito", "nessun atto successivo all'ultima pubblicazione"))
        )
    due = last_change + timedelta(days=timely_days)
    steps.append(Step("Data dell'atto o dato da pubblicare", last_change.strftime("%d/%m/%Y")))
    steps.append(Step("Scadenza", due.strftime("%d/%m/%Y"), formula="data dell'atto + termine"))
    if last_published is not None and last_published >= last_change:
        return DueStatus(OK, None, 0, (*steps, Step("Esito", "pubblicato dopo l'ultimo atto")))
    if today > due:
        days = (today - due).days
        steps.append(Step("Giorni di ritardo", days, formula="oggi − scadenza", unit="giorni"))
        return DueStatus(OVERDUE, due, days, tuple(steps))
    return DueStatus(OK, due, 0, tuple(steps))
