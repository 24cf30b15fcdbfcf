from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from openpiao.core.forms import add_errors
from openpiao.core.ranges import EARLIEST_YEAR, LATEST_YEAR
from openpiao.organizations.access import organization_view
from openpiao.plans.access import plan_view

from . import rules, services
from .acts import yearly_acts
from .feed import user_feed
from .forms import MarkDoneForm
from .models import FeedToken, secret_hash
from .selectors import MARKERS, by_month, can_mark, find_entry, plan_calendar, year_calendar


def _page(request, template: str, entries, context: dict):
    role = request.membership.role
    return render(
        request,
        template,
        {
            **context,
            "months": by_month(entries),
            "markable": {e.key for e in entries if e.markable and can_mark(role, e.deadline.kind)},
        },
    )


@organization_view
def current_year(request):
    return redirect("deadlines:year", request.organization.slug, timezone.localdate().year)


@organization_view
def year_page(request, year: int):
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise Http404("Anno non valido.")
    entries = year_calendar(request.organization, year)
    return _page(
        request,
        "deadlines/year.html",
        entries,
        {
            "year": year,
            "entries": entries,
            "attestation_pending": rules.oiv_attestation(year, yearly_acts()) is None,
            "trail": [(f"Scadenzario {year}", None)],
        },
    )


@plan_view
def plan_page(request):
    entries = plan_calendar(request.plan)
    return _page(
        request,
        "deadlines/plan.html",
        entries,
        {"plan": request.plan, "entries": entries, "trail": [("Scadenze del piano", None)]},
    )


def _refuse_non_markers(request) -> None:
    if request.membership.role not in MARKERS:
        raise PermissionDenied("Il suo ruolo non consente di segnare le scadenze.")


def _back(request, entry) -> str:
    return (
        reverse("deadlines:year", args=[request.organization.slug, entry.deadline.due.year]) + f"#{entry.key}"
    )


@organization_view
@require_POST
def mark_done(request):
    _refuse_non_markers(request)
    form = MarkDoneForm(request.POST)
    entry = find_entry(request.organization, request.POST.get("key", ""))
    if entry is None:
        raise Http404("Scadenza non trovata.")
    if not can_mark(request.membership.role, entry.deadline.kind):
        raise PermissionDenied("Il suo ruolo non consente di segnare questa scadenza.")
    if form.is_valid():
        try:
            services.mark_done(
                organization=request.organization,
                entry=entry,
                done_on=form.cleaned_data["done_on"],
                user=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"«{entry.deadline.title}» segnato come svolto.")
            return redirect(_back(request, entry))
    entries = year_calendar(request.organization, entry.deadline.due.year)
    response = _page(
        request,
        "deadlines/year.html",
        entries,
        {
            "year": entry.deadline.due.year,
            "entries": entries,
            "trail": [("Scadenzario", None)],
            "failed": form,
        },
    )
    response.status_code = 400
    return response


@organization_view
@require_POST
def reopen(request):
    _refuse_non_markers(request)
    entry = find_entry(request.organization, request.POST.get("key", ""))
    if entry is None:
        raise Http404("Scadenza non trovata.")
    if not can_mark(request.membership.role, entry.deadline.kind):
        raise PermissionDenied("Il suo ruolo non consente di riaprire questa scadenza.")
    services.reopen(organization=request.organization, entry=entry, user=request.user)
    messages.success(request, f"«{entry.deadline.title}» di nuovo da svolgere.")
    return redirect(_back(request, entry))


@login_required
def feed_settings(request):
    token = None
    if request.method == "POST":
        if request.POST.get("azione") == "revoca":
            services.revoke_feed_token(user=request.user)
            messages.success(
                request, "Indirizzo del calendario revocato: chi lo usava non riceve più le scadenze."
            )
            return redirect("deadlines:feed_settings")
        token = services.new_feed_token(user=request.user)
    return render(
        request,
        "deadlines/feed_settings.html",
        {
            "has_feed": FeedToken.objects.filter(user=request.user).exists(),
            "feed_url": request.build_absolute_uri(reverse("deadlines:feed", args=[token])) if token else "",
        },
    )


def feed(request, token: str):
    """The calendar of whoever holds the secret address; the same 404 for a wrong or revoked one."""
    owner = FeedToken.objects.filter(token_hash=secret_hash(token)).select_related("user").first()
    if owner is None or not owner.user.is_active:
        raise Http404("Calendario non trovato.")
    body = user_feed(owner.user, base_url=request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="scadenze-piao.ics"'
    return response
