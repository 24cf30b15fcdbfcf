"""Units and employees in the plan's JSON (keys: "units", "employees")."""

from openpiao.core.exchange import Audience, ImportProblem, fields_of, lookup, save_row, values_for

from .models import Employee, OrgUnit

UNIT_FIELDS = ["code", "name", "kind", "order", "head_label"]
EMPLOYEE_FIELDS = Employee.DATA_FIELDS
# What the printed plan shows of a person (the staff of each scheda obiettivo: name, category or
# economic position, hourly cost; the unit heads): the open-data document holds no more.
PUBLIC_EMPLOYEE_FIELDS = [
    "key",
    "last_name",
    "first_name",
    "area",
    "old_category",
    "economic_position",
    "job_title",
    "profile",
    "is_eq_holder",
    "hourly_cost",
]


def export_section(plan, audience: Audience) -> dict:
    """Units, and employees with all their fields (BACKUP) or only those printed (PUBLIC)."""
    fields = EMPLOYEE_FIELDS if audience == Audience.BACKUP else PUBLIC_EMPLOYEE_FIELDS
    units = list(plan.units.select_related("parent", "head").order_by("order", "code"))
    employees = list(plan.employees.select_related("unit").order_by("key"))
    return {
        "units": [
            {
                **fields_of(u, UNIT_FIELDS),
                "parent": u.parent.code if u.parent_id else None,
                "head": u.head.key if u.head_id else None,
            }
            for u in units
        ],
        "employees": [{**fields_of(e, fields), "unit": e.unit.code} for e in employees],
    }


def _parents_first(rows: list[dict]) -> list[dict]:
    placed: set[str] = set()
    ordered: list[dict] = []
    remaining = list(rows)
    while remaining:
        ready = [r for r in remaining if not r.get("parent") or r["parent"] in placed]
        if not ready:
            codes = ", ".join(r["code"] for r in remaining)
            raise ImportProblem(
                f"Le unità {codes} formano un ciclo o indicano un'unità superiore inesistente."
            )
        ordered += ready
        placed |= {r["code"] for r in ready}
        remaining = [r for r in remaining if r["code"] not in placed]
    return ordered


def import_section(plan, data: dict, context: dict) -> None:
    organization = plan.organization
    units = context.setdefault("units", {})
    rows = _parents_first(data.get("units", []))
    for row in rows:
        where = f"unità «{row['code']}»"
        unit = OrgUnit(organization=organization, plan=plan, **values_for(OrgUnit, row, UNIT_FIELDS))
        unit.parent = units.get(row.get("parent"))
        units[row["code"]] = save_row(unit, where)
    employees = context.setdefault("employees", {})
    for row in data.get("employees", []):
        where = f"dipendente «{row['key']}»"
        employee = Employee(
            organization=organization, plan=plan, **values_for(Employee, row, EMPLOYEE_FIELDS)
        )
        employee.unit = lookup(units, row.get("unit"), where, "unità")
        employees[row["key"]] = save_row(employee, where)
    for row in rows:
        if row.get("head"):
            unit = units[row["code"]]
            unit.head = lookup(employees, row["head"], f"unità «{row['code']}»", "responsabile")
            unit.save(update_fields=["head"])
