from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render

from openpiao.core.forms import add_errors, model_values
from openpiao.core.locking import StaleEdit
from openpiao.organizations.models import PLAN_EDITORS
from openpiao.plans.access import plan_url, plan_view

from .forms import EmployeeForm, OrgUnitForm
from .selectors import get_employee_for, get_unit_for
from .services import save_employee, save_unit
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
    units = link_parents(list(plan.units.select_related("head").annotate(employee_count=Count("employees"))))
    employees = plan.employees.select_related("unit").order_by("unit__order", "last_name", "first_name")
    return render(
        request,
        "organization_chart/index.html",
        {
            "rows": flatten(unit_tree(units)),
            "employees": employees,
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
