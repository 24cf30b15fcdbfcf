"""Sezione 3 in the plan's JSON, under the key "human_capital" (see docs/export-format.md).

Entered rows travel both ways. The computed figures (hiring capacity with its working, spending
checks, headcount, gender tables and art. 48 check, hours per employee) are written on export
for open data and ignored on import: they are recomputed from the rows.
"""

from openpiao.core.exchange import (
    Audience,
    ImportProblem,
    fields_of,
    lookup,
    save_row,
    to_date,
    values_for,
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
    data = document.get(KEY)
    if not data:
        return
    organization = plan.organization
    units, employees = context.get("units", {}), context.get("employees", {})
    common = {"organization": organization, "plan": plan}
    if data.get("staffing_inputs"):
        save_row(
            StaffingInputs(**common, **values_for(StaffingInputs, data["staffing_inputs"], INPUT_FIELDS)),
            "dati per la capacità assunzionale",
        )
    for n, row in enumerate(data.get("cessations", []), start=1):
        where = f"cessazione {n}"
        item = Cessation(**common, **values_for(Cessation, row, CESSATION_FIELDS))
        item.employee = lookup(employees, row.get("employee"), where, "dipendente")
        item.unit = lookup(units, row.get("unit"), where, "unità")
        save_row(item, where)
    for n, row in enumerate(data.get("planned_hires", []), start=1):
        where = f"assunzione programmata {n}"
        unit = lookup(units, row.get("unit"), where, "unità")
        if unit is None:
            raise ImportProblem(f"{where}: manca l'unità.")
        save_row(PlannedHire(**common, unit=unit, **values_for(PlannedHire, row, HIRE_FIELDS)), where)
    for n, row in enumerate(data.get("pola_indicators", []), start=1):
        where = f"indicatore del lavoro agile {n}"
        indicator = save_row(
            PolaIndicator(**common, order=n, **values_for(PolaIndicator, row, POLA_FIELDS)), where
        )
        for year, value in (row.get("values") or {}).items():
            save_row(
                PolaValue(
                    organization=organization,
                    indicator=indicator,
                    year=int(year),
                    target=value.get("target") or "",
                    achieved=value.get("achieved") or "",
                ),
                f"{where}, anno {year}",
            )
    for n, row in enumerate(data.get("activity_map", []), start=1):
        where = f"mappatura delle attività, riga {n}"
        unit = lookup(units, row.get("unit"), where, "unità")
        save_row(
            ActivityMapEntry(**common, unit=unit, **values_for(ActivityMapEntry, row, MAP_FIELDS)), where
        )
    for n, row in enumerate(data.get("smart_working_agreements", []), start=1):
        where = f"accordo di lavoro agile {n}"
        employee = lookup(employees, row.get("employee"), where, "dipendente")
        save_row(
            SmartWorkingAgreement(
                **common, employee=employee, **values_for(SmartWorkingAgreement, row, AGREEMENT_FIELDS)
            ),
            where,
        )
    if data.get("training_plan"):
        save_row(
            TrainingPlan(**common, **values_for(TrainingPlan, data["training_plan"], TRAINING_FIELDS)),
            "piano della formazione",
        )
    for n, row in enumerate(data.get("training_areas", []), start=1):
        where = f"area di formazione «{row.get('code')}»"
        area = save_row(TrainingArea(**common, order=n, **values_for(TrainingArea, row, AREA_FIELDS)), where)
        for course_row in row.get("courses", []):
            here = f"corso «{course_row.get('title')}»"
            course = save_row(
                Course(**common, area=area, **values_for(Course, course_row, COURSE_FIELDS)), here
            )
            for enrolment in course_row.get("enrolments", []):
                employee = lookup(employees, enrolment.get("employee"), here, "dipendente")
                save_row(
                    Enrolment(
                        **common,
                        course=course,
                        employee=employee,
                        completed=bool(enrolment.get("completed")),
                        completed_on=to_date(enrolment.get("completed_on")),
                    ),
                    f"{here}, iscrizione",
                )
    for n, row in enumerate(data.get("positive_action_areas", []), start=1):
        where = f"ambito di azione «{row.get('scope')}»"
        area = save_row(
            PositiveActionArea(
                **common, order=n, scope=row.get("scope", ""), objective=row.get("objective", "")
            ),
            where,
        )
        for m, text in enumerate(row.get("actions", []), start=1):
            save_row(PositiveAction(**common, area=area, order=m, description=text), f"{where}, azione {m}")
