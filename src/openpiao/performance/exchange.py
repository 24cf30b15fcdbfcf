"""Strategic objectives and objectives in the plan's JSON.

Keys: "strategic_objectives" and "objectives"; each objective carries its indicators (with
targets by year), phases (with months), participations and resources.
"""

from collections import defaultdict

from openpiao.core.exchange import Audience, ImportProblem, fields_of, lookup, save_row, values_for

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
    "title",
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
    "remote_workable",
    "reward_note",
]
INDICATOR_FIELDS = ["description", "kind", "direction", "measure_unit", "baseline", "weight"]
PHASE_FIELDS = ["description", "months", "schedule_note"]
PARTICIPATION_FIELDS = ["percent", "hours", "hourly_cost"]
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
    organization = plan.organization
    units, employees = context.get("units", {}), context.get("employees", {})
    missions = {m.code: m for m in Mission.objects.all()}
    programmes = {p.code: p for p in Programme.objects.all()}
    strategic = {}
    for row in data.get("strategic_objectives", []):
        where = f"obiettivo strategico «{row['code']}»"
        item = StrategicObjective(
            organization=organization, plan=plan, **values_for(StrategicObjective, row, STRATEGIC_FIELDS)
        )
        item.mission = lookup(missions, row.get("mission"), where, "missione")
        item.programme = lookup(programmes, row.get("programme"), where, "programma")
        strategic[row["code"]] = save_row(item, where)

    numbers = defaultdict(int)
    for row in data.get("objectives", []):
        unit = lookup(units, row.get("unit"), "obiettivo", "unità")
        if unit is None:
            raise ImportProblem(f"Obiettivo «{row.get('title', '')[:60]}»: manca l'unità responsabile.")
        values = values_for(Objective, row, OBJECTIVE_FIELDS)
        numbers[unit.code] += 1
        values.setdefault("number", numbers[unit.code])
        values.setdefault("first_year", plan.reference_year)
        values.setdefault("last_year", values["first_year"])
        where = f"obiettivo {unit.code} n. {values['number']}"
        objective = Objective(organization=organization, plan=plan, unit=unit, **values)
        objective.strategic_objective = lookup(
            strategic, row.get("strategic_objective"), where, "obiettivo strategico"
        )
        save_row(objective, where)
        objective.co_units.set(
            [lookup(units, code, where, "unità corresponsabile") for code in row.get("co_units", [])]
        )
        _import_children(objective, row, employees, where)


def _import_children(objective: Objective, row: dict, employees: dict, where: str) -> None:
    organization = objective.organization
    for order, item in enumerate(row.get("indicators", []), start=1):
        here = f"{where}, indicatore {order}"
        indicator = save_row(
            Indicator(
                organization=organization,
                objective=objective,
                order=order,
                **values_for(Indicator, item, INDICATOR_FIELDS),
            ),
            here,
        )
        for year, value in (item.get("targets") or {}).items():
            save_row(
                IndicatorTarget(organization=organization, indicator=indicator, year=int(year), value=value),
                f"{here}, valore atteso {year}",
            )
    for order, item in enumerate(row.get("phases", []), start=1):
        save_row(
            Phase(
                organization=organization,
                objective=objective,
                order=order,
                **values_for(Phase, item, PHASE_FIELDS),
            ),
            f"{where}, fase {order}",
        )
    for item in row.get("participations", []):
        here = f"{where}, personale"
        employee = lookup(employees, item.get("employee"), here, "dipendente")
        save_row(
            Participation(
                organization=organization,
                objective=objective,
                employee=employee,
                **values_for(Participation, item, PARTICIPATION_FIELDS),
            ),
            here,
        )
    for item in row.get("resources", []):
        save_row(
            Resource(
                organization=organization, objective=objective, **values_for(Resource, item, RESOURCE_FIELDS)
            ),
            f"{where}, risorse aggiuntive",
        )
