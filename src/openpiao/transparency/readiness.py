"""Readiness of sottosezione 2.3 (transparency map) before adoption."""

from datetime import date

from openpiao.core.readiness import ReadinessItem
from openpiao.plans.access import plan_url

from .selectors import duty_map, site_tree_findings

SECTION = "2.3"


def readiness_items(plan) -> list[ReadinessItem]:
    data = duty_map(plan)
    home = plan_url(plan, "transparency:map")
    items = []
    if len(data.assignments) < data.total_duties:
        items.append(
            ReadinessItem(
                SECTION,
                f"La mappa degli obblighi di trasparenza ha {len(data.assignments)} obblighi su "
                f"{data.total_duties} del catalogo.",
                home,
            )
        )
    items += [
        ReadinessItem(
            SECTION,
            f"Obbligo «{a.duty.name}» ({a.duty.section.name}) senza unità responsabile "
            + ("della pubblicazione." if a.producing_unit_id else "dell'elaborazione e trasmissione."),
            plan_url(plan, "transparency:assignment", a.pk),
        )
        for a in data.without_unit
    ]
    # A duty whose ANAC standard scheme is mandatory in the plan's year, not yet published with it.
    year_end = date(plan.reference_year, 12, 31)
    items += [
        ReadinessItem(
            SECTION,
            f"Obbligo «{a.duty.name}»: dal {a.duty.scheme_since:%d/%m/%Y} va pubblicato con lo schema "
            f"standard ANAC ({a.duty.standard_scheme['article']}; {a.duty.standard_scheme['acts']}): "
            "non risulta applicato.",
            plan_url(plan, "transparency:assignment", a.pk),
            blocking=False,
        )
        for a in data.assignments
        if not a.not_applicable and not a.standard_scheme and a.duty.scheme_mandatory_by(year_end)
    ]
    # Overdue duties do not block adoption, but the RPCT sees them in the same list.
    items += [
        ReadinessItem(
            SECTION,
            f"Obbligo «{a.duty.name}» scaduto dal {a.status.due_date:%d/%m/%Y}.",
            plan_url(plan, "transparency:assignment", a.pk),
            blocking=False,
        )
        for a in data.overdue
    ]
    # The site is not the plan: the sections that ANAC's check would fail are a warning.
    failing = site_tree_findings(plan)
    if failing:
        items.append(
            ReadinessItem(
                SECTION,
                f"{len(failing)} voci di Amministrazione trasparente non supererebbero il controllo "
                "della Piattaforma Unica della Trasparenza (ANAC).",
                plan_url(plan, "transparency:site_tree"),
                blocking=False,
            )
        )
    return items
