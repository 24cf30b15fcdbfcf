"""The Relazione sulla performance (art. 10 c. 1 lett. b d.lgs. 150/2009) as blocks, so it
prints through the same renderers as the PIAO (DOCX with styles and TOC, PDF/A tagged).

The content is `report.Report`, the structure the evaluation pages show; this module only
lays it out; documents.printing prints it for the evaluation pages' «Scarica DOCX/PDF» (a
background job), and `frozen_relazione` freezes the public one at the Nucleo's validation.
"""

import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile

from openpiao.core.formatting import it_money, it_number, it_percent
from openpiao.core.printing.blocks import Document, Heading, PageBreak, Paragraph, Table, cell
from openpiao.core.printing.common import working
from openpiao.core.printing.formats import RENDERERS
from openpiao.organizations.models import Role
from openpiao.performance.weights import weight_label

from . import smvp
from .models import MissingRule, OrganizationMethod, RoundingLevel, ScaleBasis
from .report import build_report


@dataclass(frozen=True)
class PublicReader:
    """Who reads a published Relazione: individual names stay out, only their distribution."""

    role: str = Role.READER
    user: object = None


def frozen_relazione(plan, validation) -> dict:
    """The Relazione as validated, printed for the public (individual names only as a
    distribution): its PDF/A and DOCX with their SHA-256, as the fields of `validation`."""
    built = relazione_document(build_report(plan, PublicReader(), validation=validation))
    moment = f"{validation.validated_at:%Y%m%d%H%M%S}"
    stem = f"{plan.organization.slug}-relazione-performance-{plan.reference_year}-{moment}"
    fields = {}
    for fmt in ("pdf", "docx"):
        content = RENDERERS[fmt](built)
        fields[fmt] = ContentFile(content, name=f"{stem}.{fmt}")
        fields[f"{fmt}_sha256"] = hashlib.sha256(content).hexdigest()
    return fields


def organization_method_text(system) -> str:
    if system.organization_method == OrganizationMethod.WEIGHTED_UNITS:
        weights = "; ".join(f"{code} {it_number(w)}" for code, w in system.weights_by_code().items())
        return f"media dei punteggi delle unità pesata con il peso di ogni unità ({weights})."
    if system.organization_method == OrganizationMethod.STRATEGIC:
        weights = "; ".join(
            f"{code} {it_number(w)}" for code, w in system.strategic_weights_by_code().items()
        )
        return (
            "media dei punteggi degli obiettivi strategici pesata con il peso di ogni obiettivo strategico "
            f"({weights}); ogni obiettivo strategico vale la media pesata dei suoi obiettivi operativi."
        )
    if system.organization_method == OrganizationMethod.OBJECTIVES:
        return "media semplice dei punteggi di tutti gli obiettivi."
    return "media semplice dei punteggi delle unità organizzative (ogni unità conta una volta)."


def settings_lines(system, scales=()) -> list[str]:
    """The rules of the ente's system that decide how the scores are computed, in words: the
    Relazione prints them, the system's page shows them."""
    rounding = smvp.Rounding(system.rounding_mode, system.rounding_decimals)
    level = {
        RoundingLevel.END: "solo sul punteggio dell'ente",
        RoundingLevel.UNITS: (
            "sul punteggio di ogni unità organizzativa, prima della media dell'ente, "
            "e sul punteggio dell'ente"
        ),
        RoundingLevel.OBJECTIVES: "sul punteggio di ogni obiettivo, di ogni unità e dell'ente",
        RoundingLevel.TERMS: (
            "sul punteggio di ogni obiettivo, di ogni unità e dell'ente, e su ogni contributo "
            "(peso × punteggio ÷ Σ pesi) prima della somma"
        ),
    }[system.rounding_level]
    cap = it_percent(system.achievement_cap, 0)
    lines = [
        "Grado di raggiungimento di ogni indicatore: valore raggiunto rispetto al valore atteso, "
        f"fino al {cap}; punteggi {rounding.label}, {level}.",
        "Indicatori "
        + ("ponderati con il loro peso" if system.weighted_indicators else "in media semplice")
        + f"; punteggio dell'obiettivo: {it_percent(system.value_share, 0)} media valore raggiunto, "
        f"{it_percent(system.time_share, 0)} media rispetto dei tempi.",
        "Punteggio dell'ente: " + organization_method_text(system),
        "Indicatore od obiettivo non rilevato: "
        + (
            "conta zero."
            if system.missing_rule == MissingRule.ZERO
            else "escluso dalla media, con i pesi degli altri ridistribuiti."
        ),
        "Obiettivi senza indicatori: "
        + (
            "misurati dalle fasi pesate (Σ peso × % di completamento / Σ pesi)."
            if system.phases_weighted
            else "misurati dalla quota delle fasi dovute che sono concluse."
        ),
    ]
    for scale in scales:
        on = "grado di raggiungimento" if scale.basis == ScaleBasis.RATIO else "valore raggiunto"
        steps = "; ".join(
            f"{band.label}{' %' if scale.basis == ScaleBasis.RATIO else ''} → {it_percent(band.score, 0)}"
            for band in scale.band_rows()
        )
        lines.append(f"Fasce dell'indicatore «{scale.indicator.description}» (sul {on}): {steps}.")
    return lines


def pct(value) -> str:
    return it_percent(value, 2) if value is not None else "non misurato"


def validation_text(report) -> str:
    """The Nucleo's validation (art. 14 c. 4 lett. c d.lgs. 150/2009), or that it is missing."""
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


def relazione_document(report) -> Document:
    plan, card = report.plan, report.card
    year = plan.reference_year
    document = Document(
        title=f"Relazione sulla performance {year}",
        organization=plan.organization.name,
        header_right=f"Relazione sulla performance {year}",
        subject=f"Relazione sulla performance {year} del {plan.organization.name} (art. 10 d.lgs. 150/2009)",
        keywords="Relazione sulla performance, d.lgs. 150/2009, PIAO",
    )
    document.add(
        Paragraph.of(plan.organization.name, style="subtitle"),
        Paragraph.of(f"Relazione sulla performance {year}", style="title"),
        Paragraph.of(f"{plan.display_title} · art. 10 c. 1 lett. b d.lgs. 150/2009", style="subtitle"),
        Paragraph.of(validation_text(report), style="small", align="center"),
    )
    # Notes on what the figures are stay on the title page, before the first chapter.
    if report.provisional:
        document.add(
            Paragraph.of(
                "Relazione provvisoria: per gli obiettivi senza verifica finale si riportano i dati della "
                "verifica intermedia.",
                style="small",
                align="center",
            )
        )
    if report.validation and report.validation.note:
        document.add(Paragraph.of(f"Osservazioni del Nucleo: {report.validation.note}", style="small"))
    if card.system.reference:
        document.add(
            Paragraph.of(f"Sistema di misurazione e valutazione: {card.system.reference}.", style="small")
        )
    document.add(PageBreak())

    document.add(Heading(1, "Regole di misurazione applicate", "relazione-regole"))
    scales = (
        list(
            card.system.scales.select_related("indicator").order_by(
                "indicator__objective__number", "indicator__order"
            )
        )
        if card.system.pk
        else []
    )
    for line in settings_lines(card.system, scales):
        document.add(Paragraph.of(line))

    document.add(Heading(1, "Performance organizzativa dell'ente", "relazione-ente"))
    document.add(Paragraph.of(f"Punteggio dell'ente: {pct(card.organization_score.value)}"))
    document.add(working(card.organization_score.steps, "Come è calcolato il punteggio dell'ente"))
    rows = [[cell("Unità organizzativa", header=True), cell("Punteggio", header=True)]]
    rows += [[cell(u.unit.name), cell(pct(u.score.value), align="right")] for u in card.units]
    document.add(Table(rows, widths=[4, 1]))

    mode = plan.organization.weight_mode
    document.add(Heading(1, "Risultati per unità e obiettivo", "relazione-risultati"))
    for unit in card.units:
        document.add(
            Heading(2, f"{unit.unit.name}: {pct(unit.score.value)}", f"relazione-unita-{unit.unit.pk}")
        )
        for result in unit.objectives:
            document.add(_objective(result, mode))
    if card.prerequisites:
        document.add(Heading(2, "Obiettivi pre-requisito", "relazione-prerequisiti"))
        document.add(
            Paragraph.of(
                "Senza peso e fuori da ogni media: se non raggiunti, nessun premio al personale "
                "a cui si applicano."
            )
        )
        for result in card.prerequisites:
            document.add(_objective(result, mode))

    document.add(Heading(1, "Distribuzione dei punteggi", "relazione-distribuzione"))
    rows = [[cell(h, header=True) for h in ("Fascia di punteggio", "Obiettivi", "Dipendenti")]]
    for (label, objectives), (_, people) in zip(
        report.objective_distribution, report.individual_distribution, strict=True
    ):
        rows.append([cell(label), cell(str(objectives), align="right"), cell(str(people), align="right")])
    document.add(Table(rows, widths=[2, 1, 1]))
    if report.persons:
        document.add(Heading(2, "Punteggi individuali", "relazione-individuali"))
        rows = [
            [cell(h, header=True) for h in ("Dipendente", "Unità", "Risultati", "Comportamenti", "Punteggio")]
        ]
        for person in report.persons:
            rows.append(
                [
                    cell(str(person.employee)),
                    cell(person.employee.unit.name),
                    cell(pct(person.results.value), align="right"),
                    cell(pct(person.behaviour.value), align="right"),
                    cell(pct(person.score.value), align="right"),
                ]
            )
        document.add(Table(rows, widths=[2.5, 2.5, 1, 1.2, 1]))
    if report.hidden_people:
        document.add(
            Paragraph.of(
                f"Punteggi di {report.hidden_people} dipendenti riportati solo nella distribuzione "
                "(dati personali)."
            )
        )

    document.add(Heading(1, "Premi correlati alla performance", "relazione-premi"))
    rows = [[cell(h, header=True) for h in ("Fondo", "Importo", "Distribuito", "Resto non distribuito")]]
    for fund in report.funds:
        rows.append(
            [
                cell(fund.fund.unit.name if fund.fund.unit_id else "Tutto l'ente"),
                cell(it_money(fund.fund.amount), align="right"),
                cell(it_money(fund.distribution.distributed), align="right"),
                cell(it_money(fund.distribution.remainder), align="right"),
            ]
        )
    document.add(Table(rows, widths=[3, 1.3, 1.3, 1.5]))
    document.add(
        Paragraph.of(
            f"Totale fondi: {it_money(report.bonus_total)} · "
            f"distribuito: {it_money(report.bonus_distributed)} · "
            f"resto: {it_money(report.bonus_remainder)}"
        ),
        Paragraph.of(f"Generata da OpenPIAO il {report.generated_at:%d/%m/%Y}.", style="small"),
    )
    return document


def _objective(result, mode: str) -> list:
    objective = result.objective
    current = result.current
    weight = (
        f" · peso {weight_label(objective.weight, mode, prerequisite=objective.is_prerequisite)}"
        if objective.weight is not None or objective.is_prerequisite
        else ""
    )
    if result.prerequisite is not None:
        met = result.prerequisite.value
        weight += " · pre-requisito " + (
            "non ancora verificato" if met is None else "raggiunto" if met else "non raggiunto"
        )
    source = "nessuna verifica"
    if current:
        source = f"{current.review.get_kind_display().lower()} del {current.review.reference_date:%d/%m/%Y}"
    status = result.status.label if result.status else "—"
    blocks: list = [
        Heading(3, f"Obiettivo {objective.number}. {objective.title}"),
        Paragraph.of(f"Punteggio: {pct(result.score)} · stato: {status}{weight} · dati: {source}"),
    ]
    if current is None:
        return blocks
    if current.review.excluded_reason:
        blocks.append(
            Paragraph.of(f"Escluso dalle medie dal Nucleo di valutazione: {current.review.excluded_reason}")
        )
    blocks.append(
        Paragraph.of(
            f"Media valore raggiunto: {pct(current.value_mean.value)} · "
            f"media rispetto dei tempi: {pct(current.time_mean.value)}"
        )
    )
    rows = [
        [cell(h, header=True) for h in ("Indicatore", "Valore atteso", "Valore raggiunto", "Raggiungimento")]
    ]
    decisions = []
    for n, item in enumerate(current.indicators, start=1):
        figure = pct(item.score.value)
        if item.value and item.value.excluded_reason:
            figure = "escluso"
            decisions.append(
                f"Indicatore {n} escluso dal Nucleo di valutazione: {item.value.excluded_reason}"
            )
        elif item.value and item.value.override_score is not None:
            figure += " (Nucleo)"
            decisions.append(
                f"Indicatore {n}: grado di raggiungimento attribuito dal Nucleo di valutazione "
                f"({pct(item.value.override_score)}): {item.value.override_reason}"
            )
        rows.append(
            [
                cell(item.indicator.description),
                cell(item.target_text or "—"),
                cell(item.value.display if item.value else "—"),
                cell(figure, align="right"),
            ]
        )
    blocks.append(Table(rows, widths=[4, 1.5, 1.5, 1.2]))
    blocks.extend(Paragraph.of(text) for text in decisions)
    review = current.review
    for label, text in (
        ("Cause degli scostamenti", review.causes),
        ("Effetti rispetto all'obiettivo", review.effects),
        ("Provvedimenti correttivi intrapresi", review.actions_taken),
        ("Provvedimenti correttivi da attivare", review.actions_planned),
    ):
        if text:
            blocks.append(Paragraph.of(f"{label}: {text}"))
    if review.is_validated:
        blocks.append(
            Paragraph.of(
                f"Verifica finale validata da {review.validator_display} il {review.validated_at:%d/%m/%Y}."
            )
        )
    return blocks
