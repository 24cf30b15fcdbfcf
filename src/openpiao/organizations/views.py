from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render

from openpiao.core.forms import add_errors, add_row_errors, formset_rows, model_values
from openpiao.core.locking import StaleEdit
from openpiao.core.rows import RowsInvalid

from .access import organization_view
from .forms import CoatOfArmsForm, OrganizationForm, YearlyFiguresFormSet
from .models import (
    PLAN_EDITORS,
    REGISTER_READERS,
    SIMPLIFIED_REGIME_EMPLOYEE_LIMIT,
    Membership,
    is_service_operator,
)
from .services import set_coat_of_arms, update_organization


@login_required
def organization_list(request):
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("organization")
        .order_by("organization__name")
    )
    return render(
        request,
        "organizations/list.html",
        {"memberships": memberships, "operator": is_service_operator(request.user)},
    )


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
            "coat_form": CoatOfArmsForm() if request.membership.can_edit_plan else None,
            "can_read_register": request.membership.role in REGISTER_READERS,
        },
    )


@organization_view(roles=PLAN_EDITORS)
def coat_of_arms_upload(request):
    """The ente's coat of arms, uploaded once by its amministratore or segretario."""
    organization = request.organization
    if request.method != "POST":
        return redirect("organizations:home", organization.slug)
    form = CoatOfArmsForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            set_coat_of_arms(organization=organization, file=form.cleaned_data["image"], user=request.user)
        except ValidationError as error:
            form.add_error("image", error)
        else:
            messages.success(request, "Stemma salvato: sarà stampato sulla copertina del piano.")
            return redirect("organizations:home", organization.slug)
    return render(
        request,
        "organizations/coat_of_arms.html",
        {"coat_form": form, "trail": [("Stemma dell'ente", None)]},
        status=400,
    )


@organization_view
def coat_of_arms_image(request):
    organization = request.organization
    if not organization.coat_of_arms:
        raise Http404("L'ente non ha caricato lo stemma.")
    return FileResponse(organization.coat_of_arms.open("rb"))


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
