"""Scores, individual evaluation, bonus funds and the links between employees and users."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from openpiao.core.forms import add_errors, add_row_errors, formset_rows, share_choices
from openpiao.core.locking import StaleEdit
from openpiao.organization_chart.scope import unit_scope
from openpiao.organization_chart.selectors import get_employee_for
from openpiao.organizations.models import PLAN_EDITORS
from openpiao.plans.access import plan_url, plan_view

from .. import charts, monitoring, selectors, services
from ..forms import AssessmentForm, BonusFundFormSet, EmployeeAccountForm
from ..models import BonusFund
from ..permissions import can_assess, can_edit_system, visible_employee_ids
from ..report import own_employee_ids
from .common import section_trail, unit_page, urlargs


@plan_view
def scores(request):
    card = selectors.scorecard(request.plan)
    page = unit_page(request, card.units)
    return render(
        request,
        "evaluation/scores.html",
        {
            "card": card,
            "units": page.units,
            "pages": page,
            "trail": section_trail(request, ("Punteggi", None)),
        },
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
            "trail": section_trail(request, ("Valutazione individuale", None)),
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
                services.save_assessment(
                    plan=plan,
                    employee=employee,
                    values={name: form.cleaned_data[name] for name in ("assessed_on", "note")},
                    votes=form.votes(),
                    expected_version=form.cleaned_data.get("expected_version") or 0,
                    user=request.user,
                )
            except StaleEdit as error:
                form.add_error(None, str(error))
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, "Valutazione dei comportamenti salvata.")
                return redirect("evaluation:person", *urlargs(request), employee.pk)
    return render(
        request,
        "evaluation/person.html",
        {
            "person": person,
            "form": form,
            "system": system,
            "can_assess": assess,
            "trail": section_trail(
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
            "trail": section_trail(request, ("Premi", None)),
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
            services.save_funds(plan=plan, rows=formset_rows(formset), user=request.user)
        except StaleEdit as error:
            messages.error(request, str(error))
        except ValidationError as error:
            add_row_errors(formset, error)
        else:
            messages.success(request, "Fondi per la performance salvati.")
            return redirect("evaluation:bonus", *urlargs(request))
    trail = section_trail(
        request, ("Premi", plan_url(plan, "evaluation:bonus")), ("Fondi per la performance", None)
    )
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
            return redirect("evaluation:accounts", *urlargs(request))
    trail = section_trail(
        request,
        ("Valutazione individuale", plan_url(plan, "evaluation:people")),
        ("Dipendenti e utenti", None),
    )
    return render(request, "evaluation/accounts.html", {"form": form, "trail": trail})
