"""Reviews of an objective: entry of the values, the Nucleo's judgements and validation, revisions."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from openpiao.core.forms import add_errors, model_values
from openpiao.core.locking import StaleEdit, posted_version
from openpiao.organization_chart.scope import unit_scope
from openpiao.performance.months import MONTH_NAMES
from openpiao.performance.selectors import get_objective_for
from openpiao.plans.access import plan_view

from .. import selectors, services
from ..forms import (
    DecisionForm,
    IndicatorValueForm,
    JudgementForm,
    PhaseProgressForm,
    ReviewExclusionForm,
    ReviewForm,
    RevisionForm,
)
from ..models import KIND_SLUGS, ReviewValue, ValidatedReviewError
from ..permissions import can_enter_review, can_validate
from .common import objective_trail, section_trail, urlargs


@plan_view
def objective_reviews(request, objective_id: int):
    plan = request.plan
    objective = get_objective_for(plan, objective_id, details=False)
    card = selectors.scorecard(plan)
    result = card.objective(objective.pk)
    scope = unit_scope(request.membership, plan)
    return render(
        request,
        "evaluation/objective.html",
        {
            "result": result,
            "objective": result.objective,
            "history": selectors.review_history(objective),
            "can_enter": can_enter_review(request.membership, objective, scope),
            "can_validate": can_validate(request.membership),
            "trail": section_trail(request, (f"Verifiche: {objective.title[:50]}", None)),
            "month_names": MONTH_NAMES,
        },
    )


def plain(value):
    """640.0000 → 640, 12.5000 → 12.5: the value as the user typed it."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _value_initial(values: dict) -> dict:
    """A review value (stored, or carried from the previous review) as its form shows it."""
    flag = values.get("flag")
    return {
        "number": plain(values.get("number")),
        "flag": "" if flag is None else ("si" if flag else "no"),
        "done_on": values.get("done_on"),
        "text": values.get("text", ""),
        "note": values.get("note", ""),
    }


def _review_forms(request, objective, review, plan, *, draft=None, previous=None):
    """The forms of a review: a stored one shows its rows; a new one starts from its draft
    (what it carries from the previous review). `previous` is shown beside each value."""
    year = plan.reference_year
    data = request.POST if request.method == "POST" else None
    review_form = ReviewForm(data, instance=review, prefix="verifica")
    if review.pk:
        values = {
            v.indicator_id: {name: getattr(v, name) for name in ReviewValue.MEASURED}
            for v in review.values.all()
        }
        progress = {
            p.phase_id: {"actual_months": p.actual_months, "completed": p.completed}
            for p in review.phase_progress.all()
        }
    else:
        values, progress = draft.values, draft.phases
    earlier = {v.indicator_id: v for v in previous.values.all()} if previous else {}
    value_forms = []
    for indicator in objective.indicators.all():
        target = indicator.target_for(year)
        row = values.get(indicator.pk)
        form = IndicatorValueForm(
            data,
            indicator=indicator,
            target_text=target.value if target else "",
            initial=_value_initial(row) if row else {},
            prefix=f"ind{indicator.pk}",
        )
        form.previous = earlier.get(indicator.pk)
        value_forms.append(form)
    phase_forms = []
    for phase in objective.phases.all():
        form = PhaseProgressForm(
            data, phase=phase, initial=progress.get(phase.pk, {}), prefix=f"fase{phase.pk}"
        )
        form.planned = ", ".join(MONTH_NAMES[m - 1] for m in phase.months)
        phase_forms.append(form)
    return review_form, value_forms, phase_forms


@plan_view
def review_edit(request, objective_id: int, kind: str):
    plan = request.plan
    if kind not in KIND_SLUGS:
        raise Http404("Tipo di verifica inesistente.")
    objective = selectors.get_objective_for_review(plan, objective_id)
    if not can_enter_review(request.membership, objective, unit_scope(request.membership, plan)):
        raise PermissionDenied("Può inserire i valori solo il responsabile dell'unità o il segretario.")
    review_kind = KIND_SLUGS[kind]
    review = selectors.current_review(objective, review_kind)
    if review is not None and review.is_validated:
        messages.warning(request, services.ValidatedReviewError.message)
        return redirect("evaluation:objective", *urlargs(request), objective.pk)
    previous = selectors.previous_review(objective, review_kind)
    draft = None
    if review is None:
        draft = selectors.review_draft(plan, objective, review_kind, previous, today=timezone.localdate())
        review = draft.review
    review_form, value_forms, phase_forms = _review_forms(
        request, objective, review, plan, draft=draft, previous=previous
    )
    if request.method == "POST" and review_form.is_valid():
        as_of = review_form.cleaned_data["reference_date"]
        last_month = as_of.month if as_of.year == plan.reference_year else 12
        for form in value_forms:
            form.as_of = as_of
        for form in phase_forms:
            form.last_month = last_month
        if all(f.is_valid() for f in [*value_forms, *phase_forms]):
            entry = services.ReviewEntry(
                values=model_values(review_form),
                measured={form.indicator.pk: form.values() for form in value_forms},
                phases={
                    form.phase.pk: {
                        "actual_months": form.cleaned_data["actual_months"],
                        "completed": form.cleaned_data["completed"],
                    }
                    for form in phase_forms
                },
            )
            try:
                services.save_review(
                    objective=objective,
                    kind=review_kind,
                    review=review if review.pk else None,
                    entry=entry,
                    expected_version=review_form.cleaned_data.get("expected_version") or 0,
                    user=request.user,
                )
            except StaleEdit:
                review_form.report_stale()
            except ValidatedReviewError as error:
                review_form.add_error(None, str(error))
            except ValidationError as error:
                add_errors(review_form, error)
            else:
                messages.success(request, f"{review_kind.label} salvata.")
                return redirect("evaluation:objective", *urlargs(request), objective.pk)
    return render(
        request,
        "evaluation/review_form.html",
        {
            "objective": objective,
            "review": review,
            "kind_label": review_kind.label,
            "previous": previous,
            "prefilled": draft is not None and previous is not None,
            "form": review_form,
            "value_forms": value_forms,
            "phase_forms": phase_forms,
            "month_names": MONTH_NAMES,
            "trail": objective_trail(request, objective, (review_kind.label, None)),
        },
    )


@plan_view
def review_judgements(request, review_id: int):
    review = selectors.get_review_for(request.plan, review_id)
    if not can_validate(request.membership):
        raise PermissionDenied("I giudizi sugli indicatori descrittivi spettano al Nucleo di valutazione.")
    if review.is_validated:
        messages.warning(request, services.ValidatedReviewError.message)
        return redirect("evaluation:objective", *urlargs(request), review.objective_id)
    values = [v for v in review.values.select_related("indicator") if v.indicator.kind == "text"]
    data = request.POST if request.method == "POST" else None
    forms = [
        JudgementForm(data, value=v, initial={"judgement": v.judgement}, prefix=f"g{v.pk}") for v in values
    ]
    if request.method == "POST" and all(f.is_valid() for f in forms):
        try:
            services.save_judgements(
                review=review,
                judgements={form.value.pk: form.cleaned_data["judgement"] for form in forms},
                user=request.user,
                expected_version=posted_version(request.POST),
            )
        except (ValidatedReviewError, StaleEdit) as error:
            messages.error(request, str(error))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Giudizi salvati.")
            return redirect("evaluation:objective", *urlargs(request), review.objective_id)
    trail = objective_trail(request, review.objective, ("Giudizi del Nucleo", None))
    return render(request, "evaluation/judgements.html", {"review": review, "forms": forms, "trail": trail})


@plan_view
def review_decisions(request, review_id: int):
    """The Nucleo's decisions on a review: values of its own (with the reason) and exclusions."""
    review = selectors.get_review_for(request.plan, review_id)
    if not can_validate(request.membership):
        raise PermissionDenied("I valori attribuiti e le esclusioni spettano al Nucleo di valutazione.")
    if review.is_validated:
        messages.warning(request, services.ValidatedReviewError.message)
        return redirect("evaluation:objective", *urlargs(request), review.objective_id)
    objective = selectors.get_objective_for_review(request.plan, review.objective_id)
    result = selectors.evaluate_review(
        review, objective, selectors.evaluation_rules(request.plan), request.plan.reference_year
    )
    computed = {r.value.pk: r.score for r in result.indicators if r.value is not None}
    data = request.POST if request.method == "POST" else None
    exclusion = ReviewExclusionForm(
        data, initial={"excluded_reason": review.excluded_reason}, prefix="obiettivo"
    )
    forms = [
        DecisionForm(
            data,
            value=r.value,
            computed=computed[r.value.pk],
            initial={name: getattr(r.value, name) for name in ReviewValue.DECIDED},
            prefix=f"v{r.value.pk}",
        )
        for r in result.indicators
        if r.value is not None
    ]
    if request.method == "POST" and exclusion.is_valid() and all(f.is_valid() for f in forms):
        try:
            services.save_decisions(
                review=review,
                excluded_reason=exclusion.cleaned_data["excluded_reason"],
                decisions={f.value.pk: {n: f.cleaned_data[n] for n in ReviewValue.DECIDED} for f in forms},
                user=request.user,
                expected_version=posted_version(request.POST),
            )
        except (ValidatedReviewError, StaleEdit) as error:
            messages.error(request, str(error))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Decisioni del Nucleo salvate.")
            return redirect("evaluation:objective", *urlargs(request), review.objective_id)
    trail = objective_trail(request, review.objective, ("Decisioni del Nucleo", None))
    return render(
        request,
        "evaluation/decisions.html",
        {"review": review, "exclusion": exclusion, "forms": forms, "trail": trail},
    )


@plan_view
@require_POST
def review_validate(request, review_id: int):
    review = selectors.get_review_for(request.plan, review_id)
    if not can_validate(request.membership):
        raise PermissionDenied("Valida le verifiche il Nucleo di valutazione.")
    try:
        services.validate_review(
            review=review, user=request.user, expected_version=posted_version(request.POST)
        )
    except (services.ReviewProblem, StaleEdit) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Verifica finale validata.")
    return redirect("evaluation:objective", *urlargs(request), review.objective_id)


@plan_view
def review_revision(request, review_id: int):
    plan = request.plan
    review = selectors.get_review_for(request.plan, review_id)
    allowed = can_validate(request.membership) or can_enter_review(
        request.membership, review.objective, unit_scope(request.membership, plan)
    )
    if not allowed:
        raise PermissionDenied("Non può aprire una revisione di questa verifica.")
    form = RevisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.open_revision(review=review, user=request.user, reason=form.cleaned_data["reason"])
        except services.ReviewProblem as error:
            form.add_error("reason", str(error))
        else:
            messages.success(
                request, "Aperta una nuova revisione: correggere i valori e chiedere una nuova validazione."
            )
            return redirect(
                "evaluation:review_edit", *urlargs(request), review.objective_id, review.kind_slug
            )
    trail = objective_trail(request, review.objective, ("Nuova revisione", None))
    return render(request, "evaluation/revision.html", {"review": review, "form": form, "trail": trail})
