"""Sezione 3 in the plan's JSON, under the key "human_capital" (see docs/export-format.md).

Entered rows travel both ways. The computed figures (hiring capacity with its working, spending
checks, headcount, gender tables and art. 48 check, hours per employee) are written on export
for open data and ignored on import: they are recomputed from the rows.
"""

from openpiao.core.exchange import (
    Audience,
    ImportProblem,
    at,
    fields_of,
    flag,
    lookup,
    row,
    rows,
    save_row,
    section,
    text,
    texts,
    values_for,
    year_key,
)

from .models import (
    ActivityMapEntry,
    Cessation,
    Course,
    Enrolment,
    PlannedHire,
    PolaIndicator,
    PolaValue,
    PositiveAction,
    PositiveActionArea,
    SmartWorkingAgreement,
    StaffingInputs,
    TrainingArea,
    TrainingPlan,
)
from .selectors import section3

KEY = "human_capital"


def _document_fields(model) -> list[str]:
    """What the user enters (`model.INPUT_FIELDS`) less the links, which travel as unit codes and
    employee keys, and the order, which is the row's place in its list."""
    return [n for n in model.INPUT_FIELDS if n != "order" and not model._meta.get_field(n).is_relation]


INPUT_FIELDS = _document_fields(StaffingInputs)
CESSATION_FIELDS = _document_fields(Cessation)
HIRE_FIELDS = _document_fields(PlannedHire)
POLA_FIELDS = _document_fields(PolaIndicator)
MAP_FIELDS = _document_fields(ActivityMapEntry)
AGREEMENT_FIELDS = _document_fields(SmartWorkingAgreement)
TRAINING_FIELDS = _document_fields(TrainingPlan)
AREA_FIELDS = _document_fields(TrainingArea)
COURSE_FIELDS = _document_fields(Course)


def _enrolments(course, audience: Audience) -> dict:
    """Who attends a course (BACKUP); the printed plan, and so PUBLIC, gives only how many."""
    enrolments = course.enrolments.all()
    if audience == Audience.PUBLIC:
        return {"enrolled": len(enrolments)}
    return {
        "enrolments": [
            {
                "employee": e.employee.key,
                "completed": e.completed,
                "completed_on": fields_of(e, ["completed_on"])["completed_on"],
            }
            for e in enrolments
        ]
    }


def _agreements(data, audience: Audience) -> dict:
    """The register of smart-working agreements, by person and with the priority categories
    (art. 9 GDPR data: disability, caregiving, health), is in the BACKUP only; the printed plan,
    and so PUBLIC, gives how many there are, by outcome, and how many keep presence prevailing."""
    if audience == Audience.PUBLIC:
        outcomes: dict[str, int] = {}
        for agreement, _, _ in data.agreements:
            outcomes[agreement.outcome] = outcomes.get(agreement.outcome, 0) + 1
        return {
            "smart_working_summary": {
                "count": len(data.agreements),
                "by_outcome": outcomes,
                "presence_prevails": sum(1 for _, presence, _ in data.agreements if presence.ok),
            }
        }
    return {
        "smart_working_agreements": [
            {
                "employee": a.employee.key,
                **fields_of(a, AGREEMENT_FIELDS),
                "presence_prevails": presence.ok,
                "presence_verdict": presence.verdict,
                "answer_deadline": term.deadline.isoformat(),
                "answer_status": term.status,
            }
            for a, presence, term in data.agreements
        ]
    }


def export_section(plan, audience: Audience) -> dict:
    """Sezione 3; PUBLIC leaves out what the printed plan does not show of single persons."""
    data = section3(plan)
    public = audience == Audience.PUBLIC
    areas = [
        {
            **fields_of(area, AREA_FIELDS),
            "courses": [
                {**fields_of(course, COURSE_FIELDS), **_enrolments(course, audience)} for course in courses
            ],
        }
        for area, courses in data.courses_by_area
    ]
    return {
        KEY: {
            "staffing_inputs": fields_of(data.inputs, INPUT_FIELDS) if data.inputs else None,
            "cessations": [
                {
                    **fields_of(c, CESSATION_FIELDS),
                    # The printed table gives profile, unit and cause, not the person.
                    **({} if public else {"employee": c.employee.key if c.employee_id else None}),
                    "unit": c.unit.code if c.unit_id else None,
                }
                for c in data.cessations
            ],
            "planned_hires": [{**fields_of(h, HIRE_FIELDS), "unit": h.unit.code} for h in data.hires],
            "pola_indicators": [
                {
                    **fields_of(i, POLA_FIELDS),
                    "values": {
                        str(v.year): {"target": v.target, "achieved": v.achieved} for v in i.values.all()
                    },
                }
                for i in data.pola_indicators
            ],
            "activity_map": [{"unit": m.unit.code, **fields_of(m, MAP_FIELDS)} for m in data.activity_map],
            **_agreements(data, audience),
            "training_plan": fields_of(data.training_plan, TRAINING_FIELDS) if data.training_plan else None,
            "training_areas": areas,
            "positive_action_areas": [
                {
                    "scope": a.scope,
                    "objective": a.objective,
                    "actions": [x.description for x in a.actions.all()],
                }
                for a in data.action_areas
            ],
            # Computed, export only.
            "hiring_capacity": {
                **data.capacity.as_dict(),
                "year": plan.first_year,
                "inhabitants": data.inhabitants,
                "provisional": data.capacity.provisional,
                "spending_cap_557": data.check_557.as_dict(),
                "flexible_work_cap": data.check_flexible.as_dict(),
                "narrative": data.narrative,
            },
            "headcount": {
                "date": f"{plan.first_year - 1}-12-31",
                "total": data.headcount_31_12,
                "dotazione_organica": [
                    {
                        "unit": unit,
                        "lines": [
                            {
                                "old_category": x.old_category,
                                "job_title": x.job_title,
                                "count": x.count,
                                "area": x.area,
                                "profile": x.profile,
                            }
                            for x in lines
                        ],
                    }
                    for unit, lines in data.dotazione
                ],
            },
            "gender_tables": {name: table.as_dict() for name, table in data.gender.items()},
            "gender_balance": [check.as_dict() for check in data.gender_checks],
            "training_hours": {
                "target": str(data.hours.target.hours) if data.hours.target else None,
                "target_act": data.hours.target.act if data.hours.target else None,
                "average_planned": str(data.hours.average_planned)
                if data.hours.average_planned is not None
                else None,
                # Who is short of the hours is a person's record; PUBLIC gives how many.
                **(
                    {"short_count": len(data.hours.short)}
                    if public
                    else {"short": [r.key for r in data.hours.short]}
                ),
            },
            "training_budget": {
                "minimum": str(data.budget.minimum) if data.budget.minimum is not None else None,
                "ok_minimum": data.budget.ok_minimum,
                "ok_courses": data.budget.ok_courses,
            },
        }
    }


def import_section(plan, document: dict, context: dict) -> None:
    data = section(document, KEY)
    if not data:
        return
    units, employees = context.get("units", {}), context.get("employees", {})
    common = {"plan": plan}
    inputs = section(data, "staffing_inputs", KEY)
    if inputs:
        path = f"{KEY}.staffing_inputs"
        with row():
            save_row(StaffingInputs(**common, **values_for(StaffingInputs, inputs, INPUT_FIELDS, path)), path)
    for path, item in rows(data, "cessations", KEY):
        with row():
            cessation = Cessation(**common, **values_for(Cessation, item, CESSATION_FIELDS, path))
            cessation.employee = lookup(employees, item.get("employee"), at(path, "employee"), "dipendente")
            cessation.unit = lookup(units, item.get("unit"), at(path, "unit"), "unità")
            save_row(cessation, path)
    for path, item in rows(data, "planned_hires", KEY):
        with row():
            unit = lookup(units, item.get("unit"), at(path, "unit"), "unità")
            if unit is None:
                raise ImportProblem(f"{at(path, 'unit')}: manca l'unità.")
            save_row(
                PlannedHire(**common, unit=unit, **values_for(PlannedHire, item, HIRE_FIELDS, path)), path
            )
    for n, (path, item) in enumerate(rows(data, "pola_indicators", KEY), start=1):
        with row():
            indicator = save_row(
                PolaIndicator(**common, order=n, **values_for(PolaIndicator, item, POLA_FIELDS, path)), path
            )
            values = section(item, "values", path) or {}
            for year in values:
                here = at(at(path, "values"), year)
                with row():
                    value = section(values, year, at(path, "values")) or {}
                    save_row(
                        PolaValue(
                            indicator=indicator,
                            year=year_key(year, here),
                            target=text(value, "target", here),
                            achieved=text(value, "achieved", here),
                        ),
                        here,
                    )
    for path, item in rows(data, "activity_map", KEY):
        with row():
            unit = lookup(units, item.get("unit"), at(path, "unit"), "unità")
            save_row(
                ActivityMapEntry(**common, unit=unit, **values_for(ActivityMapEntry, item, MAP_FIELDS, path)),
                path,
            )
    for path, item in rows(data, "smart_working_agreements", KEY):
        with row():
            employee = lookup(employees, item.get("employee"), at(path, "employee"), "dipendente")
            save_row(
                SmartWorkingAgreement(
                    **common,
                    employee=employee,
                    **values_for(SmartWorkingAgreement, item, AGREEMENT_FIELDS, path),
                ),
                path,
            )
    training = section(data, "training_plan", KEY)
    if training:
        path = f"{KEY}.training_plan"
        with row():
            save_row(
                TrainingPlan(**common, **values_for(TrainingPlan, training, TRAINING_FIELDS, path)), path
            )
    for n, (path, item) in enumerate(rows(data, "training_areas", KEY), start=1):
        with row():
            area = save_row(
                TrainingArea(**common, order=n, **values_for(TrainingArea, item, AREA_FIELDS, path)), path
            )
            for here, part in rows(item, "courses", path):
                with row():
                    course = save_row(
                        Course(**common, area=area, **values_for(Course, part, COURSE_FIELDS, here)), here
                    )
                    for where, enrolment in rows(part, "enrolments", here):
                        with row():
                            employee = lookup(
                                employees, enrolment.get("employee"), at(where, "employee"), "dipendente"
                            )
                            save_row(
                                Enrolment(
                                    **common,
                                    course=course,
                                    employee=employee,
                                    completed=flag(enrolment, "completed", where),
                                    **values_for(Enrolment, enrolment, ["completed_on"], where),
                                ),
                                where,
                            )
    for n, (path, item) in enumerate(rows(data, "positive_action_areas", KEY), start=1):
        with row():
            area = save_row(
                PositiveActionArea(
                    **common,
                    order=n,
                    scope=text(item, "scope", path),
                    objective=text(item, "objective", path),
                ),
                path,
            )
            for m, action in enumerate(texts(item, "actions", path), start=1):
                here = at(at(path, "actions"), m - 1)
                with row():
                    save_row(PositiveAction(**common, area=area, order=m, description=action), here)
