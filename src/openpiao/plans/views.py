from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from openpiao.core.locking import StaleEdit
from openpiao.documents.exchange import export_plan_json
from openpiao.organizations.access import ente_view
from openpiao.organizations.models import PLAN_EDITORS

from .access import plan_view
from .forms import PlanCreateForm, PlanForm
from .services import create_plan, update_plan


@ente_view(roles=PLAN_EDITORS)
def plan_create(request):
    form = PlanCreateForm(request.POST or None, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        plan = create_plan(form=form, user=request.user)
        messages.success(request, f"Creato il {plan.display_title}.")
        return redirect("plans:detail", request.organization.slug, plan.first_year)
    return render(request, "plans/form.html", {"form": form, "heading": "Nuovo piano"})


@plan_view
def plan_detail(request):
    plan = request.plan
    counts = {
        "units": plan.units.count(),
        "employees": plan.employees.count(),
        "objectives": plan.objectives.count(),
        "strategic": plan.strategic_objectives.count(),
    }
    return render(request, "plans/detail.html", {"counts": counts})


@plan_view(roles=PLAN_EDITORS, editing=True)
def plan_edit(request):
    form = PlanForm(request.POST or None, instance=request.plan)
    if request.method == "POST" and form.is_valid():
        try:
            update_plan(form=form, user=request.user)
        except StaleEdit:
            form.report_stale()
        else:
            messages.success(request, "Piano salvato.")
            return redirect("plans:detail", request.organization.slug, request.plan.first_year)
    return render(request, "plans/form.html", {"form": form, "heading": "Modifica piano"})


@plan_view
def plan_export(request):
    plan = request.plan
    response = HttpResponse(export_plan_json(plan), content_type="application/json; charset=utf-8")
    filename = f"{plan.organization.slug}-piao-{plan.triennium}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
