"""Terms of the requests in the registro degli accessi, and the yearly counts.

Three kinds of access, each with the term the law gives to answer (days are data of the
transparency catalogue, `trasparenza_catalogo.yaml`, not numbers in code):
- accesso civico semplice (art. 5 c. 1 d.lgs. 33/2013) and generalizzato (art. 5 c. 2): the
  procedure ends within 30 days of the request (art. 5 c. 6);
- accesso documentale (art. 22 ss. L. 241/1990): 30 days (art. 25 c. 4).
Terms run in calendar days from the day after receipt (art. 2963 c.c.: the day of receipt
is not counted), so the due date is received + days. A request is late when it has no answer
after the due date, or was answered after it. Suspensions (art. 5 c. 5, counter-interested
parties) are not modelled: the register records them in the notes.
No Django import.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from openpiao.core.working import Step

SIMPLE, GENERALISED, DOCUMENTARY = "simple", "generalised", "documentary"
KIND_LABELS = {
    SIMPLE: "Accesso civico semplice",
    GENERALISED: "Accesso civico generalizzato",
    DOCUMENTARY: "Accesso documentale",
}

PENDING, ANSWERED_IN_TIME, ANSWERED_LATE, OVERDUE = "pending", "in_time", "late", "overdue"
STATE_LABELS = {
    PENDING: "In istruttoria (nei termini)",
    ANSWERED_IN_TIME: "Concluso nei termini",
    ANSWERED_LATE: "Concluso oltre il termine",
    OVERDUE: "Termine scaduto senza risposta",
}


@dataclass(frozen=True)
class Term:
    due: date
    state: str
    days_late: int
    steps: tuple[Step, ...]

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def is_late(self) -> bool:
        return self.state in (ANSWERED_LATE, OVERDUE)


def answer_term(
    *, received_on: date, answered_on: date | None, today: date, days: int, norm: str = ""
) -> Term:
    """Due date of the answer and where the request stands on `today`."""
    due = received_on + timedelta(days=days)
    steps = [
        Step("Data di ricevimento", received_on.strftime("%d/%m/%Y")),
        Step("Termine per concludere", days, unit="giorni", norm=norm),
        Step("Scadenza", due.strftime("%d/%m/%Y"), formula="ricevimento + termine", norm=norm),
    ]
    if answered_on is not None:
        late = max((answered_on - due).days, 0)
        steps.append(Step("Data della risposta", answered_on.strftime("%d/%m/%Y")))
        state = ANSWERED_LATE if late else ANSWERED_IN_TIME
    else:
        late = max((today - due).days, 0)
        state = OVERDUE if late else PENDING
    if late:
        steps.append(Step("Giorni oltre il termine", late, unit="giorni"))
    return Term(due, state, late, tuple(steps))


@dataclass(frozen=True)
class YearCount:
    year: int
    kind: str
    received: int
    answered_in_time: int
    late: int  # answered late or still without answer past the term
    pending: int

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


def yearly_counts(rows: Iterable[tuple[int, str, Term]]) -> list[YearCount]:
    """Counts per (year of receipt, kind) from (year, kind, term) rows, every kind listed."""
    table: dict[tuple[int, str], list[int]] = {}
    for year, kind, term in rows:
        counts = table.setdefault((year, kind), [0, 0, 0, 0])
        counts[0] += 1
        counts[1] += term.state == ANSWERED_IN_TIME
        counts[2] += term.is_late
        counts[3] += term.state == PENDING
    years = sorted({year for year, _ in table})
    return [
        YearCount(year, kind, *table.get((year, kind), [0, 0, 0, 0]))
        for year in years
        for kind in KIND_LABELS
    ]
