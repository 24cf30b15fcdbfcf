"""The annual integrated report on the PIAO (report di monitoraggio integrato: Linee guida PIAO e
Manuale operativo per i comuni del Dipartimento della funzione pubblica, 2025), assembled from the
monitoring the product already holds: the reviews of the objectives (2.2), the monitoring of the
risk measures and the transparency map (2.3), the agreements of lavoro agile and the training
hours (Sezione 3). Figures only, no person's name or score: it is a public document, printed
beside the Relazione sulla performance through the same blocks and renderers.
"""

from dataclasses import dataclass
from datetime import date

from openpiao.core.formatting import it_number, it_percent
from openpiao.core.printing.blocks import Document, Heading, Paragraph, Table, cell
from openpiao.core.printing.formats import CONTENT_TYPES, RENDERERS, Printed
from openpiao.human_capital.selectors import smart_working, training
from openpiao.risk.report import report_data
from openpiao.risk.selectors import settings_for
from openpiao.transparency.selectors import duty_map

from . import monitoring, selectors

TITLE = "Report di monitoraggio integrato del PIAO"
GUIDELINES = "Linee guida PIAO e Manuale operativo per i comuni (Dipartimento della funzione pubblica, 2025)"


@dataclass(frozen=True)
class Part:
    code: str  # the PIAO section it reports on
    title: str
    rows: list[tuple[str, str]]  # (what, figure) in Italian
    note: str = ""


@dataclass(frozen=True)
class IntegratedReport:
    plan: object
    year: int
    provisional: bool  # some objective has no final review yet
    parts: list[Part]


def _pct(value) -> str:
    return it_percent(value, 2) if value is not None else "non misurato"


def _performance(plan) -> tuple[Part, bool]:
    card = selectors.scorecard(plan)
    scores = [o.score for o in card.objectives if o.score is not None]
    rows = [
        ("Punteggio dell'ente (performance organizzativa)", _pct(card.organization_score.value)),
        ("Obiettivi del piano", it_number(len(card.objectives))),
        ("Obiettivi misurati", it_number(len(scores))),
        *(
            (f"Obiettivi con punteggio {band}", it_number(count))
            for band, count in monitoring.histogram(scores)
        ),
        *((f"Unità «{u.unit.name}»", _pct(u.score.value)) for u in card.units),
    ]
    return Part("2.2", "Performance (sottosezione 2.2)", rows), not card.is_final


def _risk(plan, today: date) -> Part:
    data = report_data(plan, settings=settings_for(plan), today=today)
    rows = [(f"Misure di prevenzione: {label.lower()}", it_number(n)) for label, n in data["status_counts"]]
    rows.append(("Misure oltre il termine di attuazione", it_number(len(data["late"]))))
    rows += [(f"Processi con rischio {level}", it_number(n)) for level, n in data["level_counts"]]
    return Part("2.3", "Rischi corruttivi (sottosezione 2.3)", rows)


def _transparency(plan, today: date) -> Part:
    data = duty_map(plan, today=today)
    year_end = date(plan.reference_year, 12, 31)
    without_scheme = [
        a
        for a in data.assignments
        if not a.not_applicable and not a.standard_scheme and a.duty.scheme_mandatory_by(year_end)
    ]
    rows = [
        ("Obblighi di pubblicazione nella mappa", it_number(len(data.assignments))),
        ("Obblighi non applicabili all'ente", it_number(len(data.not_applicable))),
        ("Obblighi scaduti alla data del report", it_number(len(data.overdue))),
        (
            "Obblighi con schema standard ANAC obbligatorio non ancora applicato",
            it_number(len(without_scheme)),
        ),
    ]
    return Part("2.3", "Trasparenza (sottosezione 2.3)", rows)


def _people(plan, today: date) -> Part:
    hours = training(plan).hours
    agreements = smart_working(plan, today=today).agreements
    rows = [
        ("Accordi individuali di lavoro agile", it_number(len(agreements))),
        (
            "Ore di formazione programmate per dipendente (media)",
            it_number(hours.average_planned, 1) if hours.average_planned is not None else "nessun dato",
        ),
        ("Dipendenti sotto le ore di formazione dell'anno", it_number(len(hours.short))),
    ]
    return Part("3", "Organizzazione e capitale umano (sezione 3)", rows, note=hours.verdict)


def build_integrated_report(plan, *, today: date | None = None) -> IntegratedReport:
    today = today or date.today()
    performance, provisional = _performance(plan)
    parts = [performance, _risk(plan, today), _transparency(plan, today), _people(plan, today)]
    return IntegratedReport(plan=plan, year=plan.reference_year, provisional=provisional, parts=parts)


def integrated_document(report: IntegratedReport) -> Document:
    plan = report.plan
    title = f"{TITLE} {report.year}"
    document = Document(
        title=title,
        organization=plan.organization.name,
        header_right=title,
        subject=f"{title} del {plan.organization.name} ({plan.display_title})",
        keywords="PIAO, monitoraggio integrato, performance, anticorruzione, trasparenza",
    )
    document.add(
        Paragraph.of(plan.organization.name, style="subtitle"),
        Paragraph.of(title, style="title"),
        Paragraph.of(f"{plan.display_title} · {GUIDELINES}", style="subtitle"),
    )
    if report.provisional:
        document.add(
            Paragraph.of(
                "Report provvisorio: per gli obiettivi senza verifica finale si riportano i dati della "
                "verifica intermedia.",
                style="small",
                align="center",
            )
        )
    for number, part in enumerate(report.parts, start=1):
        document.add(Heading(1, part.title, f"report-integrato-{number}"))
        rows = [[cell("Risultato", header=True), cell("Valore", header=True)]]
        rows += [[cell(label), cell(value, align="right")] for label, value in part.rows]
        document.add(Table(rows, widths=[4, 1]))
        if part.note:
            document.add(Paragraph.of(part.note, style="small"))
    return document


def print_integrated_report(plan, *, fmt: str) -> Printed:
    built = integrated_document(build_integrated_report(plan))
    stem = f"{plan.organization.slug}-report-integrato-piao-{plan.reference_year}"
    return Printed(RENDERERS[fmt](built), f"{stem}.{fmt}", CONTENT_TYPES[fmt])
