"""Readiness of sottosezione 2.3 (risk register) before adoption: what is missing or wrong."""

from openpiao.core.readiness import ReadinessItem
from openpiao.plans.access import plan_url

from .selectors import risk_register

SECTION = "2.3"


def readiness_items(plan) -> list[ReadinessItem]:
    register = risk_register(plan)
    home = plan_url(plan, "risk:register")

    def process_url(process):
        return plan_url(plan, "risk:process", process.pk)

    def measure_url(measure):
        return plan_url(plan, "risk:measure", measure.pk)

    items = [
        ReadinessItem(
            SECTION, f"Nessun processo mappato nell'area «{area.name}» (art. 1 c. 16 L. 190/2012).", home
        )
        for area in register.mandatory_areas_missing
    ]
    items += [
        ReadinessItem(
            SECTION, f"Processo «{p.name}» senza valutazione del rischio {register.year}.", process_url(p)
        )
        for p in register.unassessed
    ]
    items += [
        ReadinessItem(
            SECTION,
            f"Processo «{p.name}» a rischio {register.label(p.level).lower()} senza misure di prevenzione.",
            process_url(p),
        )
        for p in register.high_without_measure
    ]
    items += [
        ReadinessItem(SECTION, f"Misura «{m.title}» senza {', '.join(m.missing)}.", measure_url(m))
        for m in register.incomplete_measures
    ]
    if not register.general_measures:
        items.append(
            ReadinessItem(SECTION, "Nessuna misura generale programmata (PNA, misure generali).", home)
        )
    return items
