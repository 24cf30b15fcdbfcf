"""Sottosezione 3.1: struttura organizzativa, the organigramma with the staff of each unit.

Staff is counted at 31 December of the year before the triennium (the plan's staff date); the
dotazione organica by category and profile is printed in 3.3, where the seed plans print it.
"""

from collections import Counter

from openpiao.core.formatting import it_money
from openpiao.core.printing.blocks import Heading, Paragraph, Table, cell
from openpiao.organization_chart.models import OrgUnit, UnitResource
from openpiao.organization_chart.tree import flatten, unit_tree


def units(context) -> list:
    """The plan's units, read once for the print and the readiness check."""
    return context.shared(
        "units", lambda: list(OrgUnit.objects.filter(plan=context.plan).select_related("head", "parent"))
    )


def employees(context) -> list:
    return context.shared("employees", lambda: list(context.plan.employees.all()))


def section(context) -> list:
    plan = context.plan
    if not units(context):
        return []
    day = plan.staff_day
    staff = [e for e in employees(context) if e.in_service_on(day)]
    per_unit = Counter()
    for e in staff:  # a row by category («5 Istruttori C1») counts its people
        per_unit[e.unit_id] += e.headcount
    rows = [
        [
            cell(h, header=True)
            for h in ("Unità organizzativa", "Tipo", "Responsabile", f"Dipendenti al {day:%d/%m/%Y}")
        ]
    ]
    for node in flatten(unit_tree(units(context))):
        unit = node.unit
        rows.append(
            [
                cell(("    " * node.depth) + unit.name),
                cell(unit.get_kind_display()),
                cell(unit.head_display or "—"),
                cell(str(per_unit.get(unit.pk, 0)), align="right"),
            ]
        )
    part_time = sum(e.headcount for e in staff if e.is_part_time)
    headcount = sum(e.headcount for e in staff)
    return [
        Heading(3, "Organigramma", "sezione-3-1-organigramma"),
        Table(rows, widths=[4, 1.2, 2.5, 1.3]),
        Paragraph.of(
            f"Dotazione organica complessiva al {day:%d/%m/%Y}: n. {headcount} unità"
            + (f", di cui {part_time} a tempo parziale" if part_time else "")
            + "; il dettaglio per categoria e profilo è nella sottosezione 3.3."
        ),
        *_resources(context),
    ]


def _resources(context) -> list:
    """The resources each unit works with (premises, vehicles, equipment, budget), when given."""
    resources = list(
        UnitResource.objects.filter(plan=context.plan)
        .select_related("unit")
        .order_by("unit__order", "unit__name", "order", "pk")
    )
    if not resources:
        return []
    rows = [
        [
            cell(h, header=True)
            for h in ("Unità organizzativa", "Tipologia", "Descrizione", "Quantità", "Importo")
        ]
    ]
    for resource in resources:
        rows.append(
            [
                cell(resource.unit.name),
                cell(resource.get_kind_display()),
                cell(resource.description),
                cell("" if resource.quantity is None else str(resource.quantity), align="right"),
                cell(it_money(resource.amount) if resource.amount is not None else "", align="right"),
            ]
        )
    return [
        Heading(4, "Risorse strumentali e finanziarie delle unità"),
        Table(rows, widths=[2.5, 1.5, 3, 0.9, 1.2]),
    ]
