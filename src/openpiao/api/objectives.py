"""Objectives and their tables (indicatori, fasi, personale coinvolto), through the services
and permissions of the performance pages."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from openpiao.core.rows import RowEdit
from openpiao.performance import services
from openpiao.performance.models import Objective
from openpiao.performance.permissions import can_edit_objective
from openpiao.performance.selectors import get_objective_for, objectives_with_details

from .access import plan_for, scope_for
from .schemas import (
    IndicatorsIn,
    ObjectiveChange,
    ObjectiveFields,
    ObjectiveOut,
    ParticipationsIn,
    PhasesIn,
)

router = Router(tags=["Obiettivi"])
PLAN = "/enti/{org}/piani/{year}/obiettivi"
FORBIDDEN = "Non può modificare gli obiettivi di questa unità."


def objective_out(objective: Objective) -> dict:
    return {
        **{name: getattr(objective, name) for name in ObjectiveOut.model_fields if hasattr(objective, name)},
        "unit": objective.unit.code,
        "office": objective.office.code if objective.office else None,
        "co_units": [u.code for u in objective.co_units.all()],
        "strategic_objective": objective.strategic_objective.code if objective.strategic_objective else None,
        "indicators": [
            {
                **{f: getattr(i, f) for f in ("id", "order", "description", "kind", "direction")},
                **{f: getattr(i, f) for f in ("measure_unit", "baseline", "weight")},
                "targets": {t.year: t.value for t in i.targets.all()},
            }
            for i in objective.indicators.all()
        ],
        "phases": [
            {f: getattr(p, f) for f in ("id", "order", "description", "months", "schedule_note")}
            for p in objective.phases.all()
        ],
        "participations": [
            {
                "id": p.pk,
                "employee": p.employee.key,
                **{f: getattr(p, f) for f in ("headcount", "percent", "hours", "hourly_cost")},
            }
            for p in objective.participations.all()
        ],
    }


def _by_code(queryset, code: str | None, field: str, missing: str):
    """The row of `queryset` with `code`; `missing` (with {code}) goes back next to `field`."""
    if code is None:
        return None
    found = queryset.filter(code=code).first()
    if found is None:
        raise ValidationError({field: missing.format(code=code)})
    return found


def objective_values(plan, scope, data: ObjectiveFields) -> dict:
    """The form's cleaned values from the request: codes → the plan's rows (the responsible
    unit among those this member edits, as the form offers them)."""
    values = data.model_dump(exclude_unset=True, exclude={"expected_version"})
    if "unit" in values:
        values["unit"] = _by_code(
            scope.units(plan),
            values["unit"],
            "unit",
            "Nessuna unità «{code}» tra quelle del piano che lei modifica.",
        )
    if "office" in values:
        # Among the plan's units: the model refuses one that is not an office of the unit.
        values["office"] = _by_code(
            plan.units, values["office"], "office", "Nessuna unità «{code}» in questo piano."
        )
    if "co_units" in values:
        values["co_units"] = [
            _by_code(plan.units, c, "co_units", "Nessuna unità «{code}» in questo piano.")
            for c in values["co_units"] or []
        ]
    if "strategic_objective" in values:
        values["strategic_objective"] = _by_code(
            plan.strategic_objectives,
            values["strategic_objective"],
            "strategic_objective",
            "Nessun obiettivo strategico «{code}» in questo piano.",
        )
    for name in (
        "kind",
        "kind_label",
        "list_title",
        "description",
        "cost_centre",
        "budget_chapter",
        "reward_note",
    ):
        if name in values and values[name] is None:
            values[name] = ""
    return values


def _editable(request, org, year, objective_id) -> Objective:
    plan = plan_for(request, org, year, editing=True)
    objective = get_object_or_404(plan.objectives.select_related("plan"), pk=objective_id)
    if not can_edit_objective(request.auth.membership, objective):
        raise PermissionDenied(FORBIDDEN)
    return objective


@router.get(PLAN, response=list[ObjectiveOut], summary="Obiettivi del piano")
def list_objectives(request, org: str, year: int):
    plan = plan_for(request, org, year)
    return [objective_out(o) for o in objectives_with_details(plan)]


@router.get(PLAN + "/{objective_id}", response=ObjectiveOut, summary="Un obiettivo con le sue tabelle")
def get_objective(request, org: str, year: int, objective_id: int):
    return objective_out(get_objective_for(plan_for(request, org, year), objective_id))


@router.post(PLAN, response={201: ObjectiveOut}, summary="Nuovo obiettivo")
def create_objective(request, org: str, year: int, data: ObjectiveFields):
    plan = plan_for(request, org, year, editing=True)
    scope = scope_for(request, plan)
    if not scope.any:
        raise PermissionDenied("Il suo ruolo non consente di creare obiettivi.")
    objective = services.create_objective(
        plan=plan, values=objective_values(plan, scope, data), user=request.auth.user
    )
    return Status(201, objective_out(get_objective_for(plan, objective.pk)))


@router.patch(PLAN + "/{objective_id}", response=ObjectiveOut, summary="Modifica un obiettivo")
def update_objective(request, org: str, year: int, objective_id: int, data: ObjectiveChange):
    objective = _editable(request, org, year, objective_id)
    plan = objective.plan
    services.update_objective(
        objective=objective,
        values=objective_values(plan, scope_for(request, plan), data),
        expected_version=data.expected_version,
        user=request.auth.user,
    )
    return objective_out(get_objective_for(plan, objective.pk))


@router.delete(PLAN + "/{objective_id}", response={204: None}, summary="Elimina un obiettivo")
def delete_objective(request, org: str, year: int, objective_id: int):
    services.delete_objective(objective=_editable(request, org, year, objective_id), user=request.auth.user)
    return Status(204, None)


def _rows(data, fields: tuple[str, ...], convert=None) -> list:
    rows = []
    for row in data.rows:
        values = row.model_dump(exclude_unset=True, include=set(fields))
        if convert:
            values = convert(values)
        rows.append((row, values))
    return rows


@router.put(PLAN + "/{objective_id}/indicatori", response=ObjectiveOut, summary="Indicatori e valori attesi")
def save_indicators(request, org: str, year: int, objective_id: int, data: IndicatorsIn):
    objective = _editable(request, org, year, objective_id)
    fields = ("order", "description", "kind", "direction", "measure_unit", "baseline", "weight")
    rows = [
        services.IndicatorRow(pk=row.id, values=values, delete=row.delete, targets=row.targets)
        for row, values in _rows(data, fields)
    ]
    services.save_indicators(
        objective=objective, rows=rows, expected_version=data.expected_version, user=request.auth.user
    )
    return objective_out(get_objective_for(objective.plan, objective.pk))


@router.put(PLAN + "/{objective_id}/fasi", response=ObjectiveOut, summary="Fasi e cronoprogramma")
def save_phases(request, org: str, year: int, objective_id: int, data: PhasesIn):
    objective = _editable(request, org, year, objective_id)
    fields = ("order", "description", "months", "schedule_note")
    rows = [RowEdit(pk=row.id, values=values, delete=row.delete) for row, values in _rows(data, fields)]
    services.save_phases(
        objective=objective, rows=rows, expected_version=data.expected_version, user=request.auth.user
    )
    return objective_out(get_objective_for(objective.plan, objective.pk))


@router.put(PLAN + "/{objective_id}/personale", response=ObjectiveOut, summary="Personale coinvolto")
def save_participations(request, org: str, year: int, objective_id: int, data: ParticipationsIn):
    objective = _editable(request, org, year, objective_id)
    plan = objective.plan

    def employee(values):
        if "employee" in values:
            key = values["employee"]
            values["employee"] = plan.employees.filter(key=key).first()
            if values["employee"] is None:
                raise ValidationError({"employee": f"Dipendente «{key}» non presente in questo piano."})
        return values

    fields = ("employee", "headcount", "percent", "hours", "hourly_cost")
    rows = [
        RowEdit(pk=row.id, values=values, delete=row.delete) for row, values in _rows(data, fields, employee)
    ]
    services.save_participations(
        objective=objective, rows=rows, expected_version=data.expected_version, user=request.auth.user
    )
    return objective_out(get_objective_for(plan, objective.pk))
