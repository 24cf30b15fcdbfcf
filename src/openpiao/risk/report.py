"""Relazione annuale del RPCT (art. 1 c. 14 L. 190/2012), pre-filled from the register.

The RPCT writes the general remarks; everything else comes from the data: the state of each
measure at its last monitoring record, the late ones, the processes by level, and the
transparency figures (overdue duties, access requests of the year). `report_data` feeds both
the page and the DOCX file.
"""

import io
from collections import Counter
from datetime import date

from docx import Document
from docx.shared import Pt

from .catalogue import rpct_report_due
from .models import MeasureStatus, RpctReport
from .selectors import LEVEL_ORDER, risk_register


def report_due(plan, settings) -> tuple[date, str]:
    if settings.report_due:
        return settings.report_due, "termine fissato dall'ANAC e indicato nelle impostazioni"
    due = rpct_report_due()
    return date(plan.reference_year, due["month"], due["day"]), due["norm"]


def report_data(plan, *, settings, today: date | None = None) -> dict:
    from openpiao.transparency.selectors import transparency_summary

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
        "register": register,
        "status_counts": [(s.label, statuses.get(s.value, 0)) for s in MeasureStatus],
        "level_counts": [(level, len(items)) for level, items in register.by_level],
        "measures": measures,
        "late": register.late_measures,
        "transparency": transparency_summary(plan, today=today),
        "levels": LEVEL_ORDER,
    }


def _table(document, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


def _level_label(level: str) -> str:
    return {"alto": "Alto", "medio": "Medio", "basso": "Basso"}.get(level, "Non valutato")


def report_docx(plan, data: dict) -> bytes:
    """The report as a Word file the RPCT can finish and sign."""
    document = Document()
    document.styles["Normal"].font.size = Pt(10)
    document.add_heading(f"Relazione annuale del RPCT — anno {data['year']}", level=0)
    document.add_paragraph(
        f"{plan.organization.name} · {plan.display_title}. Relazione del Responsabile della prevenzione "
        f"della corruzione e della trasparenza ai sensi dell'art. 1 c. 14 L. 190/2012, "
        f"da pubblicare entro il {data['due']:%d/%m/%Y} ({data['due_norm']})."
    )
    document.add_heading("1. Considerazioni generali", level=1)
    remarks = data["report"].remarks if data["report"] else ""
    document.add_paragraph(remarks or "(Considerazioni del RPCT non ancora scritte.)")
    document.add_heading("2. Attuazione delle misure", level=1)
    _table(document, ["Stato", "Misure"], [[label, str(n)] for label, n in data["status_counts"]])
    document.add_paragraph()
    rows = []
    for m in data["measures"]:
        record = m.last_record
        rows.append(
            [
                m.general_measure.name if m.general_measure_id else (m.process.name if m.process_id else ""),
                m.title,
                m.owner_unit.name if m.owner_unit_id else "—",
                m.deadline.strftime("%d/%m/%Y") if m.deadline else "—",
                m.get_status_display(),
                f"{record.date:%d/%m/%Y}: {record.evidence}" if record else "nessuna rilevazione",
            ]
        )
    _table(
        document,
        ["Misura generale / processo", "Misura", "Responsabile", "Termine", "Stato", "Ultimo monitoraggio"],
        rows,
    )
    document.add_heading("3. Misure non attuate nei termini", level=1)
    if data["late"]:
        _table(
            document,
            ["Misura", "Termine", "Giorni di ritardo"],
            [[m.title, f"{m.deadline:%d/%m/%Y}", str(m.state.days_late)] for m in data["late"]],
        )
    else:
        document.add_paragraph("Nessuna misura in ritardo alla data della relazione.")
    document.add_heading("4. Mappatura e valutazione dei processi", level=1)
    _table(
        document,
        ["Livello di rischio", "Processi"],
        [[_level_label(lv), str(n)] for lv, n in data["level_counts"]],
    )
    document.add_heading("5. Trasparenza", level=1)
    summary = data["transparency"]
    document.add_paragraph(
        f"Obblighi nella mappa: {summary['mapped']}; non applicabili: {summary['not_applicable']}; "
        f"scaduti alla data della relazione: {summary['overdue']}."
    )
    _table(
        document,
        ["Tipo di accesso", "Richieste", "Concluse nei termini", "Oltre il termine", "In istruttoria"],
        [
            [c.kind_label, str(c.received), str(c.answered_in_time), str(c.late), str(c.pending)]
            for c in summary["access_counts"]
            if c.year == data["year"]
        ],
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
