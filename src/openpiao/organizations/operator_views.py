"""The service operator's area: the enti of the installation, a new ente from the ISTAT list of
comuni (or not in it: an Unione di comuni), the invitation of an ente's administrator."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from openpiao.core.forms import add_errors, model_values

from .access import operator_view
from .comuni import CENSUS_YEAR, ISTAT_CREDIT, find_comune, search_comuni
from .forms import InvitationForm, OrganizationCreateForm, PasswordLoginForm
from .models import Invitation, Membership, Organization, Role
from .services import create_organization, invite, set_password_login

TRAIL = ("Area dell'operatore del servizio", "organizations:operator")


def _trail(*items) -> list:
    return [(TRAIL[0], reverse(TRAIL[1])), *items]


@operator_view
def operator_home(request):
    organizations = list(Organization.objects.annotate(members=Count("memberships")).order_by("name"))
    admins: dict[int, list] = {}
    for membership in Membership.objects.filter(role=Role.ADMIN).select_related("user"):
        admins.setdefault(membership.organization_id, []).append(membership.user)
    pending: dict[int, list] = {}
    for invitation in Invitation.objects.filter(role=Role.ADMIN, accepted_at=None, cancelled_at=None):
        pending.setdefault(invitation.organization_id, []).append(invitation)
    rows = [
        {"organization": o, "admins": admins.get(o.pk, []), "pending": pending.get(o.pk, [])}
        for o in organizations
    ]
    return render(request, "organizations/operator/home.html", {"rows": rows, "trail": [(TRAIL[0], None)]})


@operator_view
def comuni_search(request):
    """The picker's results as the operator types (htmx); each one opens the form prefilled."""
    query = request.GET.get("q", "")[:80]
    return render(
        request,
        "organizations/operator/comuni.html",
        {"query": query, "results": search_comuni(query), "credit": ISTAT_CREDIT},
    )


@operator_view
def operator_create(request):
    comune = find_comune(request.GET.get("comune", ""))
    initial = {}
    if comune:
        initial = {
            "name": comune.official_name,
            "istat_code": comune.istat_code,
            "province": comune.province,
            "cadastral_code": comune.cadastral_code,
        }
    form = OrganizationCreateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            organization, invitation = create_organization(
                values=model_values(form),
                figures=form.figures(),
                admin_email=form.cleaned_data["admin_email"],
                site=request.build_absolute_uri("/"),
                user=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, f"Creato l'ente {organization.name}: l'invito è stato inviato a {invitation.email}."
            )
            return redirect("organizations:operator")
    return render(
        request,
        "organizations/operator/create.html",
        {
            "form": form,
            "comune": comune,
            "census_year": CENSUS_YEAR,
            "credit": ISTAT_CREDIT,
            "trail": _trail(("Nuovo ente", None)),
        },
    )


@operator_view
def operator_invite(request, org: str):
    """Invite an administrator into an ente (its first one, or another when none answers)."""
    organization = get_object_or_404(Organization, slug=org)
    form = InvitationForm(request.POST or None, initial={"role": Role.ADMIN})
    del form.fields["role"]
    if request.method == "POST" and form.is_valid():
        try:
            invite(
                organization=organization,
                email=form.cleaned_data["email"],
                role=Role.ADMIN,
                tax_code=form.cleaned_data["tax_code"],
                site=request.build_absolute_uri("/"),
                user=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Invito inviato a {form.cleaned_data['email']}.")
            return redirect("organizations:operator")
    heading = f"Amministratore di {organization.name}"
    return render(
        request,
        "form_page.html",
        {"form": form, "heading": heading, "trail": _trail((heading, None)), "cancel_url": reverse(TRAIL[1])},
    )


@operator_view
def operator_password_login(request, org: str):
    """Allow or switch off the ente's passwords (its people then enter with SPID or CIE)."""
    organization = get_object_or_404(Organization, slug=org)
    # Bound even when empty: an unchecked box sends nothing, and means «off».
    form = PasswordLoginForm(request.POST)
    if request.method == "POST" and form.is_valid():
        allowed = form.cleaned_data["password_login"]
        set_password_login(organization=organization, allowed=allowed, user=request.user)
        state = "consentito" if allowed else "disattivato"
        messages.success(request, f"Accesso con password {state} per {organization.name}.")
    return redirect("organizations:operator")
