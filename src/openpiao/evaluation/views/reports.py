"""The Relazione sulla performance: page, printed files, validation by the Nucleo."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from openpiao.plans.access import plan_url, plan_view

from .. import services
from ..forms import ReportValidationForm
from ..integrated_report import build_integrated_report, print_integrated_report
from ..permissions import can_validate
from ..report import build_report
from .common import section_trail, urlargs


@plan_view
def report(request):
    data = build_report(request.plan, request.membership)
    return render(
        request,
        "evaluation/report.html",
        {
            "report": data,
            "can_validate": can_validate(request.membership),
            "trail": section_trail(request, ("Relazione sulla performance", None)),
        },
    )


@plan_view
def report_file(request, fmt: str):
    """The Relazione as DOCX or PDF/A is printed in the background with the PIAO's prints
    (documents.jobs: individual names only where this member may see them); the page's buttons
    link there, and this address, kept for bookmarks, sends there."""
    return redirect(f"{plan_url(request.plan, 'documents:print', fmt)}?documento=relazione")


@plan_view
@require_POST
def report_validate(request):
    if not can_validate(request.membership):
        raise PermissionDenied("Valida la Relazione il Nucleo di valutazione.")
    form = ReportValidationForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Osservazioni: " + " ".join(form.errors["note"]))
        return redirect("evaluation:report", *urlargs(request))
    services.validate_report(plan=request.plan, user=request.user, note=form.cleaned_data["note"])
    messages.success(request, "Relazione sulla performance validata.")
    return redirect("evaluation:report", *urlargs(request))


@plan_view
def integrated_report(request):
    """The annual integrated report on the PIAO, beside the Relazione sulla performance."""
    return render(
        request,
        "evaluation/integrated_report.html",
        {
            "report": build_integrated_report(request.plan),
            "trail": section_trail(request, ("Report di monitoraggio integrato", None)),
        },
    )


@plan_view
def integrated_report_file(request, fmt: str):
    printed = print_integrated_report(request.plan, fmt=fmt)
    response = HttpResponse(printed.content, content_type=printed.content_type)
    response["Content-Disposition"] = f'attachment; filename="{printed.filename}"'
    return response
