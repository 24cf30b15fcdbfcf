"""The risk register in the plan's JSON (docs/export-format.md, "Rischi corruttivi").

Keys: "risk_settings", "risk_indicators" (the ente's own indicators), "risk_processes" (with
events and assessments), "risk_measures" (with monitoring) and "rpct_reports". Processes are
named by `code`, areas, indicators and general measures by their catalogue codes, units by
code, objectives by unit code and number.
"""

from openpiao.core.exchange import (
    SKIPPED,
    Audience,
    ImportProblem,
    at,
    dec,
    fields_of,
    lookup,
    row,
    rows,
    save_row,
    section,
    show,
    text,
    texts,
    values_for,
    whole,
    write_pending,
)

from . import judgment, numeric
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
from .services import assess

PROCESS_FIELDS = [
    "code",
    "name",
    "description",
    "input",
    "activities",
    "output",
    "owner",
    "public_value",
    "piao_sections",
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
        .prefetch_related("events", "assessments__judgments__indicator", "objectives__unit")
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
            "scale": list(settings.scale if settings else judgment.DEFAULT_SCALE.labels),
            "method": settings.method if settings else numeric.QUALITATIVE,
            "numeric_bounds": list(settings.numeric_bounds) if settings else [],
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
        "objectives": sorted(
            ({"unit": o.unit.code, "number": o.number} for o in process.objectives.all()),
            key=lambda link: (link["unit"], link["number"]),
        ),
        "events": [_export_event(e) for e in process.events.all()],
        "assessments": [
            {
                "year": a.year,
                "judgments": {
                    j.indicator.code: {"level": j.level, "reason": j.reason} for j in a.judgments.all()
                },
                **({"scores": a.scores, "score": dec(a.score)} if a.scores else {}),
                "computed_level": a.computed_level,
                "rule": a.rule,
                "motivation": a.motivation,
                "override_level": a.override_level,
                "override_motivation": a.override_motivation,
            }
            for a in process.assessments.all()
        ],
    }


EVENT_LISTS = ("phases", "owners", "enabling_factors")


def _export_event(event: RiskEvent) -> str | dict:
    """The description alone, or with its lists (phases, owners, enabling factors) when it has any."""
    if not any(getattr(event, name) for name in EVENT_LISTS):
        return event.description
    return {"description": event.description, **{name: getattr(event, name) for name in EVENT_LISTS}}


def _import_event(process, item, n: int, path: str) -> None:
    if isinstance(item, str):
        item = {"description": item}
    if not isinstance(item, dict):
        raise ImportProblem(
            f"{path}: atteso un testo o un oggetto {{description, phases, owners, enabling_factors}}."
        )
    lists = {name: texts(item, name, path) for name in EVENT_LISTS}
    save_row(RiskEvent(process=process, description=text(item, "description", path), order=n, **lists), path)


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
    settings = section(data, "risk_settings") or {}
    saved = RiskSettings(plan=plan)  # the defaults, if the document's are refused
    with row():
        settings_row = RiskSettings(
            plan=plan,
            judgment_rule=text(settings, "judgment_rule", "risk_settings", judgment.MODE_WORST),
            **values_for(
                RiskSettings, settings, ["report_due", "scale", "method", "numeric_bounds"], "risk_settings"
            ),
        )
        saved = save_row(settings_row, "risk_settings")
    for order, (path, item) in enumerate(rows(data, "risk_indicators"), start=1):
        with row():
            values = values_for(RiskIndicator, item, ["code", "name", "description", "order"], path)
            values.setdefault("order", 100 + order)
            save_row(RiskIndicator(organization=organization, **values), path)
    write_pending()  # the ente's indicators, read back with the national ones
    areas = {a.code: a for a in RiskArea.objects.all()}
    indicators = {i.code: i for i in indicators_for(organization)}
    templates = {t.code: t for t in ProcessTemplate.objects.all()}
    processes = {}
    objective_links = []  # (process, its path, the document's links): objectives are read later
    for order, (path, item) in enumerate(rows(data, "risk_processes"), start=1):
        with row():
            code = item.get("code") if isinstance(item.get("code"), str) else None
            processes[code] = SKIPPED
            process = Process(plan=plan, **values_for(Process, item, PROCESS_FIELDS, path))
            if item.get("order") is None:
                process.order = order
            process.area = lookup(areas, item.get("area"), at(path, "area"), "area di rischio")
            process.unit = lookup(units, item.get("unit"), at(path, "unit"), "unità")
            if process.area is None or process.unit is None:
                raise ImportProblem(f"{path}: area di rischio e unità sono obbligatorie.")
            template = item.get("template")
            process.template = templates.get(template) if isinstance(template, str) else None
            events = item.get("events") or []
            if not isinstance(events, list):
                raise ImportProblem(
                    f"{at(path, 'events')}: attesa una lista di testi (o di eventi con fasi, "
                    "soggetti responsabili e fattori abilitanti)."
                )
            processes[code] = save_row(process, path)
            links = item.get("objectives") or []
            if not isinstance(links, list):
                raise ImportProblem(
                    f"{at(path, 'objectives')}: attesa una lista di obiettivi {{unit, number}}."
                )
            if links:
                objective_links.append((process, path, links))
            for n, event in enumerate(events, start=1):
                with row():
                    _import_event(process, event, n, at(at(path, "events"), n - 1))
            for here, part in rows(item, "assessments", path):
                with row():
                    _import_assessment(process, part, saved, indicators, here)
    objectives = {(o.unit.code, o.number): o for o in plan.objectives.select_related("unit")}
    for key in context.get("refused_objectives", ()):
        objectives[key] = SKIPPED
    _link_objectives(objective_links, objectives)
    courses = {(c.year, c.title): c for c in plan.courses.all()}
    general = {g.code: g for g in GeneralMeasure.objects.all()}
    types = {t.code: t for t in MeasureType.objects.all()}
    for order, (path, item) in enumerate(rows(data, "risk_measures"), start=1):
        with row():
            measure = Measure(plan=plan, **values_for(Measure, item, MEASURE_FIELDS, path))
            if item.get("order") is None:
                measure.order = order
            measure.process = lookup(processes, item.get("process"), at(path, "process"), "processo")
            measure.general_measure = lookup(
                general, item.get("general_measure"), at(path, "general_measure"), "misura generale"
            )
            measure.measure_type = lookup(
                types, item.get("measure_type"), at(path, "measure_type"), "tipologia di misura"
            )
            measure.owner_unit = lookup(units, item.get("owner_unit"), at(path, "owner_unit"), "unità")
            link = section(item, "objective", path)
            if link:
                here = at(path, "objective")
                key = (text(link, "unit", here), whole(link, "number", here, required=True))
                if objectives.get(key) is None:
                    raise ImportProblem(
                        f"{here}: obiettivo n. {key[1]} dell'unità {show(key[0])} non presente nel documento."
                    )
                measure.objective = lookup(objectives, key, here, "obiettivo")
            course = section(item, "training_course", path)
            if course:
                here = at(path, "training_course")
                key = (whole(course, "year", here, required=True), text(course, "title", here))
                if key not in courses:
                    raise ImportProblem(
                        f"{here}: corso {show(key[1])} del {key[0]} non presente nel piano della formazione."
                    )
                measure.training_course = courses[key]
            save_row(measure, path)
            for here, part in rows(item, "monitoring", path):
                with row():
                    save_row(
                        MonitoringRecord(
                            measure=measure,
                            **values_for(MonitoringRecord, part, RECORD_FIELDS, here),
                        ),
                        here,
                    )
    for path, item in rows(data, "rpct_reports"):
        with row():
            save_row(
                RpctReport(
                    plan=plan,
                    year=whole(item, "year", path, required=True),
                    remarks=text(item, "remarks", path),
                ),
                path,
            )


def _link_objectives(objective_links, objectives: dict) -> None:
    """The performance objectives of each process (mappa integrata), by unit code and number."""
    write_pending()  # the processes, to link them
    through = Process.objectives.through
    for process, path, links in objective_links:
        if process.pk is None:
            continue  # the process was refused
        chosen = []
        for n, link in enumerate(links):
            here = at(at(path, "objectives"), n)
            with row():
                if not isinstance(link, dict):
                    raise ImportProblem(f"{here}: atteso un oggetto {{unit, number}}.")
                key = (text(link, "unit", here), whole(link, "number", here, required=True))
                if key not in objectives:
                    raise ImportProblem(
                        f"{here}: obiettivo n. {key[1]} dell'unità {show(key[0])} non presente nel documento."
                    )
                objective = lookup(objectives, key, here, "obiettivo")
                if objective not in chosen:
                    chosen.append(objective)
        through.objects.bulk_create(through(process_id=process.pk, objective_id=o.pk) for o in chosen)


def _import_assessment(process, item: dict, settings: RiskSettings, indicators: dict, path: str) -> None:
    """Recompute the synthetic judgment from the judgments (or the numeric scores) under the
    ente's scale and method: the document's level and score are not trusted."""
    judgments = {}
    here = at(path, "judgments")
    for code, value in (section(item, "judgments", path) or {}).items():
        where = at(here, code)
        if not isinstance(value, dict):
            raise ImportProblem(f"{where}: atteso un oggetto {{level, reason}}.")
        indicator = lookup(indicators, code, where, "indicatore")
        judgments[indicator] = (text(value, "level", where), text(value, "reason", where))
    override_level = text(item, "override_level", path)
    override_motivation = text(item, "override_motivation", path)
    scores = section(item, "scores", path) or {}
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in scores.values()):
        raise ImportProblem(f"{at(path, 'scores')}: ogni criterio ha per valore un numero intero.")
    try:
        computed, score = assess(
            settings=settings, levels=[level for level, _ in judgments.values()], scores=scores
        )
        judgment.apply_override(computed, override_level, override_motivation)
    except (judgment.JudgmentError, numeric.NumericError) as error:
        raise ImportProblem(f"{path}: {error}") from None
    assessment = save_row(
        Assessment(
            process=process,
            year=whole(item, "year", path, required=True),
            computed_level=computed.level or "",
            scores=scores,
            score=score,
            rule=settings.judgment_rule,
            motivation=text(item, "motivation", path),
            override_level=override_level,
            override_motivation=override_motivation,
        ),
        path,
    )
    for indicator, (level, reason) in judgments.items():
        save_row(
            IndicatorJudgment(
                assessment=assessment,
                indicator=indicator,
                level=level,
                reason=reason,
            ),
            at(here, indicator.code),
        )
