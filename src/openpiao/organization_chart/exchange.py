"""Units, employees and the units' resources in the plan's JSON (keys: "units", "employees",
"unit_resources")."""

from openpiao.core.exchange import (
    SKIPPED,
    Audience,
    at,
    fields_of,
    lookup,
    note,
    row,
    rows,
    save_row,
    set_later,
    show,
    values_for,
)

from .models import Employee, OrgUnit, UnitResource

UNIT_FIELDS = ["code", "name", "scheda_name", "kind", "order", "head_label"]
RESOURCE_FIELDS = ["kind", "description", "quantity", "amount", "order"]
EMPLOYEE_FIELDS = Employee.DATA_FIELDS
# What the printed plan shows of a person (the staff of each scheda obiettivo: name, category or
# economic position, hourly cost; the unit heads): the open-data document holds no more.
PUBLIC_EMPLOYEE_FIELDS = [
    "key",
    "headcount",
    "last_name",
    "first_name",
    "honorific",
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
        "unit_resources": [
            {**fields_of(r, RESOURCE_FIELDS), "unit": r.unit.code}
            for r in plan.unit_resources.select_related("unit").order_by(
                "unit__order", "unit__code", "order", "pk"
            )
        ],
    }


def _parents_first(units: list[tuple[str, dict]], skipped: list) -> list[tuple[str, dict]]:
    """Units ordered so that each comes after its parent; a cycle or a missing parent is noted
    and the codes of the units left out go to `skipped`. Rows are followed by position, not by
    code: a repeated code must reach full_clean."""
    placed: set = set()
    ordered: list[tuple[str, dict]] = []
    remaining = list(units)
    while remaining:
        ready = [(p, r) for p, r in remaining if not r.get("parent") or _key(r.get("parent")) in placed]
        if not ready:
            for path, unit in remaining:
                skipped.append(_key(unit.get("code")))
                note(
                    at(path, "parent"),
                    f"l'unità superiore {show(unit.get('parent'))} non esiste nel documento "
                    "o forma un ciclo con le altre unità.",
                )
            break
        ordered += ready
        placed |= {_key(r.get("code")) for _, r in ready}
        remaining = [(p, r) for p, r in remaining if all(p != q for q, _ in ready)]
    return ordered


def _key(value):
    """A code usable as a key (a list or an object in its place matches nothing)."""
    return value if isinstance(value, str | int) else None


def import_section(plan, data: dict, context: dict) -> None:
    units = context.setdefault("units", {})
    skipped: list = []
    ordered = _parents_first(rows(data, "units"), skipped)
    units.update(dict.fromkeys(skipped, SKIPPED))
    for path, item in ordered:
        with row():
            code = _key(item.get("code"))
            units[code] = SKIPPED
            unit = OrgUnit(plan=plan, **values_for(OrgUnit, item, UNIT_FIELDS, path))
            unit.parent = lookup(units, item.get("parent"), at(path, "parent"), "unità superiore")
            units[code] = save_row(unit, path)
    employees = context.setdefault("employees", {})
    for path, item in rows(data, "employees"):
        with row():
            key = _key(item.get("key"))
            employees[key] = SKIPPED
            employee = Employee(plan=plan, **values_for(Employee, item, EMPLOYEE_FIELDS, path))
            employee.unit = lookup(units, item.get("unit"), at(path, "unit"), "unità")
            employees[key] = save_row(employee, path)
    for path, item in ordered:
        unit = units.get(_key(item.get("code")))
        if item.get("head") and isinstance(unit, OrgUnit):
            with row():
                set_later(unit, head=lookup(employees, item["head"], at(path, "head"), "responsabile"))
    for path, item in rows(data, "unit_resources"):
        with row():
            resource = UnitResource(plan=plan, **values_for(UnitResource, item, RESOURCE_FIELDS, path))
            resource.unit = lookup(units, item.get("unit"), at(path, "unit"), "unità")
            save_row(resource, path)


def keep_unit_editors(plan):
    """The users who enter each unit's data (given by the ente's administrator, never exported),
    kept across a replacement of the plan's content (core.registry.kept_on_replace): written
    back for the units still there, by unit code."""
    links = list(
        OrgUnit.editors.through.objects.filter(orgunit__plan=plan).values_list("orgunit__code", "user_id")
    )

    def restore(plan) -> None:
        units = dict(plan.units.values_list("code", "pk"))
        OrgUnit.editors.through.objects.bulk_create(
            OrgUnit.editors.through(orgunit_id=units[code], user_id=user)
            for code, user in links
            if code in units
        )

    return restore
