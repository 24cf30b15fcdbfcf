"""The plan header in the plan's JSON."""

from openpiao.core.exchange import fields_of, save_row, to_date

from .models import Plan

PLAN_FIELDS = ["first_year", "reference_year", "title", "status", "resolution_number", "resolution_date"]


def export_plan_header(plan: Plan) -> dict:
    data = fields_of(plan, PLAN_FIELDS)
    data["last_year"] = plan.last_year
    return data


def import_plan_header(organization, data: dict) -> Plan:
    values = {k: data[k] for k in PLAN_FIELDS if k in data}
    values["resolution_date"] = to_date(values.get("resolution_date"))
    values.setdefault("reference_year", values["first_year"])
    return save_row(Plan(organization=organization, **values), "piano")
