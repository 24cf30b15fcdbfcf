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

from django.utils import timezone

from openpiao.core.exchange import (
    SKIPPED,
    Audience,
    ImportProblem,
    amend_row,
    at,
    dec,
    fields_of,
    flag,
    lookup,
    note,
    row,
    rows,
    save_row,
    section,
    show,
    text,
    to_moment,
    values_for,
    whole,
    write_pending,
)
from openpiao.core.history import bulk_create_tracked
from openpiao.performance.models import Objective

from . import selectors, smvp
from .models import (
    BehaviourAssessment,
    BehaviourCriterion,
    BehaviourVote,
    BonusFund,
    EmployeeAccount,
    EvaluationSystem,
    IndicatorScale,
    MeritBand,
    Review,
    ReviewPhase,
    ReviewValue,
)

SYSTEM_FIELDS = EvaluationSystem.PARAMETERS
CRITERION_FIELDS = ["name", "description", "weight", "scope"]
BAND_FIELDS = ["label", "min_score", "coefficient"]
REVIEW_FIELDS = ["kind", "revision", *Review.ENTERED, "excluded_reason"]
VALUE_FIELDS = [*ReviewValue.MEASURED, *ReviewValue.DECIDED]


# --- Export -----------------------------------------------------------------------------


def export_section(plan, audience: Audience) -> dict:
    """The same for every audience: individual assessments are never exported."""
    card = selectors.scorecard(plan)
    system = (
        EvaluationSystem.objects.filter(plan=plan)
        .prefetch_related("criteria", "bands", "scales__indicator__objective__unit")
        .first()
    )
    reviews = selectors.reviews_of(plan).select_related("objective__unit")
    reviews = list(reviews.order_by("objective_id", "kind", "revision"))
    positions = _positions(card)
    return {
        "evaluation": {
            "system": _export_system(system, positions) if system else None,
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


def _export_system(system: EvaluationSystem, positions: dict) -> dict:
    scales = sorted(
        system.scales.all(),
        key=lambda s: (s.indicator.objective.unit.code, s.indicator.objective.number, s.indicator_id),
    )
    return {
        **fields_of(system, SYSTEM_FIELDS),
        "criteria": [fields_of(c, CRITERION_FIELDS) for c in system.criteria.all()],
        "bands": [fields_of(b, BAND_FIELDS) for b in system.bands.all()],
        # Fasce di punteggio per indicator, by unit code, objective number and position.
        "scales": [
            {
                "unit": s.indicator.objective.unit.code,
                "objective": s.indicator.objective.number,
                "indicator": positions[("indicator", s.indicator_id)],
                "basis": s.basis,
                "bands": smvp.bands_to_data(s.band_rows()),
            }
            for s in scales
        ],
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
                "completion": dec(p.completion),
            }
            for p in sorted(review.phase_progress.all(), key=lambda p: positions[("phase", p.phase_id)])
        ],
    }


def _export_scores(card) -> dict:
    return {
        "organization": {
            "score": dec(card.organization_score.value),
            "method": card.system.organization_method,
        },
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
    evaluation = section(data, "evaluation")
    if not evaluation:
        return
    system = None
    with row():
        system = _import_system(plan, section(evaluation, "system", "evaluation"))
    objectives = {
        (o.unit.code, o.number): o
        for o in Objective.objects.filter(plan=plan)
        .select_related("unit")
        .prefetch_related("indicators", "phases")
    }
    for key in context.get("refused_objectives", ()):
        objectives[key] = SKIPPED
    if system is not None:
        for path, item in rows(section(evaluation, "system", "evaluation"), "scales", "evaluation.system"):
            with row():
                _import_scale(system, item, objectives, path)
    previous: dict[tuple, Review] = {}
    reviews = rows(evaluation, "reviews", "evaluation")
    # Revisions in order: each supersedes the one before it.
    reviews.sort(key=lambda pair: pair[1].get("revision") if isinstance(pair[1].get("revision"), int) else 1)
    for path, item in reviews:
        with row():
            _import_review(plan, item, objectives, previous, path)
    units = context.get("units", {})
    for path, item in rows(evaluation, "bonus_funds", "evaluation"):
        with row():
            fund = BonusFund(plan=plan, **values_for(BonusFund, item, ["amount"], path))
            fund.description = text(item, "description", path)
            fund.unit = lookup(units, item.get("unit"), at(path, "unit"), "unità")
            save_row(fund, path)
    assessments = rows(evaluation, "behaviour_assessments", "evaluation")
    write_pending()  # the assessments read the system's criteria back
    _import_assessments(plan, system, assessments, context.get("employees", {}))


def _import_system(plan, item: dict | None) -> EvaluationSystem | None:
    if not item:
        return None
    path = "evaluation.system"
    if "ente_method" in item and "organization_method" not in item:
        # Documents written before the field was renamed (same meaning, same values).
        item = {**item, "organization_method": item["ente_method"]}
    system = save_row(
        EvaluationSystem(
            plan=plan,
            **values_for(EvaluationSystem, item, SYSTEM_FIELDS, path),
        ),
        path,
    )
    for order, (here, part) in enumerate(rows(item, "criteria", path), start=1):
        with row():
            save_row(
                BehaviourCriterion(
                    system=system,
                    order=order,
                    **values_for(BehaviourCriterion, part, CRITERION_FIELDS, here),
                ),
                here,
            )
    for here, part in rows(item, "bands", path):
        with row():
            save_row(
                MeritBand(
                    system=system,
                    **values_for(MeritBand, part, BAND_FIELDS, here),
                ),
                here,
            )
    return system


def _import_scale(system, item: dict, objectives: dict, path: str) -> None:
    key = (item.get("unit"), item.get("objective"))
    try:
        objective = objectives.get(key)
    except TypeError:
        objective = None
    if objective is SKIPPED:
        raise ImportProblem()
    if objective is None:
        raise ImportProblem(
            f"{path}: obiettivo non presente nel documento (unità {show(key[0])}, n. {show(key[1])})."
        )
    indicator = _at(list(objective.indicators.all()), item.get("indicator"), at(path, "indicator"))
    bands = item.get("bands")
    if not isinstance(bands, list) or not all(isinstance(b, dict) and "score" in b for b in bands):
        raise ImportProblem(f"{at(path, 'bands')}: fasce non valide (un elenco di {{low, high, score}}).")
    save_row(
        IndicatorScale(
            system=system,
            indicator=indicator,
            bands=bands,
            **values_for(IndicatorScale, item, ["basis"], path),
        ),
        path,
    )


def _import_review(plan, item: dict, objectives: dict, previous: dict, path: str) -> None:
    key = (item.get("unit"), item.get("objective"))
    try:
        objective = objectives.get(key)
    except TypeError:  # a list or an object in place of a code or a number
        objective = None
    if objective is SKIPPED:
        raise ImportProblem()
    if objective is None:
        raise ImportProblem(
            f"{path}: obiettivo non presente nel documento (unità {show(key[0])}, n. {show(key[1])})."
        )
    values = values_for(Review, item, REVIEW_FIELDS, path)
    review = Review(plan=plan, objective=objective, **values)
    review.revision_reason = text(item, "revision_reason", path)
    review.entered_by_name = text(item, "entered_by", path)
    review.is_demo = flag(item, "demo", path)
    review.supersedes = previous.get((objective.pk, review.kind))
    save_row(review, path)
    previous[(objective.pk, review.kind)] = review
    indicators = list(objective.indicators.all())
    phases = list(objective.phases.all())
    for here, part in rows(item, "values", path):
        with row():
            indicator = _at(indicators, part.get("indicator"), at(here, "indicator"))
            save_row(
                ReviewValue(
                    review=review,
                    indicator=indicator,
                    **values_for(ReviewValue, part, VALUE_FIELDS, here),
                ),
                here,
            )
    for here, part in rows(item, "phases", path):
        with row():
            phase = _at(phases, part.get("phase"), at(here, "phase"))
            save_row(
                ReviewPhase(
                    review=review,
                    phase=phase,
                    actual_months=part.get("actual_months") or [],
                    completed=flag(part, "completed", here),
                    **values_for(ReviewPhase, part, ["completion"], here),
                ),
                here,
            )
    if item.get("validated_at") is not None:
        if review.kind != "final":
            raise ImportProblem(f"{at(path, 'validated_at')}: si valida solo la verifica finale.")
        try:
            moment = to_moment(item["validated_at"])
        except ValueError:
            raise ImportProblem(
                f"{at(path, 'validated_at')}: data di validazione {show(item['validated_at'])} non valida."
            ) from None
        # Values first, validation last: a validated review refuses any further row.
        amend_row(
            review,
            path,
            validated_at=moment if timezone.is_aware(moment) else timezone.make_aware(moment),
            validated_by_name=text(item, "validated_by", path),
        )


def _at(items: list, position, where: str):
    if isinstance(position, bool) or not isinstance(position, int):
        raise ImportProblem(f"{where}: posizione non valida {show(position)} (un numero da 1).")
    if not 1 <= position <= len(items):
        raise ImportProblem(f"{where}: posizione {position}, ma la scheda ne ha {len(items)}.")
    return items[position - 1]


def _import_assessments(plan, system, assessments: list, employees: dict) -> None:
    """Behaviour assessments: votes keyed by criterion name (accepted on import only)."""
    if not assessments:
        return
    if system is None:
        note(
            "evaluation.behaviour_assessments",
            "le valutazioni dei comportamenti richiedono il sistema di valutazione con i criteri.",
        )
        return
    criteria = defaultdict(list)
    for criterion in system.criteria.all():
        criteria[criterion.name].append(criterion)
    for path, item in assessments:
        with row():
            employee = lookup(employees, item.get("employee"), at(path, "employee"), "dipendente")
            assessment = save_row(
                BehaviourAssessment(
                    plan=plan,
                    employee=employee,
                    assessed_by_name=text(item, "assessed_by", path),
                    note=text(item, "note", path),
                    is_demo=flag(item, "demo", path),
                    **values_for(BehaviourAssessment, item, ["assessed_on"], path),
                ),
                path,
            )
            votes = section(item, "votes", path) or {}
            for name in votes:
                here = at(at(path, "votes"), name)
                found = criteria.get(name, [])
                if len(found) != 1:
                    raise ImportProblem(f"{here}: comportamento non presente (o ripetuto) nel sistema.")
                if not found[0].applies_to(employee):
                    raise ImportProblem(f"{here}: il comportamento non si applica a questo dipendente.")
                save_row(
                    BehaviourVote(
                        assessment=assessment,
                        criterion=found[0],
                        value=whole(votes, name, at(path, "votes"), required=True),
                    ),
                    here,
                )


def keep_personal_rows(plan):
    """The employees' user links and behaviour assessments, which no document carries, kept
    across a replacement of the plan's content (core.registry.kept_on_replace): written back
    for the employees and behaviours that are still there, by employee key and criterion name."""
    accounts = list(EmployeeAccount.objects.filter(plan=plan).values_list("employee__key", "user_id"))
    assessments = list(
        BehaviourAssessment.objects.filter(plan=plan)
        .select_related("employee")
        .prefetch_related("votes__criterion")
    )

    def restore(plan) -> None:
        employees = {e.key: e for e in plan.employees.all()}
        EmployeeAccount.objects.bulk_create(
            EmployeeAccount(plan=plan, employee=employees[key], user_id=user)
            for key, user in accounts
            if key in employees
        )
        system = EvaluationSystem.objects.filter(plan=plan).first()
        criteria = {c.name: c for c in system.criteria.all()} if system else {}
        if not criteria:
            return
        kept = [(old, employees[old.employee.key]) for old in assessments if old.employee.key in employees]
        # One INSERT for the assessments (with their versions) and one for all their votes.
        written = bulk_create_tracked(
            BehaviourAssessment,
            [
                BehaviourAssessment(
                    plan=plan,
                    employee=employee,
                    assessed_on=old.assessed_on,
                    assessed_by_id=old.assessed_by_id,
                    assessed_by_name=old.assessed_by_name,
                    note=old.note,
                    is_demo=old.is_demo,
                )
                for old, employee in kept
            ],
        )
        BehaviourVote.objects.bulk_create(
            BehaviourVote(assessment=new, criterion=criteria[v.criterion.name], value=v.value)
            for (old, employee), new in zip(kept, written, strict=True)
            for v in old.votes.all()
            if v.criterion.name in criteria and criteria[v.criterion.name].applies_to(employee)
        )

    return restore
