"""Readiness items of Sezione 3 (see core.readiness): what blocks or weakens adoption."""

from django.urls import reverse

from openpiao.core.readiness import ReadinessItem

from .selectors import section3


def readiness_items(plan, data=None) -> list[ReadinessItem]:
    data = data or section3(plan)
    args = [plan.organization.slug, plan.first_year]
    staffing = reverse("human_capital:staffing", args=args)
    inputs = reverse("human_capital:singleton_edit", args=[*args, "rendiconto"])
    items = []
    capacity = data.capacity
    if not capacity.complete:
        items.append(
            ReadinessItem(
                "3.3",
                "Capacità assunzionale non calcolabile: mancano " + "; ".join(capacity.missing) + ".",
                inputs,
            )
        )
    elif capacity.missing:
        items.append(
            ReadinessItem(
                "3.3",
                "Capacità assunzionale provvisoria: mancano " + "; ".join(capacity.missing) + ".",
                inputs,
                blocking=False,
            )
        )
    for step in capacity.steps:
        if step.note:
            # Remarks of the working (a reference value still to check, a figure computed
            # elsewhere) are for the people who adopt the plan, never printed in it.
            items.append(
                ReadinessItem(
                    "3.3",
                    f"Capacità assunzionale, {step.label}: {step.note.rstrip('.')}.",
                    inputs,
                    blocking=False,
                )
            )
    for verdict in capacity.verdicts[1:]:
        if not verdict.ok:
            items.append(
                ReadinessItem("3.3", f"Assunzioni oltre la capacità assunzionale. {verdict.text}", staffing)
            )
    for check in (data.check_557, data.check_flexible):
        if check.ok is False:
            items.append(ReadinessItem("3.3", check.verdict, staffing))
        elif check.ok is None:
            items.append(ReadinessItem("3.3", check.verdict, inputs, blocking=False))
    if data.figures_employees is not None and data.figures_employees != data.headcount_31_12:
        items.append(
            ReadinessItem(
                "3.1",
                f"I dipendenti al 31/12/{plan.first_year - 1} dichiarati nella Sezione 1 "
                f"({data.figures_employees}) non coincidono con il personale in servizio nella struttura "
                f"({data.headcount_31_12}).",
                reverse("organization_chart:index", args=args),
            )
        )
    training = reverse("human_capital:training", args=args)
    if data.budget.ok_minimum is False or data.budget.ok_courses is False:
        items.append(ReadinessItem("3.3", " ".join(data.budget.verdicts), training, blocking=False))
    for name in data.budget.missing:
        items.append(ReadinessItem("3.3", f"Formazione: manca {name}.", training, blocking=False))
    return items
