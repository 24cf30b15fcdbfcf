"""Pages of the measurement cycle. Thin: reads come from selectors, writes go to services."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from openpiao.core.forms import share_choices
from openpiao.core.locking import StaleEdit, posted_version
from openpiao.core.params import query_int
from openpiao.documents.printing import print_plan
from openpiao.organization_chart.scope import unit_scope
from openpiao.organization_chart.selectors import get_employee_for, get_unit_for
from openpiao.organizations.models import PLAN_EDITORS
from openpiao.performance.months import MONTH_NAMES
from openpiao.performance.selectors import get_objective_for
from openpiao.plans.access import plan_url, plan_view

from . import charts, monitoring, selectors, services
from .forms import (
    AssessmentForm,
    BandFormSet,
    BonusFundFormSet,
    CriterionFormSet,
    EmployeeAccountForm,
    EvaluationSystemForm,
    IndicatorValueForm,
    JudgementForm,
    PhaseProgressForm,
    ReportValidationForm,
    ReviewForm,
    RevisionForm,
)
from .models import KIND_SLUGS, BonusFund, EmployeeAccount, ReviewValue, ValidatedReview
from .permissions import (
    can_assess,
    can_edit_system,
    can_enter_review,
    can_validate,
    visible_employee_ids,
)
from .presets import presets
from .report import build_report, own_employee_ids


def _urlargs(request) -> tuple:
    return request.organization.slug, request.plan.first_year


def _trail(request, *items) -> list:
    """Breadcrumbs below the plan: «Monitoraggio e valutazione», then the page."""
    return [("Monitoraggio e valutazione", plan_url(request.plan, "evaluation:dashboard")), *items]


def _objective_trail(request, objective, *items) -> list:
    link = plan_url(request.plan, "evaluation:objective", objective.pk)
    return _trail(request, (f"Verifiche: {objective.title[:50]}", link), *items)


def _month(request) -> int | None:
    """?mese=1..12 looks at another month of the year, 13 at the year closed (default: today)."""
    return query_int(request, "mese", minimum=1, maximum=13)


def _status_counts(objectives) -> list[tuple[str, str, int]]:
    counts = dict.fromkeys(monitoring.STATUS_ORDER, 0)
    for result in objectives:
        counts[result.status.code] += 1
    return [(monitoring.STATUS_PLURALS[c], monitoring.STATUS_CSS[c], n) for c, n in counts.items()]


def _monitoring_context(card, objectives, units) -> dict:
    scores = [o.score for o in objectives if o.score is not None]
    return {
        "card": card,
        "objectives": objectives,
        "units": units,
        "status_counts": _status_counts(objectives),
        "due": [(o, p) for o in objectives for p in o.due_phases],
        "overdue": [(o, p) for o in objectives for p in o.overdue_phases],
        "missing": [o for o in objectives if o.missing_indicators],
        "missing_count": sum(len(o.missing_indicators) for o in objectives),
        "unit_chart": charts.bar_chart([(u.unit.name, u.score.value, "") for u in units], maximum=100),
        "distribution": charts.counts_chart(monitoring.histogram(scores)),
        "month_name": MONTH_NAMES[min(card.month, 12) - 1] if card.month >= 1 else "",
        "month_names": MONTH_NAMES,
        "expected": monitoring.expected_progress(card.month),
    }


@plan_view
def dashboard(request):
    card = selectors.scorecard(request.plan, month=_month(request))
    context = _monitoring_context(card, card.objectives, card.units)
    context["all_units"] = card.units
    context["trail"] = [("Monitoraggio e valutazione", None)]
    return render(request, "evaluation/dashboard.html", context)


@plan_view
def unit_dashboard(request, unit_id: int):
    unit = get_unit_for(request.plan, unit_id)
    card = selectors.scorecard(request.plan, month=_month(request))
    units = [u for u in card.units if u.unit.pk == unit.pk]
    objectives = [o for o in card.objectives if o.objective.unit_id == unit.pk]
    context = _monitoring_context(card, objectives, units)
    context.update(unit=unit, all_units=card.units, trail=_trail(request, (unit.name, None)))
    return render(request, "evaluation/dashboard.html", context)


@plan_view
def my_objectives(request):
    plan = request.plan
    account = (
        EmployeeAccount.objects.filter(plan=plan, user=request.user).select_related("employee__unit").first()
    )
    context = {"account": account, "trail": _trail(request, ("I miei obiettivi", None))}
    if account:
        card = selectors.scorecard(plan)
        person = next(p for p in selectors.people(plan, card) if p.employee.pk == account.employee_id)
        mine = []
        for result in card.objectives:
            share = next(
                (p for p in result.objective.participations.all() if p.employee_id == account.employee_id),
                None,
            )
            if share is not None:
                mine.append((result, share))
        # A titolare di E.Q. answers for the objectives of the units it directs: their results
        # are its own (selectors.people), whether or not it is listed among their staff.
        headed = {u.pk for u in person.employee.headed_units.all()} if person.employee.is_eq_holder else set()
        listed = {r.objective.pk for r, _ in mine}
        directed = [
            r for r in card.objectives if r.objective.unit_id in headed and r.objective.pk not in listed
        ]
        context.update(person=person, mine=mine, directed=directed, card=card)
    return render(request, "evaluation/my_objectives.html", context)


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
            "trail": _trail(request, (f"Verifiche: {objective.title[:50]}", None)),
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
    review = services.current_review(objective, review_kind)
    if review is not None and review.is_validated:
        messages.warning(request, services.ValidatedReview.message)
        return redirect("evaluation:objective", *_urlargs(request), objective.pk)
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
            try:
                services.save_review(
                    objective=objective,
                    kind=review_kind,
                    review_form=review_form,
                    value_forms=value_forms,
                    phase_forms=phase_forms,
                    user=request.user,
                )
            except StaleEdit:
                review_form.report_stale()
            except ValidatedReview as error:
                review_form.add_error(None, str(error))
            else:
                messages.success(request, f"{review_kind.label} salvata.")
                return redirect("evaluation:objective", *_urlargs(request), objective.pk)
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
            "trail": _objective_trail(request, objective, (review_kind.label, None)),
        },
    )


@plan_view
def review_judgements(request, review_id: int):
    review = selectors.get_review_for(request.plan, review_id)
    if not can_validate(request.membership):
        raise PermissionDenied("I giudizi sugli indicatori descrittivi spettano al Nucleo di valutazione.")
    if review.is_validated:
        messages.warning(request, services.ValidatedReview.message)
        return redirect("evaluation:objective", *_urlargs(request), review.objective_id)
    values = [v for v in review.values.select_related("indicator") if v.indicator.kind == "text"]
    data = request.POST if request.method == "POST" else None
    forms = [
        JudgementForm(data, value=v, initial={"judgement": v.judgement}, prefix=f"g{v.pk}") for v in values
    ]
    if request.method == "POST" and all(f.is_valid() for f in forms):
        try:
            services.save_judgements(
                review=review, forms=forms, user=request.user, expected_version=posted_version(request.POST)
            )
        except (ValidatedReview, StaleEdit) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Giudizi salvati.")
            return redirect("evaluation:objective", *_urlargs(request), review.objective_id)
    trail = _objective_trail(request, review.objective, ("Giudizi del Nucleo", None))
    return render(request, "evaluation/judgements.html", {"review": review, "forms": forms, "trail": trail})


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
    return redirect("evaluation:objective", *_urlargs(request), review.objective_id)


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
                "evaluation:review_edit", *_urlargs(request), review.objective_id, review.kind_slug
            )
    trail = _objective_trail(request, review.objective, ("Nuova revisione", None))
    return render(request, "evaluation/revision.html", {"review": review, "form": form, "trail": trail})


# --- Evaluation system ------------------------------------------------------------------


@plan_view
def system_detail(request):
    system = selectors.evaluation_system(request.plan)
    return render(
        request,
        "evaluation/system.html",
        {
            "system": system,
            "criteria": selectors.criteria_of(system),
            "bands": list(system.bands.all()) if system.pk else [],
            "presets": presets().values(),
            "can_edit": can_edit_system(request.membership),
            "trail": _trail(request, ("Sistema di misurazione e valutazione", None)),
        },
    )


@plan_view(roles=PLAN_EDITORS)
def system_edit(request):
    plan = request.plan
    system = selectors.evaluation_system(plan)
    data = request.POST if request.method == "POST" else None
    form = EvaluationSystemForm(data, instance=system, plan=plan)
    # The criteria and bands of a system not yet saved are the defaults: editable once saved,
    # and posted only by a page that showed them (one opened before the first save did not).
    parts = system.pk is not None and (data is None or "criteri-TOTAL_FORMS" in data)
    criteria = CriterionFormSet(data, prefix="criteri", instance=system) if parts else None
    bands = BandFormSet(data, prefix="fasce", instance=system) if parts else None
    formsets_valid = not parts or (criteria.is_valid() and bands.is_valid())
    if request.method == "POST" and form.is_valid() and formsets_valid:
        try:
            services.save_system(
                plan=plan, form=form, criteria_formset=criteria, bands_formset=bands, user=request.user
            )
        except StaleEdit:
            form.report_stale()
        else:
            messages.success(request, "Sistema di misurazione e valutazione salvato.")
            return redirect("evaluation:system", *_urlargs(request))
    trail = _trail(
        request,
        ("Sistema di misurazione e valutazione", plan_url(plan, "evaluation:system")),
        ("Parametri", None),
    )
    return render(
        request,
        "evaluation/system_form.html",
        {"form": form, "criteria": criteria, "bands": bands, "trail": trail},
    )


@plan_view(roles=PLAN_EDITORS)
@require_POST
def system_preset(request):
    key = request.POST.get("preset", "")
    if key not in presets():
        raise Http404("Modello inesistente.")
    try:
        services.apply_preset(plan=request.plan, key=key, user=request.user)
    except services.ReviewProblem as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Applicato il modello «{presets()[key].title}».")
    return redirect("evaluation:system", *_urlargs(request))


# --- Scores, people, bonus ----------------------------------------------------------------


@plan_view
def scores(request):
    card = selectors.scorecard(request.plan)
    return render(
        request, "evaluation/scores.html", {"card": card, "trail": _trail(request, ("Punteggi", None))}
    )


def _visibility(request, persons) -> tuple[set[int], set[int]]:
    scope = unit_scope(request.membership, request.plan)
    own = own_employee_ids(request.plan, request.user)
    return scope, visible_employee_ids(request.membership, scope, [p.employee for p in persons], own)


@plan_view
def people_list(request):
    card = selectors.scorecard(request.plan)
    persons = selectors.people(request.plan, card)
    scope, visible = _visibility(request, persons)
    rows = [
        (p, can_assess(request.membership, p.employee, scope)) for p in persons if p.employee.pk in visible
    ]
    scores = [p.score.value for p in persons if p.score.value is not None]
    return render(
        request,
        "evaluation/people.html",
        {
            "rows": rows,
            "hidden": len(persons) - len(rows),
            "distribution": charts.counts_chart(monitoring.histogram(scores)),
            "system": card.system,
            "trail": _trail(request, ("Valutazione individuale", None)),
        },
    )


@plan_view
def person_detail(request, employee_id: int):
    plan = request.plan
    employee = get_employee_for(plan, employee_id)
    card = selectors.scorecard(plan)
    person = next(p for p in selectors.people(plan, card) if p.employee.pk == employee.pk)
    scope, visible = _visibility(request, [person])
    assess = can_assess(request.membership, employee, scope)
    if employee.pk not in visible and not assess:
        raise PermissionDenied("Non può vedere la valutazione di questo dipendente.")
    if request.method == "POST" and not assess:
        raise PermissionDenied("Non può valutare questo dipendente.")
    form = None
    system = card.system
    if assess and system.pk:
        criteria = [c for c in system.criteria.all() if c.applies_to(employee)]
        assessment = person.assessment
        initial = {"assessed_on": timezone.localdate(), "expected_version": 0}
        if assessment:
            initial = {
                "assessed_on": assessment.assessed_on,
                "note": assessment.note,
                "expected_version": assessment.version,
            }
            initial.update({f"c{c.pk}": v for c, v in person.criteria if v is not None})
        form = AssessmentForm(
            request.POST or None,
            plan=plan,
            criteria=criteria,
            scale_max=system.behaviour_scale_max,
            initial=initial,
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.save_assessment(plan=plan, employee=employee, form=form, user=request.user)
            except StaleEdit as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Valutazione dei comportamenti salvata.")
                return redirect("evaluation:person", *_urlargs(request), employee.pk)
    return render(
        request,
        "evaluation/person.html",
        {
            "person": person,
            "form": form,
            "system": system,
            "can_assess": assess,
            "trail": _trail(
                request,
                ("Valutazione individuale", plan_url(plan, "evaluation:people")),
                (str(employee), None),
            ),
        },
    )


@plan_view
def bonus(request):
    plan = request.plan
    card = selectors.scorecard(plan)
    persons = selectors.people(plan, card)
    funds = selectors.bonus(plan, card, persons)
    _, visible = _visibility(request, persons)
    return render(
        request,
        "evaluation/bonus.html",
        {
            "funds": funds,
            "visible": {str(pk) for pk in visible},
            "can_edit": can_edit_system(request.membership),
            "system": card.system,
            "trail": _trail(request, ("Premi", None)),
        },
    )


@plan_view(roles=PLAN_EDITORS)
def funds_edit(request):
    plan = request.plan
    formset = BonusFundFormSet(
        request.POST or None,
        queryset=BonusFund.objects.filter(plan=plan).select_related("unit"),
        form_kwargs={"plan": plan},
        prefix="fondi",
    )
    share_choices(formset, "unit")
    if request.method == "POST" and formset.is_valid():
        try:
            services.save_funds(plan=plan, formset=formset, user=request.user)
        except StaleEdit as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Fondi per la performance salvati.")
            return redirect("evaluation:bonus", *_urlargs(request))
    trail = _trail(request, ("Premi", plan_url(plan, "evaluation:bonus")), ("Fondi per la performance", None))
    return render(request, "evaluation/funds_form.html", {"formset": formset, "trail": trail})


@plan_view(roles=PLAN_EDITORS)
def accounts(request):
    plan = request.plan
    employees = plan.employees.select_related("unit", "account")
    users = (
        get_user_model()
        .objects.filter(memberships__organization=request.organization)
        .order_by("last_name", "first_name", "username")
    )
    initial = {f"e{e.pk}": e.account.user_id for e in employees if hasattr(e, "account")}
    form = EmployeeAccountForm(request.POST or None, employees=employees, users=users, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.link_accounts(plan=plan, changes=form.changes(), user=request.user)
        except StaleEdit as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Collegamenti salvati.")
            return redirect("evaluation:accounts", *_urlargs(request))
    trail = _trail(
        request,
        ("Valutazione individuale", plan_url(plan, "evaluation:people")),
        ("Dipendenti e utenti", None),
    )
    return render(request, "evaluation/accounts.html", {"form": form, "trail": trail})


# --- Relazione sulla performance --------------------------------------------------------


@plan_view
def report(request):
    data = build_report(request.plan, request.membership)
    return render(
        request,
        "evaluation/report.html",
        {
            "report": data,
            "can_validate": can_validate(request.membership),
            "trail": _trail(request, ("Relazione sulla performance", None)),
        },
    )


@plan_view
def report_file(request, fmt: str):
    """The Relazione as DOCX or PDF/A, laid out once (documents.parts.relazione) like the PIAO;
    individual names only where this member may see them."""
    printed = print_plan(request.plan, fmt=fmt, document="relazione", membership=request.membership)
    response = HttpResponse(printed.content, content_type=printed.content_type)
    response["Content-Disposition"] = f'attachment; filename="{printed.filename}"'
    return response


@plan_view
@require_POST
def report_validate(request):
    if not can_validate(request.membership):
        raise PermissionDenied("Valida la Relazione il Nucleo di valutazione.")
    form = ReportValidationForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Osservazioni: " + " ".join(form.errors["note"]))
        return redirect("evaluation:report", *_urlargs(request))
    services.validate_report(plan=request.plan, user=request.user, note=form.cleaned_data["note"])
    messages.success(request, "Relazione sulla performance validata.")
    return redirect("evaluation:report", *_urlargs(request))
