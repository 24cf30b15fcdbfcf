"""Strategic objectives and objectives in the plan's JSON.

Keys: "strategic_objectives" and "objectives"; each objective carries its indicators (with
targets by year), phases (with months), participations and resources.
"""

from collections import defaultdict

from openpiao.core.exchange import (
    SKIPPED,
    Audience,
    ImportProblem,
    at,
    fields_of,
    lookup,
    noted,
    relate,
    row,
    rows,
    save_row,
    section,
    text_value,
    values_for,
    year_key,
)

from .models import (
    Indicator,
    IndicatorTarget,
    Mission,
    Objective,
    Participation,
    Phase,
    Programme,
    Resource,
    StrategicObjective,
)
from .selectors import objectives_with_details

STRATEGIC_FIELDS = ["code", "title", "description", "stakeholders", "order"]
OBJECTIVE_FIELDS = [
    "number",
    "kind",
    "kind_label",
    "is_prerequisite",
    "title",
    "list_title",
    "description",
    "weight",
    "first_year",
    "last_year",
    "cost_centre",
    "budget_chapter",
    "budget_amount",
    "simplification",
    "digitalisation",
    "accessibility",
    "equal_opportunity",
    "training_promotion",
    "remote_workable",
    "reward_note",
]
INDICATOR_FIELDS = ["description", "kind", "direction", "measure_unit", "baseline", "weight"]
PHASE_FIELDS = ["description", "months", "schedule_note", "weight"]
PARTICIPATION_FIELDS = ["headcount", "percent", "hours", "hourly_cost"]
RESOURCE_FIELDS = ["kind", "description", "cost"]


def export_section(plan, audience: Audience) -> dict:
    """The same for every audience: the staff of each objective is printed in its scheda."""
    strategic = plan.strategic_objectives.select_related("mission", "programme")
    return {
        "strategic_objectives": [
            {
                **fields_of(s, STRATEGIC_FIELDS),
                "mission": s.mission.code if s.mission_id else None,
                "programme": s.programme.code if s.programme_id else None,
            }
            for s in strategic
        ],
        "objectives": [_export_objective(o) for o in objectives_with_details(plan)],
    }


def _export_objective(objective: Objective) -> dict:
    return {
        "unit": objective.unit.code,
        **fields_of(objective, OBJECTIVE_FIELDS),
        "office": objective.office.code if objective.office_id else None,
        "co_units": sorted(u.code for u in objective.co_units.all()),
        "strategic_objective": objective.strategic_objective.code
        if objective.strategic_objective_id
        else None,
        "indicators": [
            {
                **fields_of(i, INDICATOR_FIELDS),
                "targets": {str(t.year): t.value for t in i.targets.all()},
            }
            for i in objective.indicators.all()
        ],
        "phases": [fields_of(p, PHASE_FIELDS) for p in objective.phases.all()],
        "participations": [
            {"employee": p.employee.key, **fields_of(p, PARTICIPATION_FIELDS)}
            for p in objective.participations.all()
        ],
        "resources": [fields_of(r, RESOURCE_FIELDS) for r in objective.resources.all()],
    }


def import_section(plan, data: dict, context: dict) -> None:
    units, employees = context.get("units", {}), context.get("employees", {})
    missions = {m.code: m for m in Mission.objects.all()}
    programmes = {p.code: p for p in Programme.objects.all()}
    strategic = context.setdefault("strategic_objectives", {})
    for path, item in rows(data, "strategic_objectives"):
        with row():
            code = item.get("code") if isinstance(item.get("code"), str) else None
            strategic[code] = SKIPPED
            objective = StrategicObjective(
                plan=plan,
                **values_for(StrategicObjective, item, STRATEGIC_FIELDS, path),
            )
            objective.mission = lookup(missions, item.get("mission"), at(path, "mission"), "missione")
            objective.programme = lookup(
                programmes, item.get("programme"), at(path, "programme"), "programma"
            )
            strategic[code] = save_row(objective, path)

    numbers = defaultdict(int)
    # Objectives refused here, or with a refused indicator or phase: the reviews and measures
    # that name them are skipped without a second message.
    refused = context.setdefault("refused_objectives", set())
    for path, item in rows(data, "objectives"):
        with row():
            if isinstance(item.get("unit"), str) and isinstance(item.get("number"), int):
                refused.add((item["unit"], item["number"]))
            unit = lookup(units, item.get("unit"), at(path, "unit"), "unità")
            if unit is None:
                raise ImportProblem(f"{at(path, 'unit')}: manca l'unità responsabile.")
            values = values_for(Objective, item, OBJECTIVE_FIELDS, path)
            numbers[unit.code] += 1
            values.setdefault("number", numbers[unit.code])
            values.setdefault("first_year", plan.reference_year)
            values.setdefault("last_year", values["first_year"])
            objective = Objective(plan=plan, unit=unit, **values)
            objective.office = lookup(units, item.get("office"), at(path, "office"), "ufficio")
            objective.strategic_objective = lookup(
                strategic,
                item.get("strategic_objective"),
                at(path, "strategic_objective"),
                "obiettivo strategico",
            )
            save_row(objective, path)
            co_units = item.get("co_units")
            if co_units is not None and not isinstance(co_units, list):
                raise ImportProblem(f"{at(path, 'co_units')}: attesa una lista di codici di unità.")
            relate(
                objective,
                "co_units",
                [
                    lookup(units, code, at(at(path, "co_units"), n), "unità corresponsabile")
                    for n, code in enumerate(co_units or [])
                ],
            )
            before = noted()
            _import_children(objective, item, employees, path)
            if noted() == before:  # a refused indicator or phase would make its reviews fail
                refused.discard((unit.code, objective.number))
            else:
                refused.add((unit.code, objective.number))


def _import_children(objective: Objective, item: dict, employees: dict, path: str) -> None:
    for order, (here, part) in enumerate(rows(item, "indicators", path), start=1):
        with row():
            indicator = save_row(
                Indicator(
                    objective=objective,
                    order=order,
                    **values_for(Indicator, part, INDICATOR_FIELDS, here),
                ),
                here,
            )
            targets = section(part, "targets", here) or {}
            for year, value in targets.items():
                where = at(at(here, "targets"), year)
                with row():
                    save_row(
                        IndicatorTarget(
                            indicator=indicator,
                            year=year_key(year, where),
                            value=text_value(value, where),
                        ),
                        where,
                    )
    for order, (here, part) in enumerate(rows(item, "phases", path), start=1):
        with row():
            save_row(
                Phase(
                    objective=objective,
                    order=order,
                    **values_for(Phase, part, PHASE_FIELDS, here),
                ),
                here,
            )
    for here, part in rows(item, "participations", path):
        with row():
            employee = lookup(employees, part.get("employee"), at(here, "employee"), "dipendente")
            save_row(
                Participation(
                    objective=objective,
                    employee=employee,
                    **values_for(Participation, part, PARTICIPATION_FIELDS, here),
                ),
                here,
            )
    for here, part in rows(item, "resources", path):
        with row():
            save_row(
                Resource(
                    objective=objective,
                    **values_for(Resource, part, RESOURCE_FIELDS, here),
                ),
                here,
            )
