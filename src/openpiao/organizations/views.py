from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from openpiao.core.forms import add_errors, add_row_errors, formset_rows, model_values
from openpiao.core.locking import StaleEdit
from openpiao.core.rows import RowsInvalid

from .access import organization_view
from .forms import OrganizationForm, YearlyFiguresFormSet
from .models import PLAN_EDITORS, REGISTER_READERS, SIMPLIFIED_REGIME_EMPLOYEE_LIMIT, Membership
from .services import update_organization


@login_required
def organization_list(request):
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("organization")
        .order_by("organization__name")
    )
    return render(request, "organizations/list.html", {"memberships": memberships})


@organization_view
def organization_home(request):
    organization = request.organization
    return render(
        request,
        "organizations/home.html",
        {
            "figures": organization.figures.all(),
            "plans": organization.plans.all(),
            "latest": organization.latest_figures(),
            "limit": SIMPLIFIED_REGIME_EMPLOYEE_LIMIT,
            "can_read_register": request.membership.role in REGISTER_READERS,
        },
    )


@organization_view(roles=PLAN_EDITORS)
def organization_edit(request):
    organization = request.organization
    form = OrganizationForm(request.POST or None, instance=organization)
    figures = YearlyFiguresFormSet(request.POST or None, instance=organization, prefix="figures")
    if request.method == "POST" and form.is_valid() and figures.is_valid():
        try:
            update_organization(
                organization=organization,
                values=model_values(form),
                figures=formset_rows(figures),
                expected_version=form.cleaned_data["expected_version"],
                user=request.user,
            )
        except StaleEdit:
            form.report_stale()
        except RowsInvalid as error:
            add_row_errors(figures, error)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Anagrafica salvata.")
            return redirect("organizations:home", organization.slug)
    return render(
        request,
        "organizations/edit.html",
        {"form": form, "figures": figures, "trail": [("Modifica anagrafica", None)]},
    )
