"""Writes of the risk register: each atomic, version-checked where users edit, and logged."""

from django.db import transaction
from django.db.models import F

from openpiao.core import audit
from openpiao.core.locking import save_form, save_if_unchanged

from . import judgment
from .models import Assessment, IndicatorJudgment, Measure, MeasureType, Process, RiskEvent, RiskSettings


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
        RiskEvent.objects.bulk_create(
            RiskEvent(process=process, description=text, order=n)
            for n, text in enumerate(template.events, start=1)
        )
        Measure.objects.bulk_create(
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
        )
        created.append(process)
    audit.record(
        organization=plan.organization,
        user=user,
        action="mappa tipo adottata",
        processes=[p.code for p in created],
    )
    return created


@transaction.atomic
def save_process(*, form, events, user) -> Process:
    """Create or update a process with its risk events (inline formset)."""
    process, created = save_form(form)
    action = "processo creato" if created else "processo modificato"
    events.instance = process
    events.save()
    audit.record(organization=process.organization, user=user, action=action, obj=process)
    return process


@transaction.atomic
def delete_process(*, process: Process, user) -> None:
    audit.record(
        organization=process.organization,
        user=user,
        action="processo eliminato",
        obj=process,
        name=process.name,
    )
    process.delete()


def settings_for(plan) -> RiskSettings:
    """The plan's settings, or the defaults (unsaved) if nobody changed them."""
    try:
        return plan.risk_settings
    except RiskSettings.DoesNotExist:
        return RiskSettings(plan=plan)


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
) -> Assessment:
    """Store the indicator judgments, compute the synthetic judgment and apply the RPCT's override.

    `judgments` maps RiskIndicator → (level, reason); an empty level removes the judgment.
    Raises judgment.JudgmentError (override without motivation) and locking.StaleEdit.
    """
    rule = settings_for(process.plan).judgment_rule
    levels = [level for level, _ in judgments.values() if level]
    computed = judgment.synthetic_judgment(levels, rule)
    judgment.apply_override(computed, override_level, override_motivation)
    assessment = Assessment.objects.filter(process=process, year=year).first()
    values = {
        "computed_level": computed.level or "",
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
    IndicatorJudgment.objects.bulk_create(
        IndicatorJudgment(
            assessment=assessment,
            indicator=indicator,
            level=level,
            reason=reason,
        )
        for indicator, (level, reason) in judgments.items()
        if level
    )
    audit.record(
        organization=process.organization,
        user=user,
        action="valutazione del rischio salvata",
        obj=assessment,
        level=assessment.level,
        override=bool(override_level),
    )
    return assessment


@transaction.atomic
def save_measure(*, form, user) -> Measure:
    measure, created = save_form(form)
    action = "misura creata" if created else "misura modificata"
    audit.record(organization=measure.organization, user=user, action=action, obj=measure)
    return measure


@transaction.atomic
def record_monitoring(*, measure: Measure, form, user):
    """Add a monitoring record; the measure takes the state it reports."""
    record = form.save(commit=False)
    record.measure = measure
    record.recorded_by = user if user.is_authenticated else None
    record.save()
    # A new version: an edit form opened before this record must not put the old status back.
    Measure.objects.filter(pk=measure.pk).update(status=record.status, version=F("version") + 1)
    audit.record(
        organization=measure.organization,
        user=user,
        action="monitoraggio registrato",
        obj=measure,
        status=record.status,
        date=record.date.isoformat(),
    )
    return record


@transaction.atomic
def save_settings(*, form, user) -> tuple[RiskSettings, int]:
    """Save the settings; assessments judged under another rule are judged again under the new one.

    Returns the settings and how many synthetic judgments were recomputed. The RPCT's motivated
    override stays: it replaces whatever level the rule gives.
    """
    item, _ = save_form(form)
    recomputed = _apply_rule(item.plan, item.judgment_rule)
    audit.record(
        organization=item.organization,
        user=user,
        action="impostazioni dei rischi salvate",
        obj=item,
        rule=item.judgment_rule,
        recomputed=recomputed,
    )
    return item, recomputed


def _apply_rule(plan, rule: str) -> int:
    stale = list(
        Assessment.objects.filter(process__plan=plan).exclude(rule=rule).prefetch_related("judgments")
    )
    for assessment in stale:
        levels = [j.level for j in assessment.judgments.all()]
        assessment.computed_level = judgment.synthetic_judgment(levels, rule).level or ""
        assessment.rule = rule
    Assessment.objects.bulk_update(stale, ["computed_level", "rule"])
    return len(stale)


@transaction.atomic
def save_rpct_report(*, form, user):
    report, _ = save_form(form)
    audit.record(organization=report.organization, user=user, action="relazione del RPCT salvata", obj=report)
    return report
