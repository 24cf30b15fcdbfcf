"""The measurement cycle in the plan's JSON (key "evaluation", see docs/export-format.md).

Exported: the SMVP parameters (with criteria and merit bands), every revision of every review
with its values and phase progress, the bonus funds, and the computed scores (objective,
unit, ente) so an outside reader can check them against the rules. Individual assessments
are personal data: the importer accepts them (demo data, migrations) but the open-data
export never writes them.

Objectives are referred to by unit code + number, indicators and phases by their position
(1-based) in the scheda, like the performance section writes them.
"""

from collections import defaultdict
from datetime import datetime

from django.utils import timezone

from openpiao.core.exchange import (
    Audience,
    ImportProblem,
    dec,
    fields_of,
    lookup,
    save_row,
    to_date,
    values_for,
)
from openpiao.performance.models import Objective

from . import selectors
from .models import (
    BehaviourAssessment,
    BehaviourCriterion,
    BehaviourVote,
    BonusFund,
    EvaluationSystem,
    MeritBand,
    Review,
    ReviewPhase,
    ReviewValue,
)

SYSTEM_FIELDS = EvaluationSystem.PARAMETERS
CRITERION_FIELDS = ["name", "description", "weight", "scope"]
BAND_FIELDS = ["label", "min_score", "coefficient"]
REVIEW_FIELDS = ["kind", "revision", *Review.ENTERED]
VALUE_FIELDS = ReviewValue.MEASURED


# --- Export -----------------------------------------------------------------------------


def export_section(plan, audience: Audience) -> dict:
    """The same for every audience: individual assessments are never exported."""
    card = selectors.scorecard(plan)
    system = EvaluationSystem.objects.filter(plan=plan).prefetch_related("criteria", "bands").first()
    reviews = selectors.reviews_of(plan).select_related("objective__unit")
    reviews = list(reviews.order_by("objective_id", "kind", "revision"))
    positions = _positions(card)
    return {
        "evaluation": {
            "system": _export_system(system) if system else None,
            "reviews": [_export_review(r, positions) for r in reviews],
            "bonus_funds": [
                {"unit": f.unit.code if f.unit_id else None, **fields_of(f, ["amount", "description"])}
                for f in BonusFund.objects.filter(plan=plan).select_related("unit").order_by("unit__code")
            ],
            "scores": _export_scores(card),
        }
    }


def _positions(card) -> dict:
    """Indicator and phase ids → their 1-based position in the scheda."""
    positions = {}
    for result in card.objectives:
        for n, indicator in enumerate(result.objective.indicators.all(), start=1):
            positions[("indicator", indicator.pk)] = n
        for n, phase in enumerate(result.objective.phases.all(), start=1):
            positions[("phase", phase.pk)] = n
    return positions


def _export_system(system: EvaluationSystem) -> dict:
    return {
        **fields_of(system, SYSTEM_FIELDS),
        "criteria": [fields_of(c, CRITERION_FIELDS) for c in system.criteria.all()],
        "bands": [fields_of(b, BAND_FIELDS) for b in system.bands.all()],
    }


def _export_review(review: Review, positions: dict) -> dict:
    return {
        "unit": review.objective.unit.code,
        "objective": review.objective.number,
        **fields_of(review, REVIEW_FIELDS),
        "revision_reason": review.revision_reason,
        "entered_by": review.author_display,
        "validated_by": review.validator_display if review.is_validated else None,
        "validated_at": review.validated_at.isoformat() if review.validated_at else None,
        "demo": review.is_demo,
        "values": [
            {"indicator": positions[("indicator", v.indicator_id)], **fields_of(v, VALUE_FIELDS)}
            for v in sorted(review.values.all(), key=lambda v: positions[("indicator", v.indicator_id)])
        ],
        "phases": [
            {
                "phase": positions[("phase", p.phase_id)],
                "actual_months": p.actual_months,
                "completed": p.completed,
            }
            for p in sorted(review.phase_progress.all(), key=lambda p: positions[("phase", p.phase_id)])
        ],
    }


def _export_scores(card) -> dict:
    return {
        "ente": {"score": dec(card.ente.value), "method": card.system.ente_method},
        "units": [{"unit": u.unit.code, "score": dec(u.score.value)} for u in card.units],
        "objectives": [
            {
                "unit": r.objective.unit.code,
                "objective": r.objective.number,
                "review": r.current.review.kind if r.current else None,
                "value_mean": dec(r.current.value_mean.value) if r.current else None,
                "time_mean": dec(r.current.time_mean.value) if r.current else None,
                "score": dec(r.score),
            }
            for r in card.objectives
        ],
    }


# --- Import -----------------------------------------------------------------------------


def import_section(plan, data: dict, context: dict) -> None:
    section = data.get("evaluation")
    if not section:
        return
    organization = plan.organization
    system = _import_system(plan, section.get("system"))
    objectives = {
        (o.unit.code, o.number): o
        for o in Objective.objects.filter(plan=plan)
        .select_related("unit")
        .prefetch_related("indicators", "phases")
    }
    previous: dict[tuple, Review] = {}
    rows = sorted(section.get("reviews") or [], key=lambda r: r.get("revision") or 1)
    for row in rows:
        _import_review(plan, row, objectives, previous)
    units = context.get("units", {})
    for row in section.get("bonus_funds") or []:
        where = "fondo per la performance"
        fund = BonusFund(organization=organization, plan=plan, **values_for(BonusFund, row, ["amount"]))
        fund.description = row.get("description") or ""
        fund.unit = lookup(units, row.get("unit"), where, "unità")
        save_row(fund, where)
    assessments = section.get("behaviour_assessments") or []
    _import_assessments(plan, system, assessments, context.get("employees", {}))


def _import_system(plan, row: dict | None) -> EvaluationSystem | None:
    if not row:
        return None
    where = "sistema di misurazione e valutazione"
    system = save_row(
        EvaluationSystem(
            organization=plan.organization, plan=plan, **values_for(EvaluationSystem, row, SYSTEM_FIELDS)
        ),
        where,
    )
    for order, item in enumerate(row.get("criteria") or [], start=1):
        save_row(
            BehaviourCriterion(
                organization=plan.organization,
                system=system,
                order=order,
                **values_for(BehaviourCriterion, item, CRITERION_FIELDS),
            ),
            f"{where}, comportamento {order}",
        )
    for item in row.get("bands") or []:
        save_row(
            MeritBand(
                organization=plan.organization, system=system, **values_for(MeritBand, item, BAND_FIELDS)
            ),
            f"{where}, fascia «{item.get('label', '')}»",
        )
    return system


def _import_review(plan, row: dict, objectives: dict, previous: dict) -> None:
    key = (row.get("unit"), row.get("objective"))
    where = f"verifica dell'obiettivo {key[0]} n. {key[1]}"
    objective = objectives.get(key)
    if objective is None:
        raise ImportProblem(f"{where}: obiettivo non presente nel documento.")
    values = values_for(Review, row, REVIEW_FIELDS)
    review = Review(organization=plan.organization, plan=plan, objective=objective, **values)
    review.revision_reason = row.get("revision_reason") or ""
    review.entered_by_name = row.get("entered_by") or ""
    review.is_demo = bool(row.get("demo"))
    review.supersedes = previous.get((objective.pk, review.kind))
    save_row(review, where)
    previous[(objective.pk, review.kind)] = review
    indicators = list(objective.indicators.all())
    phases = list(objective.phases.all())
    for item in row.get("values") or []:
        here = f"{where}, indicatore {item.get('indicator')}"
        indicator = _at(indicators, item.get("indicator"), here)
        save_row(
            ReviewValue(
                organization=plan.organization,
                review=review,
                indicator=indicator,
                **values_for(ReviewValue, item, VALUE_FIELDS),
            ),
            here,
        )
    for item in row.get("phases") or []:
        here = f"{where}, fase {item.get('phase')}"
        phase = _at(phases, item.get("phase"), here)
        save_row(
            ReviewPhase(
                organization=plan.organization,
                review=review,
                phase=phase,
                actual_months=item.get("actual_months") or [],
                completed=bool(item.get("completed")),
            ),
            here,
        )
    if row.get("validated_at"):
        if review.kind != "final":
            raise ImportProblem(f"{where}: si valida solo la verifica finale.")
        # Values first, validation last: a validated review refuses any further row.
        Review.objects.filter(pk=review.pk).update(
            validated_at=_when(row["validated_at"], where), validated_by_name=row.get("validated_by") or ""
        )


def _at(items: list, position, where: str):
    try:
        index = int(position)
    except (TypeError, ValueError):
        raise ImportProblem(f"{where}: posizione non valida.") from None
    if not 1 <= index <= len(items):
        raise ImportProblem(f"{where}: la scheda ne ha {len(items)}.")
    return items[index - 1]


def _when(value, where: str):
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        raise ImportProblem(f"{where}: data di validazione «{value}» non valida.") from None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _import_assessments(plan, system, rows: list, employees: dict) -> None:
    """Behaviour assessments: votes keyed by criterion name (accepted on import only)."""
    if not rows:
        return
    if system is None:
        raise ImportProblem("Valutazioni dei comportamenti: manca il sistema di valutazione con i criteri.")
    criteria = defaultdict(list)
    for criterion in system.criteria.all():
        criteria[criterion.name].append(criterion)
    for row in rows:
        where = f"valutazione dei comportamenti di «{row.get('employee')}»"
        employee = lookup(employees, row.get("employee"), where, "dipendente")
        assessment = save_row(
            BehaviourAssessment(
                organization=plan.organization,
                plan=plan,
                employee=employee,
                assessed_on=to_date(row.get("assessed_on")),
                assessed_by_name=row.get("assessed_by") or "",
                note=row.get("note") or "",
                is_demo=bool(row.get("demo")),
            ),
            where,
        )
        for name, value in (row.get("votes") or {}).items():
            found = criteria.get(name, [])
            if len(found) != 1:
                raise ImportProblem(f"{where}: comportamento «{name}» non presente (o ripetuto) nel sistema.")
            if not found[0].applies_to(employee):
                raise ImportProblem(f"{where}: il comportamento «{name}» non si applica a questo dipendente.")
            save_row(
                BehaviourVote(
                    organization=plan.organization, assessment=assessment, criterion=found[0], value=value
                ),
                f"{where}, «{name}»",
            )
