"""The plan header in the plan's JSON."""

from openpiao.core.exchange import fields_of, note, save_head, show

from .models import Plan, PlanKind, PlanStatus

PLAN_FIELDS = [
    "kind",
    "first_year",
    "reference_year",
    "title",
    "status",
    "resolution_number",
    "resolution_date",
]


def export_plan_header(plan: Plan) -> dict:
    data = fields_of(plan, PLAN_FIELDS)
    data["last_year"] = plan.last_year
    return data


def import_plan_header(organization, data: dict, *, instance: Plan | None = None) -> Plan:
    """The plan, always as a draft (bozza): only the product's adoption, which freezes the
    documents, makes a plan adopted or published (docs/export-format.md). With `instance`, the
    header of that (replaced) plan is rewritten instead."""
    status = data.get("status")
    if status not in (None, "", *PlanStatus.values):
        note("plan.status", f"stato {show(status)} sconosciuto (draft, adopted o published).")
    data = {**data, "status": PlanStatus.DRAFT}
    if not data.get("kind"):
        data["kind"] = PlanKind.PIAO  # documents before the plan kinds were all PIAO
    if "reference_year" not in data:
        data["reference_year"] = data.get("first_year")
    return save_head(
        Plan,
        data,
        PLAN_FIELDS,
        "plan",
        essential={"first_year", "reference_year"},
        instance=instance,
        organization=organization,
    )
