"""Relazione annuale del RPCT (art. 1 c. 14 L. 190/2012), pre-filled from the register.

The RPCT writes the general remarks; everything else comes from the data: the state of each
measure at its last monitoring record, the late ones, the processes by level, and the
transparency figures (overdue duties, access requests of the year). `report_data` feeds the
page; `report_document` lays the same data out as blocks, printed to DOCX and PDF/A by the
renderers of the PIAO (openpiao.core.printing).
"""

from collections import Counter
from datetime import date

from openpiao.core.printing import richtext
from openpiao.core.printing.blocks import Document, Heading, Paragraph, Table, cell
from openpiao.transparency.selectors import transparency_summary

from .catalogue import rpct_report_due
from .models import MeasureStatus, RpctReport
from .selectors import risk_register


def report_due(plan, settings) -> tuple[date, str]:
    if settings.report_due:
        return settings.report_due, "termine fissato dall'ANAC e indicato nelle impostazioni"
    due = rpct_report_due()
    return date(plan.reference_year, due["month"], due["day"]), due["norm"]


def report_data(plan, *, settings, today: date | None = None) -> dict:
    year = plan.reference_year
    register = risk_register(plan, year=year, today=today)
    measures = register.all_measures
    report = RpctReport.objects.filter(plan=plan, year=year).first()
    due, norm = report_due(plan, settings)
    statuses = Counter(m.status for m in measures)
    return {
        "year": year,
        "due": due,
        "due_norm": norm,
        "report": report,
        "status_counts": [(s.label, statuses.get(s.value, 0)) for s in MeasureStatus],
        "level_counts": [(level, len(items)) for level, items in register.by_level],
        "scale": register.scale,
        "measures": measures,
        "late": register.late_measures,
        "transparency": transparency_summary(plan, today=today),
    }


def _table(header: list[str], rows: list[list[str]], widths: list[float]) -> Table:
    """A table with a header row; counts aligned to the right."""
    body = [[cell(v, align="right" if v.isdigit() else "left") for v in row] for row in rows]
    return Table([[cell(h, header=True) for h in header], *body], widths=widths)


def _measure_row(measure) -> list[str]:
    record = measure.last_record
    if measure.general_measure_id:
        scope = measure.general_measure.name
    else:
        scope = measure.process.name if measure.process_id else ""
    return [
        scope,
        measure.title,
        measure.owner_unit.name if measure.owner_unit_id else "—",
        f"{measure.deadline:%d/%m/%Y}" if measure.deadline else "—",
        measure.get_status_display(),
        f"{record.date:%d/%m/%Y}: {record.evidence}" if record else "nessuna rilevazione",
    ]


def report_document(plan, data: dict) -> Document:
    """The report as a document the RPCT can finish and sign (DOCX) or publish (PDF/A)."""
    year = data["year"]
    title = f"Relazione annuale del RPCT — anno {year}"
    document = Document(
        title=title,
        organization=plan.organization.name,
        header_right=f"Relazione del RPCT {year}",
        subject=f"{title} del {plan.organization.name} (art. 1 c. 14 L. 190/2012)",
        keywords="Relazione annuale del RPCT, L. 190/2012, PIAO, prevenzione della corruzione",
        with_toc=False,
    )
    document.add(
        Paragraph.of(title, style="title"),
        Paragraph.of(
            f"{plan.organization.name} · {plan.display_title}. Relazione del Responsabile della prevenzione "
            f"della corruzione e della trasparenza ai sensi dell'art. 1 c. 14 L. 190/2012, "
            f"da pubblicare entro il {data['due']:%d/%m/%Y} ({data['due_norm']})."
        ),
        Heading(2, "1. Considerazioni generali", "rpct-considerazioni"),
    )
    remarks = data["report"].remarks if data["report"] else ""
    # Not yet written: left blank, for the RPCT to write on the page or in the DOCX.
    document.add(richtext.parse(remarks))
    document.add(
        Heading(2, "2. Attuazione delle misure", "rpct-misure"),
        _table(["Stato", "Misure"], [[label, str(n)] for label, n in data["status_counts"]], [3, 1]),
        _table(
            [
                "Misura generale / processo",
                "Misura",
                "Responsabile",
                "Termine",
                "Stato",
                "Ultimo monitoraggio",
            ],
            [_measure_row(m) for m in data["measures"]],
            [3, 4, 2, 2, 1.6, 3],
        ),
        Heading(2, "3. Misure non attuate nei termini", "rpct-ritardi"),
    )
    if data["late"]:
        document.add(
            _table(
                ["Misura", "Termine", "Giorni di ritardo"],
                [[m.title, f"{m.deadline:%d/%m/%Y}", str(m.state.days_late)] for m in data["late"]],
                [5, 1.5, 1.5],
            )
        )
    else:
        document.add(Paragraph.of("Nessuna misura in ritardo alla data della relazione."))
    summary = data["transparency"]
    document.add(
        Heading(2, "4. Mappatura e valutazione dei processi", "rpct-processi"),
        _table(
            ["Livello di rischio", "Processi"],
            [[data["scale"].label(level), str(n)] for level, n in data["level_counts"]],
            [3, 1],
        ),
        Heading(2, "5. Trasparenza", "rpct-trasparenza"),
        Paragraph.of(
            f"Obblighi nella mappa: {summary['mapped']}; non applicabili: {summary['not_applicable']}; "
            f"scaduti alla data della relazione: {summary['overdue']}."
        ),
        _table(
            ["Tipo di accesso", "Richieste", "Concluse nei termini", "Oltre il termine", "In istruttoria"],
            [
                [c.kind_label, str(c.received), str(c.answered_in_time), str(c.late), str(c.pending)]
                for c in summary["access_counts"]
                if c.year == year
            ],
            [3, 1, 1, 1, 1],
        ),
    )
    return document
