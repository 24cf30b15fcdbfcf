"""The risk register in the plan's JSON (docs/export-format.md, "Rischi corruttivi").

Keys: "risk_settings", "risk_indicators" (the ente's own indicators), "risk_processes" (with
events and assessments), "risk_measures" (with monitoring) and "rpct_reports". Processes are
named by `code`, areas, indicators and general measures by their catalogue codes, units by
code, objectives by unit code and number.
"""

from openpiao.core.exchange import Audience, ImportProblem, fields_of, lookup, save_row, to_date, values_for

from . import judgment
from .models import (
    Assessment,
    GeneralMeasure,
    IndicatorJudgment,
    Measure,
    MeasureType,
    MonitoringRecord,
    Process,
    ProcessTemplate,
    RiskArea,
    RiskEvent,
    RiskIndicator,
    RiskSettings,
    RpctReport,
)
from .selectors import indicators_for

PROCESS_FIELDS = [
    "code",
    "name",
    "description",
    "input",
    "activities",
    "output",
    "owner",
    "public_value",
    "order",
]
MEASURE_FIELDS = ["kind", "title", "description", "deadline", "indicator", "target", "status", "order"]
RECORD_FIELDS = ["date", "status", "value", "evidence"]


def export_section(plan, audience: Audience) -> dict:
    """The same for every audience: nothing personal."""
    settings = RiskSettings.objects.filter(plan=plan).first()
    processes = (
        Process.objects.filter(plan=plan)
        .select_related("area", "unit", "template")
        .prefetch_related("events", "assessments__judgments__indicator")
        .order_by("area__order", "order", "code")
    )
    measures = (
        Measure.objects.filter(plan=plan)
        .select_related(
            "general_measure", "measure_type", "process", "owner_unit", "objective__unit", "training_course"
        )
        .prefetch_related("monitoring")
        .order_by("process__code", "kind", "order", "pk")
    )
    return {
        "risk_settings": {
            "judgment_rule": settings.judgment_rule if settings else judgment.MODE_WORST,
            "report_due": settings.report_due.isoformat() if settings and settings.report_due else None,
        },
        "risk_indicators": [
            {"code": i.code, "name": i.name, "description": i.description, "order": i.order}
            for i in RiskIndicator.objects.filter(organization=plan.organization)
        ],
        "risk_processes": [_export_process(p) for p in processes],
        "risk_measures": [_export_measure(m) for m in measures],
        "rpct_reports": [{"year": r.year, "remarks": r.remarks} for r in plan.rpct_reports.order_by("year")],
    }


def _export_process(process: Process) -> dict:
    return {
        **fields_of(process, PROCESS_FIELDS),
        "area": process.area.code,
        "unit": process.unit.code,
        "template": process.template.code if process.template_id else None,
        "events": [e.description for e in process.events.all()],
        "assessments": [
            {
                "year": a.year,
                "judgments": {
                    j.indicator.code: {"level": j.level, "reason": j.reason} for j in a.judgments.all()
                },
                "computed_level": a.computed_level,
                "rule": a.rule,
                "motivation": a.motivation,
                "override_level": a.override_level,
                "override_motivation": a.override_motivation,
            }
            for a in process.assessments.all()
        ],
    }


def _export_measure(measure: Measure) -> dict:
    return {
        **fields_of(measure, MEASURE_FIELDS),
        "process": measure.process.code if measure.process_id else None,
        "general_measure": measure.general_measure.code if measure.general_measure_id else None,
        "measure_type": measure.measure_type.code if measure.measure_type_id else None,
        "owner_unit": measure.owner_unit.code if measure.owner_unit_id else None,
        "objective": {"unit": measure.objective.unit.code, "number": measure.objective.number}
        if measure.objective_id
        else None,
        "training_course": {"year": measure.training_course.year, "title": measure.training_course.title}
        if measure.training_course_id
        else None,
        "monitoring": [fields_of(r, RECORD_FIELDS) for r in measure.monitoring.all()],
    }


def import_section(plan, data: dict, context: dict) -> None:
    organization = plan.organization
    units = context.get("units", {})
    settings = data.get("risk_settings") or {}
    rule = settings.get("judgment_rule", judgment.MODE_WORST)
    save_row(
        RiskSettings(
            organization=organization,
            plan=plan,
            judgment_rule=rule,
            report_due=to_date(settings.get("report_due")),
        ),
        "impostazioni dei rischi",
    )
    for order, row in enumerate(data.get("risk_indicators", []), start=1):
        save_row(
            RiskIndicator(
                organization=organization,
                code=row["code"],
                name=row["name"],
                description=row.get("description", ""),
                order=row.get("order", 100 + order),
            ),
            f"indicatore di rischio «{row['code']}»",
        )
    areas = {a.code: a for a in RiskArea.objects.all()}
    indicators = {i.code: i for i in indicators_for(organization)}
    templates = {t.code: t for t in ProcessTemplate.objects.all()}
    processes = {}
    for order, row in enumerate(data.get("risk_processes", []), start=1):
        where = f"processo «{row.get('code')}»"
        process = Process(organization=organization, plan=plan, **values_for(Process, row, PROCESS_FIELDS))
        process.order = row.get("order", order)
        process.area = lookup(areas, row.get("area"), where, "area di rischio")
        process.unit = lookup(units, row.get("unit"), where, "unità")
        if process.area is None or process.unit is None:
            raise ImportProblem(f"{where}: area di rischio e unità sono obbligatorie.")
        process.template = templates.get(row.get("template"))
        processes[row["code"]] = save_row(process, where)
        RiskEvent.objects.bulk_create(
            RiskEvent(organization=organization, process=process, description=text, order=n)
            for n, text in enumerate(row.get("events", []), start=1)
        )
        for item in row.get("assessments", []):
            _import_assessment(process, item, rule, indicators, f"{where}, valutazione {item.get('year')}")
    objectives = {(o.unit.code, o.number): o for o in plan.objectives.select_related("unit")}
    courses = {(c.year, c.title): c for c in plan.courses.all()}
    general = {g.code: g for g in GeneralMeasure.objects.all()}
    types = {t.code: t for t in MeasureType.objects.all()}
    for order, row in enumerate(data.get("risk_measures", []), start=1):
        where = f"misura «{row.get('title', '')[:50]}»"
        measure = Measure(organization=organization, plan=plan, **values_for(Measure, row, MEASURE_FIELDS))
        measure.order = row.get("order", order)
        measure.process = lookup(processes, row.get("process"), where, "processo")
        measure.general_measure = lookup(general, row.get("general_measure"), where, "misura generale")
        measure.measure_type = lookup(types, row.get("measure_type"), where, "tipologia di misura")
        measure.owner_unit = lookup(units, row.get("owner_unit"), where, "unità")
        link = row.get("objective")
        if link:
            measure.objective = lookup(objectives, (link["unit"], link["number"]), where, "obiettivo")
        course = row.get("training_course")
        if course:
            measure.training_course = lookup(courses, (course["year"], course["title"]), where, "corso")
        save_row(measure, where)
        for item in row.get("monitoring", []):
            record = MonitoringRecord(
                organization=organization,
                measure=measure,
                **values_for(MonitoringRecord, item, RECORD_FIELDS),
            )
            save_row(record, f"{where}, monitoraggio")
    for row in data.get("rpct_reports", []):
        save_row(
            RpctReport(
                organization=organization, plan=plan, year=row["year"], remarks=row.get("remarks", "")
            ),
            f"relazione del RPCT {row['year']}",
        )


def _import_assessment(process, item: dict, rule: str, indicators: dict, where: str) -> None:
    """Recompute the synthetic judgment from the judgments: the document's level is not trusted."""
    judgments = {
        lookup(indicators, code, where, "indicatore"): (value["level"], value.get("reason", ""))
        for code, value in (item.get("judgments") or {}).items()
    }
    try:
        computed = judgment.synthetic_judgment([level for level, _ in judgments.values()], rule)
        judgment.apply_override(computed, item.get("override_level", ""), item.get("override_motivation", ""))
    except judgment.JudgmentError as error:
        raise ImportProblem(f"{where}: {error}") from None
    assessment = save_row(
        Assessment(
            organization=process.organization,
            process=process,
            year=item["year"],
            computed_level=computed.level or "",
            rule=rule,
            motivation=item.get("motivation", ""),
            override_level=item.get("override_level", ""),
            override_motivation=item.get("override_motivation", ""),
        ),
        where,
    )
    for indicator, (level, reason) in judgments.items():
        save_row(
            IndicatorJudgment(
                organization=process.organization,
                assessment=assessment,
                indicator=indicator,
                level=level,
                reason=reason,
            ),
            f"{where}, indicatore {indicator.code}",
        )
