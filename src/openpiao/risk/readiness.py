"""Readiness of sottosezione 2.3 (risk register) before adoption: what is missing or wrong."""

from django.db.models import Q

from openpiao.core.readiness import ReadinessItem
from openpiao.plans.access import plan_url

from .integration import integration_advice
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
    items += _integration_items(plan)
    return items


def _integration_items(plan) -> list[ReadinessItem]:
    """Advice, not a block: the PNA 2025 asks for processes integrated with the other sections."""
    processes = plan.risk_processes
    linked = processes.filter(
        ~Q(piao_sections=[]) | Q(objectives__isnull=False) | Q(measures__objective__isnull=False)
    )
    advice = integration_advice(plan.first_year, processes.count(), linked.distinct().count())
    if advice is None:
        return []
    return [ReadinessItem(SECTION, advice, plan_url(plan, "risk:integrated_map"), blocking=False)]
