"""Sottosezione 3.1: struttura organizzativa, the organigramma and the dotazione organica.

The consistency table groups the employees of each unit by ex categoria, qualifica and
profilo, as the seed plans print it ("Cat. / Qualifica professionale / Unità in servizio /
Nuovo sistema di classificazione / Nuovo profilo").
"""

from collections import Counter
from datetime import date

from django.db.models import Count

from openpiao.organization_chart.models import OrgUnit, StaffArea
from openpiao.organization_chart.tree import flatten, unit_tree

from ..blocks import Heading, Paragraph, Table, cell

AREA_LABELS = dict(StaffArea.choices)


def staff_day(plan) -> date:
    """The plan describes the staff at 31 December of the year before the triennium."""
    return date(plan.first_year - 1, 12, 31)


def employees(context) -> list:
    """Every employee row of the plan (also those hired after the staff date)."""
    return context.shared(
        "employees",
        lambda: list(
            context.plan.employees.select_related("unit").order_by(
                "unit__order", "unit__name", "old_category", "job_title", "last_name", "key"
            )
        ),
    )


def section(context) -> list:
    plan = context.plan
    units = list(
        OrgUnit.objects.filter(plan=plan)
        .select_related("head", "parent")
        .annotate(employee_count=Count("employees"))
    )
    if not units:
        return []
    rows = [[cell(h, header=True) for h in ("Unità organizzativa", "Tipo", "Responsabile", "Dipendenti")]]
    for node in flatten(unit_tree(units)):
        unit = node.unit
        rows.append(
            [
                cell(("    " * node.depth) + unit.name),
                cell(unit.get_kind_display()),
                cell(unit.head_display or "—"),
                cell(str(unit.employee_count), align="right"),
            ]
        )
    blocks: list = [
        Heading(3, "Organigramma", "sezione-3-1-organigramma"),
        Table(rows, widths=[4, 1.2, 2.5, 1]),
    ]
    day = staff_day(plan)
    staff = [e for e in employees(context) if e.in_service_on(day)]
    if staff:
        blocks += consistency(context, staff)
    return blocks


def consistency(context, staff: list) -> list:
    day = f"{staff_day(context.plan):%d/%m/%Y}"
    header = (
        "Cat.",
        "Qualifica professionale",
        "Unità in servizio",
        "Area (CCNL 16/11/2022)",
        "Profilo professionale",
    )
    rows = [[cell(h, header=True) for h in header]]
    by_unit: dict = {}
    for employee in staff:
        by_unit.setdefault(employee.unit, []).append(employee)
    for unit, members in by_unit.items():
        rows.append([cell(unit.name, header=True, colspan=5)])
        groups = Counter((e.old_category, e.job_title, e.area, e.profile) for e in members)
        for (category, job_title, area, profile), count in groups.items():
            rows.append(
                [
                    cell(category, align="center"),
                    cell(job_title),
                    cell(str(count), align="right"),
                    cell(AREA_LABELS.get(area, area)),
                    cell(profile),
                ]
            )
    part_time = sum(1 for e in staff if e.is_part_time)
    return [
        Heading(3, f"Dotazione organica al {day}", "sezione-3-1-dotazione"),
        Paragraph.of(
            f"Dotazione organica complessiva al {day}: n. {len(staff)} unità"
            + (f", di cui {part_time} a tempo parziale." if part_time else ".")
        ),
        Table(rows, widths=[0.6, 2.4, 1, 2.4, 2.6]),
    ]
