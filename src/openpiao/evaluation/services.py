"""Writes of the measurement cycle: keyword-only, plain values (model field names → cleaned
values), each one atomic, version-checked where users edit concurrently, and audited."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from openpiao.core.audit import Action, delete_audited, record, save_audited
from openpiao.core.history import bulk_create_tracked
from openpiao.core.locking import StaleEdit, save_if_unchanged
from openpiao.core.rows import RowEdit, save_rows, set_values, validate

from . import smvp
from .models import (
    BehaviourAssessment,
    BehaviourCriterion,
    BehaviourVote,
    BonusFund,
    EmployeeAccount,
    EvaluationSystem,
    IndicatorScale,
    MeritBand,
    ReportValidation,
    Review,
    ReviewKind,
    ReviewPhase,
    ReviewValue,
    ValidatedReviewError,
)
from .presets import default_preset, presets
from .printing import frozen_relazione
from .selectors import current_review


class ReviewProblem(Exception):
    """A review operation refused for a reason the user must read (Italian message)."""


@dataclass(frozen=True)
class ReviewEntry:
    """What a unit enters at a review.

    `values`: the date and the deviation analysis (Review.ENTERED). `measured`: indicator id →
    its achieved value (number, flag, done_on, text, note). `phases`: phase id → the months it
    actually ran and whether it is concluded ({"actual_months": [...], "completed": bool}).
    """

    values: dict[str, Any]
    measured: dict[int, dict[str, Any]] = field(default_factory=dict)
    phases: dict[int, dict[str, Any]] = field(default_factory=dict)


def _display_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def _insert_once(instance, *, scope: str) -> None:
    """Insert a row that exists once per `scope` (an objective's review, the plan's SMVP),
    checked by the model's rules except that uniqueness, which is the database's: if another
    user inserted it first, this is a concurrent edit (StaleEdit), not a database error."""
    instance.full_clean(validate_unique=False, validate_constraints=False)
    instance.validate_constraints(exclude=[scope])
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        raise StaleEdit(StaleEdit.message) from None


@transaction.atomic
def save_review(
    *, objective, kind: str, review: Review | None, entry: ReviewEntry, expected_version: int, user
) -> Review:
    """Create (`review` None) or update the current revision of a review with its values and
    phase progress; `expected_version` 0 for a review the page did not find (one inserted
    meanwhile is a StaleEdit).

    A validated review is never changed: a correction needs `open_revision` first.
    """
    if review is None:
        review = Review(
            plan=objective.plan,
            objective=objective,
            kind=kind,
            revision=1,
        )
    set_values(review, entry.values)
    review.entered_by = user
    review.entered_by_name = _display_name(user)
    if review.pk:
        if review.stored_is_validated():
            raise ValidatedReviewError(ValidatedReviewError.message)
        validate(review, entry.values)
        save_if_unchanged(review, expected_version, [*Review.ENTERED, "entered_by", "entered_by_name"])
        action = Action.REVIEW_CHANGED
    else:
        _insert_once(review, scope="objective")
        action = Action.REVIEW_CREATED
    indicators = {i.pk: i for i in objective.indicators.all()}
    phases = {p.pk: p for p in objective.phases.all()}
    if not (entry.measured.keys() <= indicators.keys() and entry.phases.keys() <= phases.keys()):
        raise ValidationError("Indicatori o fasi di un altro obiettivo.")
    existing = {v.indicator_id: v for v in review.values.all()}
    for indicator_id, values in entry.measured.items():
        row = existing.get(indicator_id)
        empty = (
            values["number"] is None
            and values["flag"] is None
            and not values["done_on"]
            and not values["text"]
        )
        if row is None and empty and not values["note"]:
            continue
        if row is None:
            row = ReviewValue(review=review, indicator=indicators[indicator_id])
        if row.text != values["text"]:
            row.judgement = None  # a judgement refers to the text it judged
        set_values(row, values)
        validate(row)
        row.save()
    progress = {p.phase_id: p for p in review.phase_progress.all()}
    for phase_id, values in entry.phases.items():
        row = progress.get(phase_id) or ReviewPhase(review=review, phase=phases[phase_id])
        row.actual_months = values["actual_months"]
        row.completed = values["completed"]
        row.full_clean(exclude=["review", "phase"])
        row.save()
    record(
        organization=objective.organization,
        user=user,
        action=action,
        obj=review,
        objective=objective.pk,
        kind=kind,
        revision=review.revision,
    )
    return review


@transaction.atomic
def save_judgements(
    *, review: Review, judgements: dict[int, Decimal | None], user, expected_version: int
) -> None:
    """The Nucleo's judgements (0-100) of the text indicators of a review: value id → judgement."""
    if review.stored_is_validated():
        raise ValidatedReviewError(ValidatedReviewError.message)
    values = {v.pk: v for v in review.values.select_related("indicator") if v.indicator.kind == "text"}
    if not judgements.keys() <= values.keys():
        raise ValidationError("Valori di un'altra verifica, o di indicatori non descrittivi.")
    for value_id, judgement in judgements.items():
        values[value_id].judgement = judgement
        validate(values[value_id], ["judgement"])
    claimed = Review.objects.filter(pk=review.pk, version=expected_version, validated_at__isnull=True).update(
        version=F("version") + 1
    )
    if not claimed:
        raise StaleEdit(StaleEdit.message)
    for value_id in judgements:
        values[value_id].save(update_fields=["judgement"])
    record(organization=review.organization, user=user, action=Action.JUDGEMENTS_SAVED, obj=review)


@transaction.atomic
def save_decisions(
    *, review: Review, excluded_reason: str, decisions: dict[int, dict], user, expected_version: int
) -> None:
    """The Nucleo's decisions on a review, kept apart from what the unit measured: the
    objective left out of the means (with the reason, or "" to count it) and, per value id,
    `override_score` + `override_reason` (a grado di raggiungimento that replaces the computed
    one) and `excluded_reason` (the indicator left out of the objective's mean)."""
    if review.stored_is_validated():
        raise ValidatedReviewError(ValidatedReviewError.message)
    values = {v.pk: v for v in review.values.select_related("indicator__objective__plan", "review__plan")}
    if not decisions.keys() <= values.keys():
        raise ValidationError("Valori di un'altra verifica.")
    review.excluded_reason = excluded_reason
    validate(review, ["excluded_reason"])
    for value_id, decided in decisions.items():
        for name in ReviewValue.DECIDED:
            setattr(values[value_id], name, decided.get(name, getattr(values[value_id], name)))
        validate(values[value_id], ReviewValue.DECIDED)
    claimed = Review.objects.filter(pk=review.pk, version=expected_version, validated_at__isnull=True).update(
        version=F("version") + 1, excluded_reason=excluded_reason
    )
    if not claimed:
        raise StaleEdit(StaleEdit.message)
    for value_id in decisions:
        values[value_id].save(update_fields=ReviewValue.DECIDED)
    record(
        organization=review.organization,
        user=user,
        action=Action.DECISIONS_SAVED,
        obj=review,
        excluded=excluded_reason,
        overrides={
            str(pk): str(values[pk].override_score)
            for pk in decisions
            if values[pk].override_score is not None
        },
    )


@transaction.atomic
def save_scale(*, plan, indicator, basis: str, bands: list, user) -> IndicatorScale | None:
    """The fasce di punteggio of one indicator (`bands`: smvp.Band rows); none = the
    indicator goes back to the system's ratio rule. The system must be saved first."""
    system = EvaluationSystem.objects.filter(plan=plan).first()
    if system is None:
        raise ValidationError("Confermare prima i parametri del sistema di misurazione e valutazione.")
    existing = IndicatorScale.objects.filter(system=system, indicator=indicator).first()
    if not bands:
        if existing:
            delete_audited(existing, user=user, action=Action.SCALE_SAVED, bands=[])
        return None
    scale = existing or IndicatorScale(system=system, indicator=indicator)
    scale.basis, scale.bands = basis, smvp.bands_to_data(bands)
    return save_audited(scale, user=user, action=Action.SCALE_SAVED, bands=scale.bands)


@transaction.atomic
def validate_review(*, review: Review, user, expected_version: int) -> Review:
    """The Nucleo validates a final review (who, when). From now on it never changes."""
    if review.kind != ReviewKind.FINAL:
        raise ReviewProblem("Si valida solo la verifica finale.")
    if review.stored_is_validated():
        raise ReviewProblem("La verifica è già stata validata.")
    unjudged = [
        v
        for v in review.values.select_related("indicator")
        if v.indicator.kind == "text" and v.text and v.judgement is None
    ]
    if unjudged:
        raise ReviewProblem(
            "Prima di validare, esprimere il giudizio (0-100) sugli indicatori descrittivi: "
            + "; ".join(v.indicator.description[:60] for v in unjudged)
            + "."
        )
    now = timezone.now()
    updated = Review.objects.filter(pk=review.pk, version=expected_version, validated_at__isnull=True).update(
        validated_by=user, validated_by_name=_display_name(user), validated_at=now, version=F("version") + 1
    )
    if not updated:
        raise StaleEdit(StaleEdit.message)
    review.refresh_from_db()
    record(
        organization=review.organization,
        user=user,
        action=Action.REVIEW_VALIDATED,
        obj=review,
        revision=review.revision,
    )
    return review


@transaction.atomic
def open_revision(*, review: Review, user, reason: str) -> Review:
    """A new revision of a validated review: a copy, unvalidated, that replaces it as current.

    The validated revision stays as it was, and the audit trail keeps who opened the new one
    and why.
    """
    reason = reason.strip()
    if not reason:
        raise ReviewProblem("Indicare il motivo della nuova revisione.")
    if not review.stored_is_validated():
        raise ReviewProblem("La verifica non è validata: si può modificare direttamente.")
    latest = current_review(review.objective, review.kind)
    if latest.pk != review.pk:
        raise ReviewProblem(f"Esiste già una revisione successiva (n. {latest.revision}).")
    copy = Review.objects.create(
        plan=review.plan,
        objective=review.objective,
        kind=review.kind,
        revision=review.revision + 1,
        supersedes=review,
        revision_reason=reason,
        entered_by=user,
        entered_by_name=_display_name(user),
        is_demo=review.is_demo,
        excluded_reason=review.excluded_reason,
        **{name: getattr(review, name) for name in Review.ENTERED},
    )
    # The values and the phase progress as validated, now rows of the new revision.
    for rows, model in ((review.values.all(), ReviewValue), (review.phase_progress.all(), ReviewPhase)):
        rows = list(rows)
        for row in rows:
            row.pk, row.review = None, copy
        bulk_create_tracked(model, rows, user=user, reason=Action.REVISION_OPENED)
    record(
        organization=review.organization,
        user=user,
        action=Action.REVISION_OPENED,
        obj=copy,
        replaces=review.pk,
        revision=copy.revision,
        reason=reason,
    )
    return copy


# --- Evaluation system ------------------------------------------------------------------


@transaction.atomic
def save_system(
    *,
    plan,
    system: EvaluationSystem | None,
    values: dict[str, Any],
    criteria: list[RowEdit] | None = None,
    bands: list[RowEdit] | None = None,
    expected_version: int = 0,
    user,
) -> EvaluationSystem:
    """Save the SMVP parameters (`values`, EvaluationSystem.PARAMETERS), and its behaviour
    criteria and merit bands once it exists (None: left as they are); a system saved for the
    first time (`system` None) gets the default criteria."""
    if system is not None:
        set_values(system, values)
        validate(system, values)
        save_if_unchanged(system, expected_version, list(values))
        for model, rows in ((BehaviourCriterion, criteria), (MeritBand, bands)):
            if rows is not None:
                save_rows(
                    rows,
                    queryset=model.objects.filter(system=system),
                    new=lambda model=model: model(system=system),
                )
        action = Action.EVALUATION_SYSTEM_CHANGED
    else:
        system = EvaluationSystem(plan=plan, **values)
        _insert_once(system, scope="plan")
        bulk_create_tracked(
            BehaviourCriterion,
            (
                BehaviourCriterion(system=system, order=i, **c)
                for i, c in enumerate(default_preset().criteria, 1)
            ),
            user=user,
            reason=Action.EVALUATION_SYSTEM_CREATED,
        )
        action = Action.EVALUATION_SYSTEM_CREATED
    record(organization=plan.organization, user=user, action=action, obj=system)
    return system


@transaction.atomic
def apply_preset(*, plan, key: str, user) -> EvaluationSystem:
    """Set the plan's SMVP parameters, criteria and bands from a preset (reference_data/smvp_modelli.yaml)."""
    preset = presets()[key]
    system = EvaluationSystem.objects.filter(plan=plan).first()
    if system and BehaviourVote.objects.filter(criterion__system=system).exists():
        raise ReviewProblem(
            "Esistono già valutazioni dei comportamenti: i criteri non si possono sostituire. "
            "Modificare i parametri a mano."
        )
    if system is None:
        system = EvaluationSystem(plan=plan)
    for name, value in preset.values.items():
        setattr(system, name, value)
    system.reference = preset.reference
    system.full_clean()
    if system.pk:
        EvaluationSystem.objects.filter(pk=system.pk).update(version=F("version") + 1)
        system.version += 1
    system.save()
    system.criteria.all().delete()
    system.bands.all().delete()
    reason = Action.EVALUATION_SYSTEM_PRESET
    bulk_create_tracked(
        BehaviourCriterion,
        (BehaviourCriterion(system=system, order=i, **c) for i, c in enumerate(preset.criteria, start=1)),
        user=user,
        reason=reason,
    )
    bulk_create_tracked(
        MeritBand, (MeritBand(system=system, **b) for b in preset.bands), user=user, reason=reason
    )
    record(
        organization=plan.organization,
        user=user,
        action=Action.EVALUATION_SYSTEM_PRESET,
        obj=system,
        preset=key,
    )
    return system


# --- People -----------------------------------------------------------------------------


@transaction.atomic
def save_assessment(
    *,
    plan,
    employee,
    values: dict[str, Any],
    votes: dict[int, int],
    expected_version: int,
    user,
) -> BehaviourAssessment:
    """Create or update an employee's behaviour assessment (`values`: assessed_on, note; `votes`:
    criterion id → vote); `expected_version` 0 when the page had none. A stale page saves nothing."""
    assessment = BehaviourAssessment.objects.select_for_update().filter(plan=plan, employee=employee).first()
    created = assessment is None
    if created:
        if expected_version:
            raise StaleEdit(StaleEdit.message)  # deleted meanwhile
        assessment = BehaviourAssessment(plan=plan, employee=employee)
    elif assessment.version != expected_version:
        raise StaleEdit(StaleEdit.message)
    set_values(assessment, values)
    assessment.assessed_by = user
    assessment.assessed_by_name = _display_name(user)
    assessment.is_demo = False
    assessment.version = expected_version + 1
    validate(assessment)
    assessment.save()
    assessment.votes.exclude(criterion_id__in=votes).delete()
    stored = {v.criterion_id: v for v in assessment.votes.select_related("criterion__system")}
    criteria = BehaviourCriterion.objects.filter(system__plan=plan).select_related("system").in_bulk(votes)
    if len(criteria) != len(votes):
        raise ValidationError("Comportamenti di un altro sistema di valutazione.")
    for criterion_id, value in votes.items():
        vote = stored.get(criterion_id) or BehaviourVote(
            assessment=assessment, criterion=criteria[criterion_id]
        )
        vote.value = value
        validate(vote)
        vote.save()
    record(
        organization=plan.organization,
        user=user,
        action=Action.BEHAVIOUR_ASSESSMENT_CREATED if created else Action.BEHAVIOUR_ASSESSMENT_CHANGED,
        obj=assessment,
        employee=employee.key,
    )
    return assessment


@transaction.atomic
def save_funds(*, plan, rows: list[RowEdit], user) -> None:
    """Each changed, added or deleted fund (unit, amount, description), the changed and deleted
    ones only if nobody saved them since the page was opened (their `expected_version`)."""
    save_rows(
        rows,
        queryset=BonusFund.objects.filter(plan=plan),
        new=lambda: BonusFund(plan=plan),
        versioned=True,
    )
    record(organization=plan.organization, user=user, action=Action.BONUS_FUNDS_SAVED)


@transaction.atomic
def link_accounts(*, plan, changes: dict[int, tuple[int | None, int | None]], user) -> None:
    """Link employees to users (None unlinks) for «i miei obiettivi».

    `changes`: employee → (user the page showed, user chosen). Only those links are written,
    and only if they are still what the page showed: otherwise someone else changed them.
    """
    accounts = {
        a.employee_id: a
        for a in EmployeeAccount.objects.select_for_update().filter(plan=plan, employee_id__in=changes)
    }
    for employee_id, (shown, _) in changes.items():
        account = accounts.get(employee_id)
        if (account.user_id if account else None) != shown:
            raise StaleEdit(StaleEdit.message)
    # Free the users first, so that swapping two links does not trip the unique constraint.
    EmployeeAccount.objects.filter(pk__in=[a.pk for a in accounts.values()]).update(user=None)
    try:
        with transaction.atomic():
            for employee_id, (_, chosen) in changes.items():
                account = accounts.get(employee_id)
                if account is None and chosen is None:
                    continue
                if account is None:
                    account = EmployeeAccount(plan=plan, employee_id=employee_id)
                account.user_id = chosen
                account.save()
    except IntegrityError:  # the chosen user was linked meanwhile to an employee not changed here
        raise StaleEdit(StaleEdit.message) from None
    record(organization=plan.organization, user=user, action=Action.EMPLOYEE_ACCOUNTS_LINKED)


def validate_report(*, plan, user, note: str) -> ReportValidation:
    """Record the Nucleo's validation and freeze the Relazione it validates (PDF/A and DOCX as
    published, with their SHA-256). Printed before the transaction, stating this validation,
    so the write lock is not held for the seconds of printing; if printing or saving fails
    nothing is recorded and the files stored for it are removed."""
    validation = ReportValidation(
        plan=plan,
        validated_by=user,
        validated_by_name=_display_name(user),
        validated_at=timezone.now(),
        note=note.strip(),
    )
    files = frozen_relazione(plan, validation)
    stored: list[str] = []
    try:
        with transaction.atomic():
            for field, value in files.items():
                setattr(validation, field, value)
            validation.save()  # stores the two files, then the row
            stored = [validation.pdf.name, validation.docx.name]
            record(
                organization=plan.organization,
                user=user,
                action=Action.REPORT_VALIDATED,
                obj=validation,
                pdf_sha256=validation.pdf_sha256,
                docx_sha256=validation.docx_sha256,
            )
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise
    return validation
