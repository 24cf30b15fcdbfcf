"""Writes of the risk register: keyword-only, plain values (model field names → cleaned
values), each atomic, version-checked where users edit, and audited."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from openpiao.core.audit import Action, delete_audited, record, save_audited
from openpiao.core.history import bulk_create_tracked, record_versions
from openpiao.core.locking import save_if_unchanged
from openpiao.core.rows import RowEdit, save_rows, set_values, validate

from . import judgment, numeric, small_comuni
from .catalogue import numeric_criteria, starter_codes
from .models import (
    Assessment,
    GeneralMeasure,
    IndicatorJudgment,
    Measure,
    MeasureType,
    MonitoringRecord,
    Process,
    ProcessTemplate,
    RiskEvent,
    RiskSettings,
    RpctReport,
)
from .selectors import settings_for


@transaction.atomic
def adopt_templates(*, plan, choices, user) -> list[Process]:
    """Copy processes of the starter map into the plan: (template, unit) pairs.

    Each becomes a process with its risk events and the suggested specific measures (owned by
    the same unit, to be completed with deadline and owner). Templates already adopted are skipped.
    """
    existing = set(plan.risk_processes.values_list("code", flat=True))
    types = {t.code: t for t in MeasureType.objects.all()}
    order = plan.risk_processes.count()
    created = []
    for template, unit in choices:
        code = template.code.lower()
        if code in existing:
            continue
        order += 1
        process = Process.objects.create(
            plan=plan,
            code=code,
            area=template.area,
            unit=unit,
            name=template.name,
            input=template.input,
            activities=template.activities,
            output=template.output,
            public_value=template.public_value,
            template=template,
            order=order,
        )
        bulk_create_tracked(
            RiskEvent,
            (
                RiskEvent(process=process, description=text, order=n)
                for n, text in enumerate(template.events, 1)
            ),
            user=user,
            reason=Action.STARTER_MAP_ADOPTED,
        )
        measures = [
            Measure(
                plan=plan,
                kind="specific",
                process=process,
                measure_type=types.get(m.get("type")),
                title=m["title"],
                indicator=m.get("indicator", ""),
                target=m.get("target", ""),
                owner_unit=unit,
                order=n,
            )
            for n, m in enumerate(template.measures, start=1)
        ]
        bulk_create_tracked(Measure, measures, user=user, reason=Action.STARTER_MAP_ADOPTED)
        created.append(process)
    record(
        organization=plan.organization,
        user=user,
        action=Action.STARTER_MAP_ADOPTED,
        processes=[p.code for p in created],
    )
    return created


@dataclass(frozen=True)
class Seeded:
    processes: list[Process]
    measures: list[Measure]
    without_unit: list[str]  # processes left out: no unit of the ente matches their usual unit


@transaction.atomic
def seed_small_comune(*, plan, user) -> Seeded:
    """Seed sottosezione 2.3 of a small comune (Aggiornamento 2024 al PNA 2022): the processes of
    the starter map in the areas of art. 6 DM 132/2022, each given the ente's unit whose code is
    the process's usual unit, and the general measures the update makes mandatory. What the plan
    already holds is kept; the rest is to be assessed and completed like any adopted row."""
    units = {unit.code: unit for unit in plan.units.all()}
    templates = ProcessTemplate.objects.filter(
        code__in=starter_codes(plan.governing_versions), area__code__in=small_comuni.area_codes()
    ).order_by("area__order", "order")
    choices, without_unit = [], []
    for template in templates:
        if unit := units.get(template.unit_hint):
            choices.append((template, unit))
        else:
            without_unit.append(template.name)
    processes = adopt_templates(plan=plan, choices=choices, user=user)
    present = set(plan.risk_measures.filter(kind="general").values_list("general_measure__code", flat=True))
    order = plan.risk_measures.count()
    measures = [
        Measure(plan=plan, kind="general", general_measure=measure, title=measure.name, order=order + n)
        for n, measure in enumerate(
            GeneralMeasure.objects.filter(code__in=small_comuni.general_measure_codes())
            .exclude(code__in=present)
            .order_by("code"),
            start=1,
        )
    ]
    bulk_create_tracked(Measure, measures, user=user, reason=Action.STARTER_MAP_ADOPTED)
    record(
        organization=plan.organization,
        user=user,
        action=Action.STARTER_MAP_ADOPTED,
        small_comuni=True,
        general_measures=[m.general_measure.code for m in measures],
    )
    return Seeded(processes, measures, without_unit)


@transaction.atomic
def save_process(
    *,
    plan,
    process: Process | None,
    values: dict[str, Any],
    events: list[RowEdit],
    expected_version: int | None = None,
    user,
) -> Process:
    """Create (`process` None) or update a process, with its risk events, as one change.

    `values` may name the `objectives` of the plan that concern it (mappa integrata, PNA 2025)."""
    process = process or Process(plan=plan)
    created = process.pk is None
    values = dict(values)
    objectives = values.pop("objectives", None)
    if objectives is not None and any(o.plan_id != plan.pk for o in objectives):
        raise ValidationError({"objectives": "Gli obiettivi devono appartenere allo stesso piano."})
    set_values(process, values)
    save_audited(
        process,
        user=user,
        action=Action.PROCESS_CREATED if created else Action.PROCESS_CHANGED,
        expected_version=expected_version,
        fields=values,
        **({"objectives": [str(o) for o in objectives]} if objectives is not None else {}),
    )
    if objectives is not None:
        process.objectives.set(objectives)
    save_rows(
        events,
        queryset=RiskEvent.objects.filter(process=process),
        new=lambda: RiskEvent(process=process),
    )
    return process


def delete_process(*, process: Process, user) -> None:
    delete_audited(process, user=user, action=Action.PROCESS_DELETED, name=process.name)


@transaction.atomic
def save_assessment(
    *,
    process: Process,
    year: int,
    judgments: dict,
    motivation: str,
    override_level: str,
    override_motivation: str,
    expected_version: int | None,
    user,
    scores: dict[str, int] | None = None,
) -> Assessment:
    """Store the indicator judgments (or, under the numeric method, the criteria's scores),
    compute the synthetic judgment on the ente's scale and apply the RPCT's override.

    `judgments` maps RiskIndicator → (level, reason); an empty level removes the judgment.
    Raises judgment.JudgmentError or numeric.NumericError (a level outside the scale, a value
    the Allegato does not foresee, an override without motivation) and locking.StaleEdit.
    """
    settings = settings_for(process.plan)
    rule = settings.judgment_rule
    scores = {code: value for code, value in (scores or {}).items() if value is not None}
    levels = [level for level, _ in judgments.values() if level]
    computed, score = assess(settings=settings, levels=levels, scores=scores)
    judgment.apply_override(computed, override_level, override_motivation)
    assessment = Assessment.objects.filter(process=process, year=year).first()
    values = {
        "computed_level": computed.level or "",
        "score": score,
        "scores": scores,
        "rule": rule,
        "motivation": motivation,
        "override_level": override_level,
        "override_motivation": override_motivation if override_level else "",
    }
    if assessment is None:
        assessment = Assessment.objects.create(process=process, year=year, **values)
    else:
        for name, value in values.items():
            setattr(assessment, name, value)
        save_if_unchanged(assessment, expected_version or 0, list(values))
    assessment.judgments.all().delete()
    rows = [
        IndicatorJudgment(assessment=assessment, indicator=indicator, level=level, reason=reason)
        for indicator, (level, reason) in judgments.items()
        if level
    ]
    bulk_create_tracked(IndicatorJudgment, rows, user=user, reason=Action.RISK_ASSESSMENT_SAVED)
    record(
        organization=process.organization,
        user=user,
        action=Action.RISK_ASSESSMENT_SAVED,
        obj=assessment,
        level=assessment.level,
        override=bool(override_level),
    )
    return assessment


def save_measure(
    *, plan, measure: Measure | None, values: dict[str, Any], expected_version: int | None = None, user
) -> Measure:
    """Create (`measure` None) or update a measure of prevention."""
    measure = measure or Measure(plan=plan)
    created = measure.pk is None
    set_values(measure, values)
    return save_audited(
        measure,
        user=user,
        action=Action.MEASURE_CREATED if created else Action.MEASURE_CHANGED,
        expected_version=expected_version,
        fields=values,
    )


@transaction.atomic
def record_monitoring(*, measure: Measure, values: dict[str, Any], user) -> MonitoringRecord:
    """Add a monitoring record (date, status, value, evidence); the measure takes the state it
    reports."""
    monitoring = MonitoringRecord(
        measure=measure,
        recorded_by=user if getattr(user, "is_authenticated", False) else None,
        **values,
    )
    validate(monitoring)
    monitoring.save()
    # A new version: an edit form opened before this record must not put the old status back.
    Measure.objects.filter(pk=measure.pk).update(status=monitoring.status, version=F("version") + 1)
    measure.status, measure.version = monitoring.status, measure.version + 1
    record_versions([measure])  # the status it now has, in the measure's history
    record(
        organization=measure.organization,
        user=user,
        action=Action.MONITORING_RECORDED,
        obj=measure,
        status=monitoring.status,
        date=monitoring.date.isoformat(),
    )
    return monitoring


@transaction.atomic
def save_settings(
    *, plan, settings: RiskSettings | None, values: dict[str, Any], expected_version: int | None = None, user
) -> tuple[RiskSettings, int]:
    """Save the settings (`settings` None: the plan has none stored yet); assessments judged
    under another rule are judged again under the new one.

    Returns the settings and how many synthetic judgments were recomputed. The RPCT's motivated
    override stays: it replaces whatever level the rule gives.
    """
    item = settings or RiskSettings(plan=plan)
    set_values(item, values)
    # In the same transaction: a refused or stale save leaves the assessments as they were.
    item.full_clean(exclude=["plan"])
    recomputed = _apply_rule(plan, item)
    save_audited(
        item,
        user=user,
        action=Action.RISK_SETTINGS_SAVED,
        expected_version=expected_version,
        fields=values,
        rule=item.judgment_rule,
        recomputed=recomputed,
    )
    return item, recomputed


def assess(*, settings: RiskSettings, levels: list[str], scores: dict[str, int]):
    """The computed judgment (with its working) and the numeric score, under the ente's method
    and scale. Every level is checked against the scale, whichever the method."""
    scale = settings.level_scale
    qualitative = judgment.synthetic_judgment(levels, settings.judgment_rule, scale)
    if settings.method != numeric.NUMERIC:
        return qualitative, None
    criteria, norm = numeric_criteria()
    result = numeric.numeric_assessment(scores, criteria, settings.numeric_bounds, scale, norm)
    return judgment.Judgment(result.level, result.steps, scale), result.score


def _apply_rule(plan, settings: RiskSettings) -> int:
    """Judge again every assessment of the plan under the saved scale, method and rule; a level
    the new scale lacks refuses the change (nothing is renamed silently)."""
    assessments = list(Assessment.objects.filter(process__plan=plan).prefetch_related("judgments"))
    changed = []
    for assessment in assessments:
        levels = [j.level for j in assessment.judgments.all()]
        try:
            computed, score = assess(settings=settings, levels=levels, scores=assessment.scores)
            if assessment.override_level:
                settings.level_scale.rank(assessment.override_level)
        except (judgment.JudgmentError, numeric.NumericError) as error:
            raise ValidationError(
                {
                    "scale": f"La valutazione di «{assessment.process}» ({assessment.year}) usa un livello "
                    f"o un valore che le nuove impostazioni non prevedono: {error}"
                }
            ) from None
        new = (computed.level or "", score, settings.judgment_rule)
        if (assessment.computed_level, assessment.score, assessment.rule) != new:
            assessment.computed_level, assessment.score, assessment.rule = new
            changed.append(assessment)
    Assessment.objects.bulk_update(changed, ["computed_level", "score", "rule"])
    return len(changed)


def save_rpct_report(
    *, plan, report: RpctReport | None, values: dict[str, Any], expected_version: int | None = None, user
) -> RpctReport:
    """The RPCT's remarks for the plan's reference year (`report` None: none stored yet)."""
    report = report or RpctReport(plan=plan, year=plan.reference_year)
    set_values(report, values)
    return save_audited(
        report, user=user, action=Action.RPCT_REPORT_SAVED, expected_version=expected_version, fields=values
    )
