"""The legal deadlines of an ente's planning year, each with its working (core.working.Step).

A plan's cycle: the PIAO of year Y is adopted and published (by 31 January, or 30 days after a
deferred bilancio deadline), its staffing plan communicated within 30 days of the adoption; during
Y the transparency duties fall due and the OIV attests them on ANAC's date; after Y the RPCT
reports on it (ANAC's date) and the Relazione sulla performance on Y is approved and validated by
30 June of Y + 1. Dates set each year by an act come in as `YearlyActs` (reference data); what the
ente has done comes in as plain facts. Whether a deadline is met is `status_of`. No Django import.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from openpiao.core.working import Step

PIAO_DUE = (1, 31)  # art. 6 c. 1 DL 80/2021; art. 7 c. 1 DM 132/2022
DAYS_AFTER_BUDGET = 30  # art. 8 c. 2 DM 132/2022
PTFP_COMMUNICATION_DAYS = 30  # art. 6-ter c. 5 d.lgs. 165/2001
RPCT_REPORT_DUE = (12, 15)  # art. 1 c. 14 L. 190/2012, unless ANAC defers it
PERFORMANCE_REPORT_DUE = (6, 30)  # art. 10 c. 1 lett. b d.lgs. 150/2009

NORM_ADOPTION = "art. 6 c. 1 DL 80/2021; art. 7 c. 1 DM 132/2022"
NORM_DEFERRAL = "art. 8 c. 2 DM 132/2022; art. 151 c. 1 TUEL"
NORM_PUBLICATION = "art. 6 c. 4 DL 80/2021"
NORM_PTFP = "art. 6-ter c. 5 d.lgs. 165/2001"
NORM_RPCT = "art. 1 c. 14 L. 190/2012"
NORM_REPORT = "art. 10 c. 1 lett. b d.lgs. 150/2009"
NORM_VALIDATION = "art. 14 c. 4 lett. c e c. 6 d.lgs. 150/2009"
NORM_ATTESTATION = "art. 14 c. 4 lett. g d.lgs. 150/2009; art. 44 d.lgs. 33/2013"


class Kind(StrEnum):
    ADOPTION = "adozione-piao"
    PUBLICATION = "pubblicazione-piao"
    PTFP = "comunicazione-ptfp"
    TRANSPARENCY = "trasparenza"
    ATTESTATION = "attestazione-oiv"
    RPCT_REPORT = "relazione-rpct"
    PERFORMANCE_REPORT = "relazione-performance"
    VALIDATION = "validazione-relazione"


# Who acts on each deadline (the roles of organizations.models.Role), hence who is reminded.
SECRETARY, ADMIN, EVALUATOR = "secretary", "admin", "evaluator"
ACTORS: dict[Kind, tuple[str, ...]] = {
    Kind.ADOPTION: (SECRETARY, ADMIN),
    Kind.PUBLICATION: (SECRETARY, ADMIN),
    Kind.PTFP: (SECRETARY, ADMIN),
    Kind.TRANSPARENCY: (SECRETARY, ADMIN),
    Kind.ATTESTATION: (EVALUATOR, SECRETARY),
    Kind.RPCT_REPORT: (SECRETARY,),
    Kind.PERFORMANCE_REPORT: (SECRETARY, ADMIN),
    Kind.VALIDATION: (EVALUATOR,),
}


@dataclass(frozen=True)
class Act:
    """A date set by an act for one year: a deferral, ANAC's date for a report or an attestation."""

    deadline: date
    act: str
    url: str = ""
    survey_date: date | None = None  # attestations: the day the publications are checked


@dataclass(frozen=True)
class YearlyActs:
    """The acts known for the years of the reference data, by year (see scadenze_atti_annuali.yaml)."""

    budget_deferrals: dict[int, Act] = field(default_factory=dict)
    rpct_reports: dict[int, Act] = field(default_factory=dict)
    oiv_attestations: dict[int, Act] = field(default_factory=dict)


@dataclass(frozen=True)
class Deadline:
    kind: Kind
    year: int  # the planning year it belongs to (the PIAO's first year, the year reported on)
    due: date
    title: str
    norm: str
    steps: tuple[Step, ...]
    detail: str = ""  # e.g. the duties of a transparency deadline

    @property
    def key(self) -> str:
        """Stable within an ente: what a reminder and a mark «svolto» refer to."""
        if self.kind == Kind.TRANSPARENCY:
            return f"{self.kind}:{self.due.isoformat()}"
        return f"{self.kind}:{self.year}"

    @property
    def actors(self) -> tuple[str, ...]:
        return ACTORS[self.kind]


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def _act_step(label: str, act: Act) -> Step:
    return Step(label, _day(act.deadline), formula=act.act, norm=act.url)


def piao_due(year: int, acts: YearlyActs) -> tuple[date, list[Step]]:
    """When the PIAO of `year` is due: 31 January, or 30 days after the deferred bilancio deadline."""
    ordinary = date(year, *PIAO_DUE)
    steps = [Step("Termine ordinario di adozione", _day(ordinary), norm=NORM_ADOPTION)]
    deferral = acts.budget_deferrals.get(year)
    if deferral is None or deferral.deadline + timedelta(days=DAYS_AFTER_BUDGET) <= ordinary:
        steps.append(Step("Differimento del bilancio di previsione", "nessuno noto", norm=NORM_DEFERRAL))
        return ordinary, steps
    due = deferral.deadline + timedelta(days=DAYS_AFTER_BUDGET)
    steps.append(_act_step(f"Termine differito del bilancio di previsione {year}-{year + 2}", deferral))
    steps.append(
        Step(
            "Termine di adozione differito",
            _day(due),
            formula=f"termine del bilancio + {DAYS_AFTER_BUDGET} giorni",
            norm=NORM_DEFERRAL,
        )
    )
    return due, steps


def adoption(year: int, acts: YearlyActs, *, title: str) -> Deadline:
    due, steps = piao_due(year, acts)
    norm = NORM_ADOPTION if due == date(year, *PIAO_DUE) else f"{NORM_ADOPTION}; art. 8 c. 2 DM 132/2022"
    return Deadline(Kind.ADOPTION, year, due, f"Adozione del {title}", norm, tuple(steps))


def publication(year: int, acts: YearlyActs, *, title: str) -> Deadline:
    """Publication on the ente's site and on the Portale PIAO by the same date as the adoption."""
    due, steps = piao_due(year, acts)
    steps.append(
        Step(
            "Pubblicazione sul sito (Amministrazione trasparente) e invio al Portale PIAO",
            _day(due),
            formula="entro il termine di adozione",
            norm=NORM_PUBLICATION,
        )
    )
    return Deadline(Kind.PUBLICATION, year, due, f"Pubblicazione del {title}", NORM_PUBLICATION, tuple(steps))


def staffing_communication(year: int, adopted_on: date | None, acts: YearlyActs) -> Deadline:
    """The staffing plan (PTFP, sottosezione 3.3) is sent to SICO within 30 days of its adoption:
    counted from the delibera once there is one, until then from the adoption deadline."""
    if adopted_on is not None:
        start, label = adopted_on, "Data della delibera di adozione"
    else:
        start, _ = piao_due(year, acts)
        label = "Termine di adozione (delibera non ancora registrata)"
    due = start + timedelta(days=PTFP_COMMUNICATION_DAYS)
    steps = (
        Step(label, _day(start)),
        Step(
            "Comunicazione del piano dei fabbisogni (SICO)",
            _day(due),
            formula=f"adozione + {PTFP_COMMUNICATION_DAYS} giorni; senza comunicazione è vietato assumere",
            norm=NORM_PTFP,
        ),
    )
    return Deadline(
        Kind.PTFP,
        year,
        due,
        f"Comunicazione del piano dei fabbisogni di personale {year} (SICO)",
        NORM_PTFP,
        steps,
    )


def rpct_report(year: int, acts: YearlyActs) -> Deadline:
    ordinary = date(year, *RPCT_REPORT_DUE)
    steps = [Step("Termine di legge", _day(ordinary), norm=NORM_RPCT)]
    act = acts.rpct_reports.get(year)
    due = ordinary
    if act is not None:
        due = act.deadline
        steps.append(_act_step("Termine fissato dall'ANAC", act))
    return Deadline(
        Kind.RPCT_REPORT,
        year,
        due,
        f"Relazione annuale del RPCT sul {year} (pubblicazione in Amministrazione trasparente)",
        NORM_RPCT,
        tuple(steps),
    )


def performance_report(year: int) -> Deadline:
    due = date(year + 1, *PERFORMANCE_REPORT_DUE)
    steps = (
        Step(
            "Approvazione della Relazione sulla performance",
            _day(due),
            formula="30 giugno dell'anno successivo a quello di riferimento",
            norm=NORM_REPORT,
        ),
    )
    return Deadline(
        Kind.PERFORMANCE_REPORT,
        year,
        due,
        f"Relazione sulla performance {year}: approvazione",
        NORM_REPORT,
        steps,
    )


def report_validation(year: int) -> Deadline:
    due = date(year + 1, *PERFORMANCE_REPORT_DUE)
    steps = (
        Step(
            "Validazione della Relazione da parte del Nucleo/OIV",
            _day(due),
            formula="con la Relazione, entro il 30 giugno; condizione per i premi",
            norm=f"{NORM_VALIDATION}; {NORM_REPORT}",
        ),
    )
    return Deadline(
        Kind.VALIDATION, year, due, f"Relazione sulla performance {year}: validazione", NORM_VALIDATION, steps
    )


def oiv_attestation(year: int, acts: YearlyActs) -> Deadline | None:
    """ANAC fixes the date every year: none before its delibera (then nothing is shown)."""
    act = acts.oiv_attestations.get(year)
    if act is None:
        return None
    steps = []
    if act.survey_date:
        steps.append(Step("Stato delle pubblicazioni verificato al", _day(act.survey_date), norm=act.act))
    steps.append(_act_step("Pubblicazione dell'attestazione e della griglia", act))
    return Deadline(
        Kind.ATTESTATION,
        year,
        act.deadline,
        f"Attestazione OIV sugli obblighi di pubblicazione {year}",
        NORM_ATTESTATION,
        tuple(steps),
    )


@dataclass(frozen=True)
class DutyDue:
    """One duty of the ente's map falling due on a day (transparency.deadlines gives the days)."""

    name: str
    due: date
    window_start: date  # a publication on or after this day meets it
    last_published: date | None
    norm: str


def transparency(year: int, duties: Iterable[DutyDue]) -> list[Deadline]:
    """One deadline per day on which duties of the map fall due, naming them."""
    by_day: dict[date, list[DutyDue]] = {}
    for duty in duties:
        by_day.setdefault(duty.due, []).append(duty)
    result = []
    for due, group in sorted(by_day.items()):
        names = sorted({duty.name for duty in group})
        steps = tuple(
            Step(
                duty.name,
                _day(duty.last_published) if duty.last_published else "mai pubblicato",
                formula=f"pubblicazione richiesta dal {_day(duty.window_start)} al {_day(due)}",
                norm=duty.norm,
            )
            for duty in group
        )
        result.append(
            Deadline(
                Kind.TRANSPARENCY,
                year,
                due,
                f"Obblighi di pubblicazione in scadenza ({len(names)})",
                "art. 8 d.lgs. 33/2013",
                steps,
                detail="; ".join(names),
            )
        )
    return result


def transparency_met(duties: Iterable[DutyDue]) -> bool:
    return all(d.last_published is not None and d.last_published >= d.window_start for d in duties)


class Status(StrEnum):
    DONE = "svolto"
    LATE = "svolto in ritardo"
    DUE = "da svolgere"
    OVERDUE = "scaduto"


def status_of(due: date, done_on: date | None, today: date) -> Status:
    if done_on is not None:
        return Status.DONE if done_on <= due else Status.LATE
    return Status.OVERDUE if today > due else Status.DUE
