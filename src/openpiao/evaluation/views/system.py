"""The ente's evaluation system (SMVP): parameters, criteria, merit bands, presets."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from openpiao.core.forms import add_errors, formset_rows, model_values
from openpiao.core.locking import StaleEdit
from openpiao.organizations.models import PLAN_EDITORS
from openpiao.plans.access import plan_url, plan_view

from .. import selectors, services, smvp
from ..forms import BandFormSet, CriterionFormSet, EvaluationSystemForm, IndicatorScaleForm
from ..permissions import can_edit_system
from ..presets import presets
from ..printing import settings_lines
from .common import section_trail, urlargs


@plan_view
def system_detail(request):
    system = selectors.evaluation_system(request.plan)
    indicators = selectors.scorable_indicators(request.plan)
    scales = [i.scale for i in indicators if getattr(i, "scale", None) is not None]
    return render(
        request,
        "evaluation/system.html",
        {
            "system": system,
            "rules": settings_lines(system, scales),
            "indicators": indicators,
            "criteria": selectors.criteria_of(system),
            "bands": list(system.bands.all()) if system.pk else [],
            "presets": presets().values(),
            "can_edit": can_edit_system(request.membership) and request.plan.is_editable,
            "adopted": not request.plan.is_editable,
            "trail": section_trail(request, ("Sistema di misurazione e valutazione", None)),
        },
    )


@plan_view(roles=PLAN_EDITORS, editing=True)
def system_edit(request):
    plan = request.plan
    system = selectors.evaluation_system(plan)
    data = request.POST if request.method == "POST" else None
    form = EvaluationSystemForm(data, instance=system, plan=plan)
    # The criteria and bands of a system not yet saved are the defaults: editable once saved,
    # and posted only by a page that showed them (one opened before the first save did not).
    parts = system.pk is not None and (data is None or "criteri-TOTAL_FORMS" in data)
    criteria = CriterionFormSet(data, prefix="criteri", instance=system) if parts else None
    bands = BandFormSet(data, prefix="fasce", instance=system) if parts else None
    formsets_valid = not parts or (criteria.is_valid() and bands.is_valid())
    if request.method == "POST" and form.is_valid() and formsets_valid:
        try:
            services.save_system(
                plan=plan,
                system=system if system.pk else None,
                values=model_values(form),
                criteria=formset_rows(criteria) if parts else None,
                bands=formset_rows(bands) if parts else None,
                expected_version=form.cleaned_data.get("expected_version") or 0,
                user=request.user,
            )
        except StaleEdit:
            form.report_stale()
        except ValidationError as error:  # also a row of the criteria or bands: above the form
            add_errors(form, error)
        else:
            messages.success(request, "Sistema di misurazione e valutazione salvato.")
            return redirect("evaluation:system", *urlargs(request))
    trail = section_trail(
        request,
        ("Sistema di misurazione e valutazione", plan_url(plan, "evaluation:system")),
        ("Parametri", None),
    )
    return render(
        request,
        "evaluation/system_form.html",
        {"form": form, "criteria": criteria, "bands": bands, "trail": trail},
    )


@plan_view(roles=PLAN_EDITORS, editing=True)
def indicator_scale(request, indicator_id: int):
    """The fasce di punteggio of one indicator of the plan, as the ente's system writes them."""
    plan = request.plan
    indicator = selectors.get_scorable_indicator_for(plan, indicator_id)
    scale = getattr(indicator, "scale", None)
    polarity = smvp.LOWER_IS_BETTER if indicator.direction in ("le", "lt") else smvp.HIGHER_IS_BETTER
    initial = {"basis": scale.basis, "bands": smvp.format_bands(scale.band_rows())} if scale else {}
    form = IndicatorScaleForm(
        request.POST if request.method == "POST" else None, initial=initial, polarity=polarity
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_scale(
                plan=plan,
                indicator=indicator,
                basis=form.cleaned_data["basis"],
                bands=form.cleaned_data["band_rows"],
                user=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Fasce di punteggio salvate.")
            return redirect("evaluation:system", *urlargs(request))
    trail = section_trail(
        request,
        ("Sistema di misurazione e valutazione", plan_url(plan, "evaluation:system")),
        ("Fasce di punteggio", None),
    )
    return render(
        request,
        "evaluation/scale_form.html",
        {
            "form": form,
            "indicator": indicator,
            "lower_is_better": polarity == smvp.LOWER_IS_BETTER,
            "trail": trail,
        },
    )


@plan_view(roles=PLAN_EDITORS, editing=True)
@require_POST
def system_preset(request):
    key = request.POST.get("preset", "")
    if key not in presets():
        raise Http404("Modello inesistente.")
    try:
        services.apply_preset(plan=request.plan, key=key, user=request.user)
    except services.ReviewProblem as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Applicato il modello «{presets()[key].title}».")
    return redirect("evaluation:system", *urlargs(request))
