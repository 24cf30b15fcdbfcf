"""Sottosezione 3.1: struttura organizzativa, the organigramma with the staff of each unit.

Staff is counted at 31 December of the year before the triennium (the plan's staff date); the
dotazione organica by category and profile is printed in 3.3, where the seed plans print it.
"""

from collections import Counter

from openpiao.core.printing.blocks import Heading, Paragraph, Table, cell
from openpiao.organization_chart.models import OrgUnit
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
    per_unit = Counter(e.unit_id for e in staff)
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
    part_time = sum(1 for e in staff if e.is_part_time)
    return [
        Heading(3, "Organigramma", "sezione-3-1-organigramma"),
        Table(rows, widths=[4, 1.2, 2.5, 1.3]),
        Paragraph.of(
            f"Dotazione organica complessiva al {day:%d/%m/%Y}: n. {len(staff)} unità"
            + (f", di cui {part_time} a tempo parziale" if part_time else "")
            + "; il dettaglio per categoria e profilo è nella sottosezione 3.3."
        ),
    ]
