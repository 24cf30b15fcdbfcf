from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from openpiao.core.forms import add_errors, model_values
from openpiao.core.locking import StaleEdit
from openpiao.organizations.models import PLAN_EDITORS, Role
from openpiao.plans.access import plan_url, plan_view

from .forms import EmployeeForm, MemberUnitsForm, OrgUnitForm, UnitResourceForm
from .selectors import get_employee_for, get_unit_for, get_unit_resource_for
from .services import delete_unit_resource, save_employee, save_unit, save_unit_resource, set_unit_editors
from .tree import flatten, link_parents, unit_tree

SECTION = "Struttura organizzativa e personale"


def _form_page(request, form, heading: str):
    index = plan_url(request.plan, "organization_chart:index")
    trail = [(SECTION, index), (heading, None)]
    return render(
        request, "form_page.html", {"form": form, "heading": heading, "trail": trail, "cancel_url": index}
    )


@plan_view
def index(request):
    plan = request.plan
    # A row by category counts as its number of people.
    units = link_parents(
        list(
            plan.units.select_related("head").annotate(
                employee_count=Coalesce(Sum("employees__headcount"), 0)
            )
        )
    )
    employees = plan.employees.select_related("unit").order_by("unit__order", "last_name", "first_name")
    resources = plan.unit_resources.select_related("unit").order_by(
        "unit__order", "unit__name", "order", "pk"
    )
    return render(
        request,
        "organization_chart/index.html",
        {
            "rows": flatten(unit_tree(units)),
            "employees": employees,
            "resources": resources,
            "editable": request.membership.can_edit_plan and plan.is_editable,
            "trail": [(SECTION, None)],
        },
    )


def _save(request, form, service, row, done: str):
    """Save a valid form through `service`; on a stale edit or a refused row, the same page
    again with the message (None)."""
    try:
        service(
            plan=request.plan,
            values=model_values(form),
            expected_version=form.cleaned_data.get("expected_version"),
            user=request.user,
            **row,
        )
    except StaleEdit:
        form.report_stale()
        return None
    except ValidationError as error:
        add_errors(form, error)
        return None
    messages.success(request, done)
    return redirect("organization_chart:index", request.organization.slug, request.plan.first_year)


@plan_view(roles=PLAN_EDITORS, editing=True)
def unit_edit(request, unit_id=None):
    unit = get_unit_for(request.plan, unit_id) if unit_id else None
    form = OrgUnitForm(request.POST or None, instance=unit, plan=request.plan)
    if (
        request.method == "POST"
        and form.is_valid()
        and (saved := _save(request, form, save_unit, {"unit": unit}, "Unità salvata."))
    ):
        return saved
    return _form_page(request, form, "Unità organizzativa")


@plan_view(roles=PLAN_EDITORS, editing=True)
def employee_edit(request, employee_id=None):
    employee = get_employee_for(request.plan, employee_id) if employee_id else None
    form = EmployeeForm(request.POST or None, instance=employee, plan=request.plan)
    if (
        request.method == "POST"
        and form.is_valid()
        and (saved := _save(request, form, save_employee, {"employee": employee}, "Dipendente salvato."))
    ):
        return saved
    return _form_page(request, form, "Dipendente")


@plan_view(roles=PLAN_EDITORS, editing=True)
def resource_edit(request, resource_id=None):
    resource = get_unit_resource_for(request.plan, resource_id) if resource_id else None
    form = UnitResourceForm(request.POST or None, instance=resource, plan=request.plan)
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            saved := _save(
                request, form, save_unit_resource, {"resource": resource}, "Risorsa dell'unità salvata."
            )
        )
    ):
        return saved
    return _form_page(request, form, "Risorsa dell'unità")


@plan_view(roles=PLAN_EDITORS, editing=True)
def resource_delete(request, resource_id):
    resource = get_unit_resource_for(request.plan, resource_id)
    index = plan_url(request.plan, "organization_chart:index")
    if request.method == "POST":
        delete_unit_resource(resource=resource, user=request.user)
        messages.success(request, "Risorsa dell'unità eliminata.")
        return redirect(index)
    return render(
        request,
        "organization_chart/resource_delete.html",
        {"resource": resource, "back": index, "trail": [(SECTION, index), ("Elimina la risorsa", None)]},
    )


@plan_view(roles={Role.ADMIN})
def member_units(request, membership_id: int):
    """The units a responsabile di unità edits in this plan, chosen by the ente's administrator
    from «Persone e accessi» (also on an adopted plan: the verifiche are entered there)."""
    plan = request.plan
    membership = get_object_or_404(request.organization.memberships.select_related("user"), pk=membership_id)
    form = MemberUnitsForm(
        request.POST if request.method == "POST" else None,  # no box ticked posts nothing else
        plan=plan,
        initial={"units": list(plan.units.filter(editors=membership.user_id).values_list("pk", flat=True))},
    )
    if request.method == "POST" and form.is_valid():
        try:
            set_unit_editors(
                plan=plan,
                membership=membership,
                unit_ids=[unit.pk for unit in form.cleaned_data["units"]],
                user=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Unità di {membership.user} nel {plan.display_title} salvate.")
            return redirect("organizations:members", request.organization.slug)
    person = membership.user.get_full_name() or membership.user.get_username()
    heading = f"Unità di {person} · {plan.display_title}"
    members = reverse("organizations:members", args=[request.organization.slug])
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "heading": heading,
            "trail": [("Persone e accessi", members), (heading, None)],
            "cancel_url": members,
        },
    )
