"""Sottosezione 2.3: rischi corruttivi (openpiao.risk) and trasparenza (openpiao.transparency).

The register is printed as the PNA asks it to be programmed: processes by area of risk with
their risky events and the synthetic judgment of the reference year (with the indicators of
PNA 2019 Allegato 1), then the measures, general and specific, with owner, deadline and
indicator; the transparency map lists every duty with its update frequency and the units
that produce and publish it.
"""

from openpiao.core.formatting import it_number
from openpiao.core.printing.blocks import Heading, Paragraph, Table, cell
from openpiao.risk.catalogue import numeric_criteria
from openpiao.risk.numeric import NUMERIC
from openpiao.risk.selectors import integrated_map, risk_register
from openpiao.transparency.selectors import duty_map


def section(context) -> list:
    return risk(context) + transparency(context)


def risk(context) -> list:
    register = context.shared("risk_register", lambda: risk_register(context.plan))
    if not register.processes and not register.general_measures:
        return []
    year = register.year
    blocks: list = [
        Heading(3, f"Mappatura dei processi e valutazione del rischio {year}", "sezione-2-3-rischi")
    ]
    if register.heat_map:
        rows = [[cell(h, header=True) for h in ("Area di rischio", *register.heat_columns)]]
        for row in register.heat_map:
            rows.append(
                [cell(row.area.name)] + [cell(str(n) if n else "-", align="center") for n in row.cells]
            )
        blocks.append(
            Table(
                rows,
                widths=[5] + [1.1] * len(register.heat_columns),
                caption="Processi per area e livello di esposizione",
            )
        )
    for area, processes in register.by_area:
        title = area.name + (" (art. 1 c. 16 L. 190/2012)" if area.mandatory_for_small else "")
        blocks.append(Heading(4, title))
        for process in processes:
            blocks.extend(_process(process, year, register))
    general = register.general_measures
    if general:
        blocks.append(Heading(4, "Misure generali di prevenzione"))
        blocks.append(_measures(general))
    return blocks + _integrated_map(context.plan)


def _integrated_map(plan) -> list:
    """The mappa integrata dei processi (PNA 2025), only the processes linked to other parts."""
    processes = integrated_map(plan)
    linked = [row for row in processes.rows if row.linked]
    if not linked:
        return []
    rows = [
        [
            cell(h, header=True)
            for h in ("Processo", "Altre sezioni del PIAO", "Obiettivi di performance", "Misure (stato)")
        ]
    ]
    for row in linked:
        sections = [s.code for s in processes.sections if s.code in row.sections]
        rows.append(
            [
                cell(row.process.name),
                cell(", ".join(sections) or "—"),
                cell("\n".join(str(o) for o in [*row.objectives, *row.derived_objectives]) or "—"),
                cell("\n".join(f"{m.title} ({m.get_status_display().lower()})" for m in row.measures) or "—"),
            ]
        )
    return [
        Heading(4, "Mappa integrata dei processi"),
        Table(rows, widths=[4, 2, 4, 4], caption="Processi collegati alle altre sezioni del PIAO (PNA 2025)"),
    ]


def _event(n: int, event) -> str:
    text = f"{n}. {event.description}"
    for label, items in (
        ("Fasi", event.phases),
        ("Soggetti responsabili", event.owners),
        ("Fattori abilitanti", event.enabling_factors),
    ):
        if items:
            text += f"\n{label}: " + "; ".join(items)
    return text


def _process(process, year: int, register) -> list:
    events = "\n".join(_event(n, e) for n, e in enumerate(process.events.all(), start=1))
    rows = [
        [
            cell("Processo", header=True),
            cell(
                process.name
                + (" (di maggiore rilievo per il valore pubblico)" if process.public_value else "")
            ),
        ],
        [
            cell("Unità responsabile", header=True),
            cell(f"{process.unit.name} · {process.owner_display or '—'}"),
        ],
    ]
    if process.activities:
        rows.append([cell("Fasi e attività", header=True), cell(process.activities)])
    rows.append([cell("Eventi rischiosi", header=True), cell(events or "—")])
    assessment = process.assessment
    judgment = register.label(process.level)
    if assessment is not None and assessment.motivation:
        judgment += f"\n{assessment.motivation}"
    if assessment is not None and assessment.override_level:
        judgment += f"\nGiudizio modificato dal RPCT: {assessment.override_motivation}"
    rows.append([cell(f"Giudizio sintetico {year}", header=True), cell(judgment)])
    blocks: list = [Table(rows, header_rows=0, widths=[1.5, 5])]
    if assessment is not None:
        judgments = [
            [cell(h, header=True) for h in ("Indicatore (PNA 2019, All. 1)", "Giudizio", "Motivazione")]
        ]
        for item in assessment.judgments.all():
            judgments.append([cell(item.indicator.name), cell(register.label(item.level)), cell(item.reason)])
        if len(judgments) > 1:
            blocks.append(Table(judgments, widths=[3, 0.9, 3.6], compact=True))
        if register.method == NUMERIC and assessment.score is not None:
            blocks.append(_numeric(assessment))
    if process.measure_list:
        blocks.append(_measures(process.measure_list, caption=f"Misure specifiche: {process.name}"))
    return blocks


def _numeric(assessment) -> Table:
    """The working of the numeric method: each criterion's value, the two means and their product."""
    criteria, norm = numeric_criteria()
    rows = [[cell(h, header=True) for h in (f"Criterio ({norm})", "Valore")]]
    for dimension, label in (("probabilita", "Probabilità"), ("impatto", "Impatto")):
        group = [c for c in criteria if c.dimension == dimension]
        for criterion in group:
            rows.append(
                [
                    cell(f"{label}: {criterion.name}"),
                    cell(str(assessment.scores.get(criterion.code, "")), align="center"),
                ]
            )
        mean = sum(assessment.scores[c.code] for c in group) / len(group)
        rows.append([cell(f"{label} (media)", header=True), cell(it_number(round(mean, 2)), align="center")])
    rows.append(
        [
            cell("Valutazione complessiva (probabilità × impatto)", header=True),
            cell(it_number(assessment.score), align="center"),
        ]
    )
    return Table(rows, widths=[5.5, 1], compact=True)


def _measures(measures, caption: str = "") -> Table:
    rows = [
        [
            cell(h, header=True)
            for h in ("Misura", "Responsabile", "Termine", "Indicatore e valore atteso", "Stato")
        ]
    ]
    for measure in measures:
        kind = (
            measure.general_measure.name
            if measure.general_measure_id
            else (measure.measure_type.name if measure.measure_type_id else "")
        )
        # A datum not entered prints "—" (risk.readiness asks for it before adoption).
        target = f"atteso: {measure.target}" if measure.target else ""
        indicator = " · ".join(part for part in (measure.indicator, target) if part) or "—"
        status = measure.get_status_display()  # the plan programs; lateness belongs to monitoring
        rows.append(
            [
                cell(measure.title + (f"\n{kind}" if kind else "")),
                cell(measure.owner_unit.name if measure.owner_unit_id else "—"),
                cell(f"{measure.deadline:%d/%m/%Y}" if measure.deadline else "—"),
                cell(indicator),
                cell(status),
            ]
        )
    return Table(rows, widths=[3, 1.5, 1, 2.3, 1.3], caption=caption, compact=True)


def transparency(context) -> list:
    duties = context.shared("duty_map", lambda: duty_map(context.plan))
    if not duties.assignments:
        return []
    blocks: list = [
        Heading(
            3,
            "Programmazione della trasparenza: mappa degli obblighi di pubblicazione",
            "sezione-2-3-trasparenza",
        ),
        Paragraph.of(
            "Obblighi di pubblicazione della sezione «Amministrazione trasparente» (d.lgs. 33/2013) "
            "con la frequenza di aggiornamento e le unità responsabili dell'elaborazione e della "
            f"pubblicazione dei dati: {len(duties.assignments)} obblighi, {len(duties.not_applicable)} "
            f"non applicabili all'ente. Pubblicazione tempestiva entro {duties.settings.timely_days} "
            "giorni dall'atto.",
            align="justify",
        ),
    ]
    header = [
        cell(h, header=True)
        for h in ("Obbligo e riferimento", "Aggiornamento", "Elaborazione", "Pubblicazione")
    ]
    rows = [header]
    for top, groups in duties.groups:
        rows.append([cell(top.name if top else "", header=True, colspan=4)])
        for group in groups:
            rows.append([cell(group.section.name, colspan=4)])
            for assignment in group.assignments:
                duty = assignment.duty
                if assignment.not_applicable:
                    producing = publishing = "Non applicabile"
                else:
                    producing = assignment.producing_unit.name if assignment.producing_unit_id else "—"
                    publishing = assignment.publishing_unit.name if assignment.publishing_unit_id else "—"
                rows.append(
                    [
                        cell(f"{duty.name}\n{duty.legal_reference}"),
                        cell(duty.get_frequency_display()),
                        cell(producing),
                        cell(publishing),
                    ]
                )
    blocks.append(Table(rows, widths=[4, 1.3, 1.6, 1.6], compact=True))
    return blocks
