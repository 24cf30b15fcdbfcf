"""The Relazione sulla performance as files: DOCX (python-docx) to edit, PDF (WeasyPrint) to publish.

Both print the same `report.Report` the page shows, with the Nucleo's validation.
"""

from io import BytesIO

from django.template.loader import render_to_string
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from openpiao.core.formatting import it_money, it_percent

from .monitoring import STATUS_LABELS


def filename(plan, extension: str) -> str:
    return f"{plan.organization.slug}-relazione-performance-{plan.reference_year}.{extension}"


def pct(value) -> str:
    return it_percent(value, 2) if value is not None else "non misurato"


def validation_text(report) -> str:
    validation = report.validation
    if validation is None:
        return "Relazione non ancora validata dal Nucleo di valutazione."
    text = (
        f"Validata dal Nucleo di valutazione ({validation.validator_display}) il "
        f"{validation.validated_at:%d/%m/%Y}, ai sensi dell'art. 14 c. 4 lett. c d.lgs. 150/2009."
    )
    if report.validation_stale:
        text += " Attenzione: alcune verifiche sono state modificate dopo la validazione."
    return text


def _table(document, header: list[str], rows: list[list[str]]):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    return table


def report_docx(report) -> bytes:
    plan, card = report.plan, report.card
    document = Document()
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(10)
    title = document.add_heading(f"Relazione sulla performance {plan.reference_year}", level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(f"{plan.organization.name} · {plan.display_title}")
    document.add_paragraph("art. 10 c. 1 lett. b d.lgs. 150/2009")
    if report.provisional:
        document.add_paragraph(
            "Relazione provvisoria: per gli obiettivi senza verifica finale si riportano i dati della "
            "verifica intermedia."
        )
    document.add_paragraph(validation_text(report))
    if report.validation and report.validation.note:
        document.add_paragraph(f"Osservazioni del Nucleo: {report.validation.note}")
    if card.system.reference:
        document.add_paragraph(f"Sistema di misurazione e valutazione: {card.system.reference}.")

    document.add_heading("Performance organizzativa dell'ente", level=1)
    document.add_paragraph(f"Punteggio dell'ente: {pct(card.ente.value)}")
    _table(
        document,
        ["Unità organizzativa", "Punteggio"],
        [[u.unit.name, pct(u.score.value)] for u in card.units],
    )

    document.add_heading("Risultati per unità e obiettivo", level=1)
    for unit in card.units:
        document.add_heading(f"{unit.unit.name}: {pct(unit.score.value)}", level=2)
        for result in unit.objectives:
            objective = result.objective
            current = result.current
            document.add_heading(f"Obiettivo {objective.number}. {objective.title}", level=3)
            weight = "" if objective.weight is None else f" · peso {objective.weight.normalize():f}"
            source = current.review.get_kind_display().lower() if current else "nessuna verifica"
            status = STATUS_LABELS[result.status.code]
            document.add_paragraph(
                f"Punteggio: {pct(result.score)} · stato: {status}{weight} · dati: {source}"
            )
            if current is None:
                continue
            document.add_paragraph(
                f"Media valore raggiunto: {pct(current.value_mean.value)} · "
                f"media rispetto dei tempi: {pct(current.time_mean.value)}"
            )
            _table(
                document,
                ["Indicatore", "Valore atteso", "Valore raggiunto", "Raggiungimento"],
                [
                    [
                        i.indicator.description,
                        i.target_text or "—",
                        i.value.display if i.value else "—",
                        pct(i.score.value),
                    ]
                    for i in current.indicators
                ],
            )
            review = current.review
            for label, text in (
                ("Cause degli scostamenti", review.causes),
                ("Effetti rispetto all'obiettivo", review.effects),
                ("Provvedimenti correttivi intrapresi", review.actions_taken),
                ("Provvedimenti correttivi da attivare", review.actions_planned),
            ):
                if text:
                    document.add_paragraph(f"{label}: {text}")
            if review.is_validated:
                when = f"{review.validated_at:%d/%m/%Y}"
                document.add_paragraph(f"Verifica finale validata da {review.validator_display} il {when}.")

    document.add_heading("Distribuzione dei punteggi", level=1)
    _table(
        document,
        ["Fascia di punteggio", "Obiettivi", "Dipendenti"],
        [
            [label, str(objectives), str(people)]
            for (label, objectives), (_, people) in zip(
                report.objective_distribution, report.individual_distribution, strict=True
            )
        ],
    )
    if report.persons:
        document.add_heading("Punteggi individuali", level=2)
        _table(
            document,
            ["Dipendente", "Unità", "Risultati", "Comportamenti", "Punteggio"],
            [
                [
                    str(p.employee),
                    p.employee.unit.name,
                    pct(p.results.value),
                    pct(p.behaviour.value),
                    pct(p.score.value),
                ]
                for p in report.persons
            ],
        )
    if report.hidden_people:
        document.add_paragraph(
            f"Punteggi di {report.hidden_people} dipendenti riportati solo nella distribuzione "
            "(dati personali)."
        )

    document.add_heading("Premi correlati alla performance", level=1)
    _table(
        document,
        ["Fondo", "Importo", "Distribuito", "Resto non distribuito"],
        [
            [
                f.fund.unit.name if f.fund.unit_id else "Tutto l'ente",
                it_money(f.fund.amount),
                it_money(f.distribution.distributed),
                it_money(f.distribution.remainder),
            ]
            for f in report.funds
        ],
    )
    document.add_paragraph(
        f"Totale fondi: {it_money(report.bonus_total)} · distribuito: {it_money(report.bonus_distributed)} · "
        f"resto: {it_money(report.bonus_remainder)}"
    )
    document.add_paragraph(f"Generata da OpenPIAO il {report.generated_at:%d/%m/%Y}.")
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def report_pdf(report, request) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango is slow and only PDFs need it

    html = render_to_string("evaluation/report_print.html", {"report": report}, request=request)
    return HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
