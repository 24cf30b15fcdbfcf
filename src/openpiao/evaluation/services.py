"""Writes of the measurement cycle: each one atomic, version-checked where users edit
concurrently, and logged in the audit trail."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from openpiao.core import audit
from openpiao.core.locking import StaleEdit, save_if_unchanged

from .models import (
    BehaviourAssessment,
    BehaviourCriterion,
    BehaviourVote,
    BonusFund,
    EmployeeAccount,
    EvaluationSystem,
    MeritBand,
    ReportValidation,
    Review,
    ReviewKind,
    ReviewPhase,
    ReviewValue,
    ValidatedReview,
)
from .presets import default_preset, presets


class ReviewProblem(Exception):
    """A review operation refused for a reason the user must read (Italian message)."""


def _display_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def _insert_once(instance) -> None:
    """Insert a row that exists once (an objective's review, the plan's SMVP): if another user
    inserted it first, this is a concurrent edit, not a database error."""
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        raise StaleEdit(StaleEdit.message) from None


def current_review(objective, kind: str) -> Review | None:
    return Review.objects.filter(objective=objective, kind=kind).order_by("-revision").first()


@transaction.atomic
def save_review(*, objective, kind: str, review_form, value_forms, phase_forms, user) -> Review:
    """Create or update the current revision of a review with its values and phase progress.

    A validated review is never changed: a correction needs `open_revision` first.
    """
    review = review_form.instance
    review.entered_by = user
    review.entered_by_name = _display_name(user)
    if review.pk:
        if review.stored_is_validated():
            raise ValidatedReview(ValidatedReview.message)
        save_if_unchanged(
            review,
            review_form.cleaned_data["expected_version"],
            [*Review.ENTERED, "entered_by", "entered_by_name"],
        )
        action = "verifica modificata"
    else:
        review.plan = objective.plan
        review.objective = objective
        review.kind = kind
        review.revision = 1
        # Uniqueness is the database's to check: a review created meanwhile is a StaleEdit.
        review.full_clean(validate_unique=False, validate_constraints=False)
        _insert_once(review)
        action = "verifica inserita"
    existing = {v.indicator_id: v for v in review.values.all()}
    for form in value_forms:
        values = form.values()
        row = existing.get(form.indicator.pk)
        empty = (
            values["number"] is None
            and values["flag"] is None
            and not values["done_on"]
            and not values["text"]
        )
        if row is None and empty and not values["note"]:
            continue
        if row is None:
            row = ReviewValue(review=review, indicator=form.indicator)
        if row.text != values["text"]:
            row.judgement = None  # a judgement refers to the text it judged
        for name, value in values.items():
            setattr(row, name, value)
        row.save()
    progress = {p.phase_id: p for p in review.phase_progress.all()}
    for form in phase_forms:
        row = progress.get(form.phase.pk) or ReviewPhase(review=review, phase=form.phase)
        row.actual_months = form.cleaned_data["actual_months"]
        row.completed = form.cleaned_data["completed"]
        row.full_clean(exclude=["review", "phase"])
        row.save()
    audit.record(
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
def save_judgements(*, review: Review, forms, user, expected_version: int) -> None:
    """The Nucleo's judgements (0-100) of the text indicators of a review."""
    if review.stored_is_validated():
        raise ValidatedReview(ValidatedReview.message)
    claimed = Review.objects.filter(pk=review.pk, version=expected_version, validated_at__isnull=True).update(
        version=F("version") + 1
    )
    if not claimed:
        raise StaleEdit(StaleEdit.message)
    for form in forms:
        form.value.judgement = form.cleaned_data["judgement"]
        form.value.save(update_fields=["judgement"])
    audit.record(
        organization=review.organization, user=user, action="giudizi del Nucleo inseriti", obj=review
    )


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
    audit.record(
        organization=review.organization,
        user=user,
        action="verifica finale validata",
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
        **{name: getattr(review, name) for name in Review.ENTERED},
    )
    # The values and the phase progress as validated, now rows of the new revision.
    for rows, model in ((review.values.all(), ReviewValue), (review.phase_progress.all(), ReviewPhase)):
        rows = list(rows)
        for row in rows:
            row.pk, row.review = None, copy
        model.objects.bulk_create(rows)
    audit.record(
        organization=review.organization,
        user=user,
        action="nuova revisione di una verifica validata",
        obj=copy,
        replaces=review.pk,
        revision=copy.revision,
        reason=reason,
    )
    return copy


# --- Evaluation system ------------------------------------------------------------------


@transaction.atomic
def save_system(*, plan, form, criteria_formset, bands_formset, user) -> EvaluationSystem:
    """Save the SMVP parameters; a system saved for the first time gets the default criteria."""
    system = form.instance
    if system.pk:
        save_if_unchanged(system, form.cleaned_data["expected_version"], list(form.Meta.fields))
        for formset in filter(None, (criteria_formset, bands_formset)):
            formset.save()
        action = "sistema di valutazione modificato"
    else:
        system = form.save(commit=False)
        _insert_once(system)
        BehaviourCriterion.objects.bulk_create(
            BehaviourCriterion(system=system, order=i, **c)
            for i, c in enumerate(default_preset().criteria, start=1)
        )
        action = "sistema di valutazione impostato"
    audit.record(organization=plan.organization, user=user, action=action, obj=system)
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
    BehaviourCriterion.objects.bulk_create(
        BehaviourCriterion(system=system, order=i, **c) for i, c in enumerate(preset.criteria, start=1)
    )
    MeritBand.objects.bulk_create(MeritBand(system=system, **b) for b in preset.bands)
    audit.record(
        organization=plan.organization,
        user=user,
        action="sistema di valutazione da modello",
        obj=system,
        preset=key,
    )
    return system


# --- People -----------------------------------------------------------------------------


@transaction.atomic
def save_assessment(*, plan, employee, form, user) -> BehaviourAssessment:
    """Create or update an employee's behaviour assessment; a stale form saves nothing."""
    expected = form.cleaned_data.get("expected_version") or 0
    assessment = BehaviourAssessment.objects.select_for_update().filter(plan=plan, employee=employee).first()
    created = assessment is None
    if created:
        if expected:
            raise StaleEdit(StaleEdit.message)  # deleted meanwhile
        assessment = BehaviourAssessment(plan=plan, employee=employee)
    elif assessment.version != expected:
        raise StaleEdit(StaleEdit.message)
    assessment.assessed_on = form.cleaned_data["assessed_on"]
    assessment.assessed_by = user
    assessment.assessed_by_name = _display_name(user)
    assessment.note = form.cleaned_data["note"]
    assessment.is_demo = False
    assessment.version = expected + 1
    assessment.save()
    votes = form.votes()
    assessment.votes.exclude(criterion_id__in=votes).delete()
    for criterion_id, value in votes.items():
        BehaviourVote.objects.update_or_create(
            assessment=assessment,
            criterion_id=criterion_id,
            defaults={"value": value},
        )
    audit.record(
        organization=plan.organization,
        user=user,
        action="valutazione dei comportamenti " + ("inserita" if created else "modificata"),
        obj=assessment,
        employee=employee.key,
    )
    return assessment


@transaction.atomic
def save_funds(*, plan, formset, user) -> None:
    """Each changed or deleted fund only if nobody saved it since the page was opened."""
    for form in formset.forms:
        fund = form.instance
        if form in formset.deleted_forms:
            if (
                fund.pk
                and not BonusFund.objects.filter(
                    pk=fund.pk, version=form.cleaned_data.get("expected_version")
                ).delete()[0]
            ):
                raise StaleEdit(StaleEdit.message)
        elif fund.pk and form.has_changed():
            save_if_unchanged(fund, form.cleaned_data["expected_version"], list(form.Meta.fields))
        elif not fund.pk and form.has_changed():
            _insert_once(form.save(commit=False))  # a fund for the same unit added meanwhile
    audit.record(organization=plan.organization, user=user, action="fondi per la performance modificati")


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
    audit.record(organization=plan.organization, user=user, action="utenti dei dipendenti collegati")


@transaction.atomic
def validate_report(*, plan, user, note: str) -> ReportValidation:
    validation = ReportValidation.objects.create(
        plan=plan,
        validated_by=user,
        validated_by_name=_display_name(user),
        validated_at=timezone.now(),
        note=note.strip(),
    )
    audit.record(
        organization=plan.organization,
        user=user,
        action="Relazione sulla performance validata",
        obj=validation,
    )
    return validation
