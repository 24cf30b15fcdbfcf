"""Who may enter the ente: the administrator invites, changes roles, revokes; the invited open
their link; anyone in several enti moves between them."""

from urllib.parse import urlparse

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import timezone

from openpiao.core.forms import add_errors

from .access import IDENTITY_SESSION_KEY, organization_view
from .forms import InvitationForm, NewAccountForm, RoleForm
from .models import Role
from .services import (
    InvitationUnusable,
    accept_invitation,
    cancel_invitation,
    change_role,
    create_invited_user,
    find_invitation,
    invite,
    resend_invitation,
    revoke_membership,
)

ADMINS = {Role.ADMIN}
SECTION = "Persone e accessi"


def _trail(request, *items) -> list:
    return [(SECTION, reverse("organizations:members", args=[request.organization.slug])), *items]


def _back(request):
    return redirect("organizations:members", request.organization.slug)


def current_plans(organization) -> list:
    """The plans whose unit heads act now: those in force this year or later, else the latest."""
    plans = list(organization.plans.all())
    year = timezone.localdate().year
    return [p for p in plans if p.last_year >= year] or plans[:1]


def current_units(organization, plans) -> list[tuple[str, str]]:
    """(code, name) of the units of `plans`, one per code (the latest plan's name), in the
    chart's order: what an invitation may give a responsabile di unità."""
    rows = (
        organization.plans.filter(pk__in=[p.pk for p in plans], units__isnull=False)
        .order_by("-first_year", "units__order", "units__name")
        .values_list("units__code", "units__name")
    )
    units: dict[str, str] = {}
    for code, name in rows:
        units.setdefault(code, name)
    return list(units.items())


@organization_view(roles=ADMINS)
def members(request):
    organization = request.organization
    plans = current_plans(organization)
    offered = current_units(organization, plans)
    plan_ids = {p.pk for p in plans}
    memberships = list(
        organization.memberships.select_related("user", "user__identity")
        .prefetch_related("user__edited_units")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    rows = []
    for membership in memberships:
        units = [u for u in membership.user.edited_units.all() if u.plan_id in plan_ids]
        rows.append(
            {
                "membership": membership,
                "units": {p: [u for u in units if u.plan_id == p.pk] for p in plans},
            }
        )
    invitations = list(
        organization.invitations.filter(accepted_at=None, cancelled_at=None).select_related("invited_by")
    )
    names = dict(offered)
    for invitation in invitations:
        invitation.unit_names = [names.get(code, code) for code in invitation.unit_codes]
    return render(
        request,
        "organizations/members.html",
        {
            "rows": rows,
            "plans": plans,
            "invitations": invitations,
            "form": InvitationForm(units=offered),
            "trail": [(SECTION, None)],
        },
    )


@organization_view(roles=ADMINS)
def member_invite(request):
    units = current_units(request.organization, current_plans(request.organization))
    form = InvitationForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            invite(
                organization=request.organization,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                unit_codes=form.cleaned_data.get("unit_codes", []),
                tax_code=form.cleaned_data["tax_code"],
                site=request.build_absolute_uri("/"),
                user=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Invito inviato a {form.cleaned_data['email']}.")
            return _back(request)
    heading = "Invita una persona"
    return render(
        request,
        "organizations/member_invite.html",
        {
            "form": form,
            "heading": heading,
            "trail": _trail(request, (heading, None)),
            "cancel_url": _back(request).url,
        },
    )


@organization_view(roles=ADMINS)
def member_edit(request, membership_id: int):
    membership = get_object_or_404(request.organization.memberships.select_related("user"), pk=membership_id)
    form = RoleForm(request.POST or None, initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        try:
            change_role(membership=membership, role=form.cleaned_data["role"], user=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Ruolo di {membership.user} modificato.")
            return _back(request)
    heading = f"Ruolo di {membership.user.get_full_name() or membership.user.get_username()}"
    return render(
        request,
        "organizations/member_edit.html",
        {
            "form": form,
            "membership": membership,
            "heading": heading,
            "trail": _trail(request, (heading, None)),
        },
    )


@organization_view(roles=ADMINS)
def member_revoke(request, membership_id: int):
    membership = get_object_or_404(request.organization.memberships.select_related("user"), pk=membership_id)
    error = None
    if request.method == "POST":
        try:
            revoke_membership(membership=membership, user=request.user)
        except ValidationError as refused:
            error = refused.messages[0]
        else:
            messages.success(request, f"Accesso di {membership.user} revocato.")
            if membership.user_id == request.user.pk:
                return redirect("organizations:list")
            return _back(request)
    heading = "Revoca dell'accesso"
    return render(
        request,
        "organizations/member_revoke.html",
        {
            "membership": membership,
            "error": error,
            "heading": heading,
            "trail": _trail(request, (heading, None)),
        },
    )


def _invitation_action(request, invitation_id: int, action, done: str):
    invitation = get_object_or_404(request.organization.invitations, pk=invitation_id)
    if request.method == "POST":
        try:
            action(invitation)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, done.format(email=invitation.email))
    return _back(request)


@organization_view(roles=ADMINS)
def invitation_resend(request, invitation_id: int):
    def resend(invitation):
        resend_invitation(invitation=invitation, site=request.build_absolute_uri("/"), user=request.user)

    return _invitation_action(request, invitation_id, resend, "Invito inviato di nuovo a {email}.")


@organization_view(roles=ADMINS)
def invitation_cancel(request, invitation_id: int):
    def cancel(invitation):
        cancel_invitation(invitation=invitation, user=request.user)

    return _invitation_action(request, invitation_id, cancel, "Invito a {email} annullato.")


def invitation_accept(request, token: str):
    """The link of an invitation: a new person sets a password (when the ente allows them) or
    enters with SPID/CIE, someone with an account enters with it; then the ente opens. A used,
    cancelled or expired link says so (410 Gone)."""
    try:
        invitation = find_invitation(token=token)
    except InvitationUnusable as unusable:
        return render(
            request, "organizations/invitation_unusable.html", {"message": str(unusable)}, status=410
        )
    passwords = invitation.organization.password_login
    context = {"invitation": invitation, "token": token, "passwords": passwords}
    if request.user.is_authenticated:
        if request.method == "POST":
            return _enter(request, token, request.user)
        return render(request, "organizations/invitation_accept.html", context)
    email = invitation.email
    if get_user_model().objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists():
        context["login_url"] = f"{reverse('login')}?next={request.path}"
        return render(request, "organizations/invitation_accept.html", context)
    if not passwords:  # SPID/CIE only: the page offers them, and no password is set
        return render(request, "organizations/invitation_accept.html", context)
    form = NewAccountForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():  # no account without its membership
                user = create_invited_user(
                    email=invitation.email,
                    password=form.cleaned_data["password1"],
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                )
                membership = accept_invitation(token=token, user=user)
        except InvitationUnusable as unusable:
            return render(
                request, "organizations/invitation_unusable.html", {"message": str(unusable)}, status=410
            )
        login(request, user, backend="openpiao.organizations.backends.PasswordBackend")
        return _welcome(request, membership)
    context["form"] = form
    return render(request, "organizations/invitation_accept.html", context)


def _enter(request, token: str, user):
    try:
        # Signed in with SPID/CIE: the identity is bound, and checked against the invitation's.
        tax_code = request.session.get(IDENTITY_SESSION_KEY, "")
        membership = accept_invitation(token=token, user=user, tax_code=tax_code)
    except InvitationUnusable as unusable:
        return render(
            request, "organizations/invitation_unusable.html", {"message": str(unusable)}, status=410
        )
    return _welcome(request, membership)


def _welcome(request, membership):
    messages.success(
        request,
        f"Benvenuto in OpenPIAO: ora accede a {membership.organization.name} "
        f"come {membership.get_role_display().lower()}.",
    )
    return redirect("organizations:home", membership.organization.slug)


# Arguments that name a row of one ente or a file: the page has no counterpart in another ente.
_OWN_ROWS = ("_id", "fmt", "number")


def same_page_in(organization, path: str) -> str | None:
    """The address of the page `path` shows, in `organization`: the same plan year if it has
    one, else its latest plan; None when the page names a row (an objective, a process)."""
    try:
        match = resolve(urlparse(path).path)
    except Resolver404:
        return None
    kwargs = dict(match.kwargs)
    if "org" not in kwargs or any(name.endswith(_OWN_ROWS) for name in kwargs):
        return None
    kwargs["org"] = organization.slug
    if "year" in kwargs:
        years = list(organization.plans.values_list("first_year", flat=True))
        if not years:
            return None
        kwargs["year"] = kwargs["year"] if kwargs["year"] in years else max(years)
    try:
        return reverse(match.view_name, kwargs=kwargs)
    except NoReverseMatch:
        return None


@organization_view
def organization_switch(request):
    """The header's ente switcher: the same kind of page in the ente chosen, else its home."""
    target = same_page_in(request.organization, request.GET.get("da", ""))
    return redirect(target or reverse("organizations:home", args=[request.organization.slug]))
