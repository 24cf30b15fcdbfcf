"""Sottosezione 2.2: performance, the objectives by centro di responsabilità and one
scheda obiettivo each, laid out as the seed plans print it: header (settore, responsabile,
sistema premiante), description and phases, financial resources, indicators with valore
atteso and valore raggiunto, cronoprogramma, verifica intermedia and finale, personale
coinvolto with costs, risorse aggiuntive, costo complessivo.
"""

from itertools import groupby

from openpiao.core.formatting import it_money, it_number
from openpiao.core.printing.blocks import Heading, MonthGrid, Paragraph, Table, cell
from openpiao.performance.costs import objective_costs
from openpiao.performance.models import ResourceKind
from openpiao.performance.months import MONTH_NAMES, month_grid
from openpiao.performance.selectors import objectives_with_details
from openpiao.performance.weights import weight_label

from . import reviews


def objectives(context) -> list:
    return context.shared("objectives", lambda: list(objectives_with_details(context.plan)))


def weight_text(context, weight, *, prerequisite: bool = False) -> str:
    return weight_label(weight, context.organization.weight_mode, prerequisite=prerequisite)


def target_years(context, objective) -> list[int]:
    """The years the scheda prints a valore atteso for: the objective's, and any other year of
    the triennium one of its indicators has a target for."""
    written = {t.year for i in objective.indicators.all() for t in i.targets.all()}
    return [y for y in context.plan.years if objective.first_year <= y <= objective.last_year or y in written]


def unit_title(unit) -> str:
    """A unit within an area is named with its area, as the schede print it ("Area
    Amministrativa – Biblioteca", "Area Tecnica – Settore Urbanistica, edilizia e ambiente")."""
    return f"{unit.parent.name} – {unit.name}" if unit.parent_id else unit.name


def section(context) -> list:
    items = objectives(context)
    if not items:
        return []
    blocks: list = []
    for _, group in groupby(items, key=lambda o: o.unit_id):
        group = list(group)
        unit = group[0].unit
        blocks.append(Heading(3, f"Centro di responsabilità: {unit_title(unit)}", f"unita-{unit.pk}"))
        blocks.append(Paragraph.of(f"Responsabile: {unit.head_display or '—'}"))
        # The offices that carry the objectives, when the plan names them, have a column.
        offices = any(o.office_id for o in group)
        headers = ("N.", *(("Ufficio",) if offices else ()), "Obiettivo", "Tipo", "Peso")
        rows = [[cell(h, header=True) for h in headers]]
        for objective in group:
            office = [cell(objective.office_name or "—")] if offices else []
            rows.append(
                [
                    cell(str(objective.number), align="center"),
                    *office,
                    # The centro's list names the objective as the plan does there.
                    cell(objective.list_title or objective.title),
                    cell(objective.kind_name or "—"),
                    cell(
                        weight_text(context, objective.weight, prerequisite=objective.is_prerequisite),
                        align="right",
                    ),
                ]
            )
        blocks.append(Table(rows, widths=[0.6, 1.8, 4.2, 1.8, 1] if offices else [0.6, 6, 1.8, 1]))
        for objective in group:
            blocks.extend(scheda(context, objective))
    return blocks


def scheda(context, objective) -> list:
    """The scheda obiettivo: every table of the seed, filled from the data."""
    plan = context.plan
    kind = objective.kind_name
    # The ente's label is a name of its own ("Obiettivo esecutivo"); a kind qualifies "Obiettivo".
    name = kind if objective.kind_label else f"Obiettivo {kind.lower()}".strip()
    blocks: list = [
        Heading(
            4,
            f"{objective.number}. {name} {plan.reference_year} - {objective.title}",
            f"obiettivo-{objective.pk}",
        ),
        _summary(context, objective),
    ]
    phases = list(objective.phases.all())
    if objective.indicators.all() or not phases:
        blocks.append(_indicators(context, objective))
    # else: measured by its phases, which the summary and the cronoprogramma print
    if phases:
        blocks.append(
            MonthGrid(
                "Fasi e tempi",
                MONTH_NAMES,
                [(str(n), month_grid(p.months)) for n, p in enumerate(phases, start=1)],
                title=f"Cronoprogramma {plan.reference_year}",
            )
        )
    blocks.append(reviews.grid(context, objective))
    blocks.extend(_staff_and_costs(objective))
    return [block for block in blocks if block is not None]


def _summary(context, objective) -> Table:
    phases = list(objective.phases.all())
    phase_text = "\n".join(
        f"{n}. {p.description}" + (f" ({p.schedule_note})" if p.schedule_note else "")
        for n, p in enumerate(phases, start=1)
    )
    years = (
        str(objective.first_year)
        if objective.first_year == objective.last_year
        else f"{objective.first_year}-{objective.last_year}"
    )
    unit = objective.unit
    co_units = [u.name for u in objective.co_units.all()]
    rows = [
        ("Settore", objective.unit_label + (f"\ncon: {', '.join(co_units)}" if co_units else "")),
        ("Responsabile", unit.head_display or "—"),
        ("Sistema premiante", objective.reward_note or "—"),
        ("Obiettivo: descrizione sintetica", objective.title),
        ("Descrizione e finalità", objective.description or "—"),
        ("Fasi di attuazione", phase_text or "—"),
    ]
    if objective.strategic_objective_id:
        rows.append(("Obiettivo strategico (DUP)", objective.strategic_objective.title))
    rows += [
        ("Anni", years),
        ("Peso", weight_text(context, objective.weight, prerequisite=objective.is_prerequisite)),
        ("Finalità (DM 132/2022, art. 3)", ", ".join(objective.tags) or "—"),
        (
            "Lavoro agile",
            "Realizzabile anche in lavoro agile" if objective.remote_workable else "Richiede la presenza",
        ),
    ]
    table = [[cell(label, header=True), cell(value)] for label, value in rows]
    table.append(
        [
            cell("Risorse finanziarie assegnate", header=True),
            cell(
                f"Centro di costo: {objective.cost_centre or '—'}\n"
                f"Capitolo PEG: {objective.budget_chapter or '—'}\n"
                f"Importo: {it_money(objective.budget_amount) or '—'}"
            ),
        ]
    )
    return Table(table, header_rows=0, widths=[1.4, 4])


def _indicators(context, objective) -> Table | None:
    years = target_years(context, objective)
    achieved = reviews.achieved_values(context, objective)
    header = (
        [cell("N.", header=True), cell("Descrizione", header=True)]
        + [cell(f"Valore atteso {y}", header=True) for y in years]
        + [cell("Valore raggiunto", header=True)]
    )
    rows = [[cell("Indicatori di risultato", header=True, colspan=len(header))], header]
    # Numbered as the phases are, so a review or a note can name «indicatore 2».
    for number, indicator in enumerate(objective.indicators.all(), start=1):
        targets = {t.year: t.value for t in indicator.targets.all()}
        rows.append(
            [cell(str(number), align="center"), cell(indicator.description)]
            + [cell(targets.get(y, "")) for y in years]
            + [cell(achieved.get(indicator.pk, ""))]
        )
    if len(rows) == 2:
        return None  # a scheda without indicators is a readiness item, not an empty grid
    return Table(rows, header_rows=2, widths=[0.5, 4] + [1.5] * len(years) + [1.5])


def _staff_and_costs(objective) -> list:
    participations = list(objective.participations.all())
    resources = list(objective.resources.all())
    costs = objective_costs((p.cost for p in participations), (r.cost for r in resources))
    staff = [
        [cell("Personale coinvolto nell'obiettivo: collaboratori interni", header=True, colspan=6)],
        [
            cell(h, header=True)
            for h in (
                "Cat.",
                "Cognome e nome",
                "% partecipazione",
                "Costo orario",
                "N. ore dedicate",
                "Costo",
            )
        ],
    ]
    for participation in participations:
        employee = participation.employee
        staff.append(
            [
                cell(employee.economic_position or employee.old_category),
                cell(participation.staff_label),
                cell(it_number(participation.percent, 2), align="right"),  # "50,00", as the schede write it
                cell(it_money(participation.effective_hourly_cost), align="right"),
                cell(it_number(participation.hours), align="right"),
                cell(it_money(participation.cost), align="right"),
            ]
        )
    staff.append(
        [
            cell("Costo delle risorse interne", header=True, colspan=5),
            cell(it_money(costs.internal) if participations else "", header=True, align="right"),
        ]
    )
    by_kind: dict[str, list] = {}
    for resource in resources:
        by_kind.setdefault(resource.kind, []).append(resource)
    extra = [
        [cell("Risorse aggiuntive utilizzate", header=True, colspan=3)],
        [cell(h, header=True) for h in ("Tipologia", "Descrizione", "Costo")],
    ]
    for kind in ResourceKind:
        for resource in by_kind.get(kind.value) or [None]:
            extra.append(
                [
                    cell(kind.label),
                    cell(resource.description if resource else ""),
                    cell(it_money(resource.cost) if resource else "", align="right"),
                ]
            )
    missing = costs.missing_internal + costs.missing_additional
    # A sum of the known costs would understate the total: with a cost missing it stays
    # blank (the readiness check lists the missing costs).
    total = it_money(costs.total) if (participations or resources) and not missing else ""
    extra.append(
        [
            cell("Costo complessivo dell'obiettivo", header=True, colspan=2),
            cell(total, header=True, align="right"),
        ]
    )
    # Grids not yet filled stay out of the plan: the staff and the resources print once entered.
    return [
        Table(staff, header_rows=2, widths=[0.7, 3, 1.2, 1.2, 1.1, 1.3]) if participations else None,
        Table(extra, header_rows=2, widths=[1.5, 4, 1.2]) if participations or resources else None,
    ]
