from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from openpiao.core import rulebook
from openpiao.core.forms import add_errors, add_row_errors, formset_rows, model_values, save_settings_form
from openpiao.core.locking import StaleEdit
from openpiao.core.params import query_int
from openpiao.core.rows import RowsInvalid
from openpiao.organization_chart.scope import unit_scope
from openpiao.organizations.models import PLAN_EDITORS
from openpiao.plans.access import plan_url, plan_view

from . import judgment, numeric, small_comuni
from .catalogue import STARTER_MAP_KEY, numeric_criteria, starter_codes
from .forms import (
    AdoptForm,
    AssessmentForm,
    MeasureForm,
    MonitoringForm,
    ProcessForm,
    RiskEventFormSet,
    RiskSettingsForm,
    RpctReportForm,
)
from .models import MonitoringRecord, ProcessTemplate, RpctReport
from .permissions import can_edit_measure, can_edit_process, can_monitor_measure
from .report import report_data
from .selectors import (
    get_measure_for,
    get_process_for,
    indicators_for,
    integrated_map,
    risk_register,
    settings_for,
    starter_map_version,
)
from .services import (
    adopt_templates,
    assess,
    delete_process,
    record_monitoring,
    save_assessment,
    save_measure,
    save_process,
    save_rpct_report,
    save_settings,
    seed_small_comune,
)


def _trail(request, *items):
    return [("Rischi corruttivi", plan_url(request.plan, "risk:register")), *items]


@plan_view
def register(request):
    plan = request.plan
    data = risk_register(plan)
    scope = unit_scope(request.membership, plan)
    return render(
        request,
        "risk/register.html",
        {
            "register": data,
            "settings": settings_for(plan),
            "can_create": scope.any and plan.is_editable,
            "can_manage": request.membership.role in PLAN_EDITORS and plan.is_editable,
            "trail": [("Rischi corruttivi", None)],
        },
    )


@plan_view
def integrated_map_page(request):
    return render(
        request,
        "risk/integrated_map.html",
        {
            "map": integrated_map(request.plan),
            "trail": _trail(request, ("Mappa integrata dei processi", None)),
        },
    )


@plan_view
def process_detail(request, process_id: int):
    process = get_process_for(request.plan, process_id)
    scope = unit_scope(request.membership, request.plan)
    settings = settings_for(request.plan)
    computed = None
    if process.assessment:
        levels = [j.level for j in process.assessment.judgments.all()]
        computed, _ = assess(settings=settings, levels=levels, scores=process.assessment.scores)
        if process.assessment.override_level:
            computed = judgment.apply_override(
                computed, process.assessment.override_level, process.assessment.override_motivation
            )
    return render(
        request,
        "risk/process_detail.html",
        {
            "process": process,
            "scale": settings.level_scale,
            "numeric": settings.method == numeric.NUMERIC,
            "working": computed,
            "can_edit": can_edit_process(scope, process),
            "can_add_measure": scope.covers(process.unit_id) and request.plan.is_editable,
            "trail": _trail(request, (process.name, None)),
        },
    )


@plan_view(editing=True)
def process_edit(request, process_id: int | None = None):
    plan = request.plan
    scope = unit_scope(request.membership, plan)
    units = scope.units(plan)
    process = None
    if process_id is not None:
        process = get_process_for(plan, process_id)
        if not can_edit_process(scope, process):
            raise PermissionDenied("Non può modificare i processi di questa unità.")
    elif not scope.any:
        raise PermissionDenied("Il suo ruolo non consente di mappare processi.")
    form = ProcessForm(request.POST or None, instance=process, plan=plan, units=units)
    if process is None:
        form.fields.pop("expected_version")
    events = RiskEventFormSet(request.POST or None, instance=process, prefix="eventi")
    if request.method == "POST" and form.is_valid() and events.is_valid():
        try:
            process = save_process(
                plan=plan,
                process=process,
                values=model_values(form),
                events=formset_rows(events),
                expected_version=form.cleaned_data.get("expected_version"),
                user=request.user,
            )
        except StaleEdit:
            form.report_stale()
        except RowsInvalid as error:
            add_row_errors(events, error)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Processo salvato.")
            return redirect(plan_url(request.plan, "risk:process", process.pk))
    heading = "Nuovo processo" if process is None else f"Modifica: {process.name}"
    return render(
        request,
        "risk/process_form.html",
        {"form": form, "events": events, "heading": heading, "trail": _trail(request, (heading, None))},
    )


@plan_view(editing=True)
def process_delete(request, process_id: int):
    process = get_process_for(request.plan, process_id)
    if not can_edit_process(unit_scope(request.membership, request.plan), process):
        raise PermissionDenied("Non può eliminare i processi di questa unità.")
    if request.method == "POST":
        delete_process(process=process, user=request.user)
        messages.success(request, "Processo eliminato con le sue valutazioni e misure.")
        return redirect(plan_url(request.plan, "risk:register"))
    return render(
        request,
        "risk/process_delete.html",
        {
            "process": process,
            "trail": _trail(
                request, (process.name, plan_url(request.plan, "risk:process", process.pk)), ("Elimina", None)
            ),
        },
    )


@plan_view(editing=True)
def assessment_edit(request, process_id: int):
    plan = request.plan
    process = get_process_for(plan, process_id)
    if not can_edit_process(unit_scope(request.membership, plan), process):
        raise PermissionDenied("Non può valutare i processi di questa unità.")
    can_override = request.membership.role in PLAN_EDITORS
    settings = settings_for(plan)
    form = AssessmentForm(
        request.POST or None,
        indicators=indicators_for(plan.organization),
        assessment=process.assessment,
        can_override=can_override,
        scale=settings.level_scale,
        criteria=numeric_criteria()[0] if settings.method == numeric.NUMERIC else (),
    )
    if request.method == "POST" and form.is_valid():
        level, motivation = form.override()
        try:
            save_assessment(
                process=process,
                year=plan.reference_year,
                judgments=form.judgments(),
                scores=form.scores(),
                motivation=form.cleaned_data["motivation"],
                override_level=level,
                override_motivation=motivation,
                expected_version=form.cleaned_data.get("expected_version"),
                user=request.user,
            )
        except StaleEdit:
            form.add_error(None, StaleEdit.message)
        except (judgment.JudgmentError, numeric.NumericError) as error:
            form.add_error("override_motivation" if can_override else None, str(error))
        else:
            messages.success(request, "Valutazione salvata.")
            return redirect(plan_url(request.plan, "risk:process", process.pk))
    return render(
        request,
        "risk/assessment_form.html",
        {
            "form": form,
            "process": process,
            "settings": settings,
            "scale": settings.level_scale,
            "trail": _trail(
                request,
                (process.name, plan_url(request.plan, "risk:process", process.pk)),
                ("Valutazione", None),
            ),
        },
    )


@plan_view
def measure_list(request):
    data = risk_register(request.plan)
    return render(
        request,
        "risk/measure_list.html",
        {
            "register": data,
            "can_create": unit_scope(request.membership, request.plan).any and request.plan.is_editable,
            "trail": _trail(request, ("Misure e monitoraggio", None)),
        },
    )


@plan_view
def measure_detail(request, measure_id: int):
    measure = get_measure_for(request.plan, measure_id)
    scope = unit_scope(request.membership, request.plan)
    can_monitor = can_monitor_measure(scope, measure)
    # The record knows its measure before validation: its date is checked against the plan.
    record = MonitoringRecord(measure=measure)
    form = MonitoringForm(
        request.POST or None, instance=record, initial={"date": date.today(), "status": measure.status}
    )
    if request.method == "POST":
        if not can_monitor:
            raise PermissionDenied("Non può registrare il monitoraggio di questa misura.")
        if form.is_valid():
            try:
                record_monitoring(measure=measure, values=model_values(form), user=request.user)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, "Rilevazione registrata.")
                return redirect(plan_url(request.plan, "risk:measure", measure.pk))
    return render(
        request,
        "risk/measure_detail.html",
        {
            "measure": measure,
            "form": form,
            "can_edit": can_edit_measure(scope, measure),
            "can_monitor": can_monitor,
            "trail": _trail(
                request,
                ("Misure e monitoraggio", plan_url(request.plan, "risk:measures")),
                (measure.title[:60], None),
            ),
        },
    )


@plan_view(editing=True)
def measure_edit(request, measure_id: int | None = None):
    plan = request.plan
    scope = unit_scope(request.membership, plan)
    measure = None
    if measure_id is not None:
        measure = get_measure_for(plan, measure_id)
        if not can_edit_measure(scope, measure):
            raise PermissionDenied("Non può modificare le misure di questa unità.")
    elif not scope.any:
        raise PermissionDenied("Il suo ruolo non consente di programmare misure.")
    units = scope.units(plan)
    processes = plan.risk_processes.all()
    if not scope.everything:
        processes = processes.filter(unit__in=units)
    initial = {}
    process_id = query_int(request, "processo")
    if measure is None and process_id is not None:
        initial = {"process": process_id, "kind": "specific"}
    form = MeasureForm(
        request.POST or None, instance=measure, plan=plan, units=units, processes=processes, initial=initial
    )
    if measure is None:
        form.fields.pop("expected_version")
    if request.method == "POST" and form.is_valid():
        try:
            measure = save_measure(
                plan=plan,
                measure=measure,
                values=model_values(form),
                expected_version=form.cleaned_data.get("expected_version"),
                user=request.user,
            )
        except StaleEdit:
            form.report_stale()
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Misura salvata.")
            return redirect(plan_url(request.plan, "risk:measure", measure.pk))
    heading = "Nuova misura" if measure is None else "Modifica misura"
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "heading": heading,
            "trail": _trail(
                request, ("Misure e monitoraggio", plan_url(request.plan, "risk:measures")), (heading, None)
            ),
        },
    )


@plan_view(roles=PLAN_EDITORS, editing=True)
def starter_map(request):
    plan = request.plan
    templates = (
        ProcessTemplate.objects.filter(code__in=starter_codes(plan.governing_versions))
        .select_related("area")
        .order_by("area__order", "order")
    )
    adopted = set(plan.risk_processes.values_list("code", flat=True))
    form = AdoptForm(request.POST or None, templates=templates, units=plan.units.all(), adopted=adopted)
    if request.method == "POST" and form.is_valid():
        created = adopt_templates(plan=plan, choices=form.choices(), user=request.user)
        messages.success(
            request, f"Adottati {len(created)} processi della mappa tipo: completare valutazioni e misure."
        )
        return redirect(plan_url(request.plan, "risk:register"))
    figures = plan.organization.latest_figures()
    return render(
        request,
        "risk/starter_map.html",
        {
            "form": form,
            "small_comune": small_comuni.eligibility(
                year=figures and figures.year,
                inhabitants=figures and figures.inhabitants,
                employees=figures and figures.employees,
            ),
            "catalogue": rulebook.edition(STARTER_MAP_KEY, plan.governing_versions.get(STARTER_MAP_KEY, ""))
            or starter_map_version(),
            "trail": _trail(request, ("Mappa tipo dei processi", None)),
        },
    )


@plan_view(roles=PLAN_EDITORS, editing=True)
def small_comune_seed(request):
    """One click: the starter content of a small comune (Aggiornamento 2024 al PNA 2022)."""
    if request.method != "POST":
        return redirect(plan_url(request.plan, "risk:starter_map"))
    figures = request.plan.organization.latest_figures()
    eligible = small_comuni.eligibility(
        year=figures and figures.year,
        inhabitants=figures and figures.inhabitants,
        employees=figures and figures.employees,
    )
    if not eligible.qualifies:
        messages.error(request, eligible.reason)
        return redirect(plan_url(request.plan, "risk:starter_map"))
    seeded = seed_small_comune(plan=request.plan, user=request.user)
    messages.success(
        request,
        f"Contenuto di partenza dei piccoli comuni: {len(seeded.processes)} processi e "
        f"{len(seeded.measures)} misure generali inseriti, da valutare e completare.",
    )
    if seeded.without_unit:
        messages.info(
            request,
            "Da adottare scegliendo l'unità (nessuna unità dell'ente ha il codice tipico): "
            + "; ".join(seeded.without_unit)
            + ".",
        )
    return redirect(plan_url(request.plan, "risk:register"))


@plan_view(roles=PLAN_EDITORS, editing=True)
def settings_edit(request):
    instance = settings_for(request.plan)
    form = RiskSettingsForm(request.POST or None, instance=instance, plan=request.plan)
    saved, result = save_settings_form(form, instance, save_settings, plan=request.plan, user=request.user)
    if saved:
        recomputed = result[1]
        done = f" Giudizi sintetici ricalcolati con la nuova regola: {recomputed}." if recomputed else ""
        messages.success(request, "Impostazioni salvate." + done)
        return redirect(plan_url(request.plan, "risk:register"))
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "heading": "Impostazioni del registro dei rischi",
            "trail": _trail(request, ("Impostazioni", None)),
        },
    )


def _report_instance(plan):
    return RpctReport.objects.filter(plan=plan, year=plan.reference_year).first() or RpctReport(
        plan=plan, year=plan.reference_year
    )


@plan_view
def rpct_report(request):
    plan = request.plan
    can_write = request.membership.role in PLAN_EDITORS
    instance = _report_instance(plan)
    form = RpctReportForm(request.POST or None, instance=instance, plan=plan)
    form.fields["expected_version"].required = instance.pk is not None
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied("Solo il RPCT scrive la relazione.")
        if form.is_valid():
            try:
                save_rpct_report(
                    plan=plan,
                    report=instance if instance.pk else None,
                    values=model_values(form),
                    expected_version=form.cleaned_data.get("expected_version"),
                    user=request.user,
                )
            except StaleEdit:
                form.report_stale()
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, "Considerazioni salvate.")
                return redirect(plan_url(request.plan, "risk:rpct_report"))
    data = report_data(plan, settings=settings_for(plan))
    return render(
        request,
        "risk/rpct_report.html",
        {
            **data,
            "form": form,
            "can_write": can_write,
            "trail": _trail(request, ("Relazione annuale del RPCT", None)),
        },
    )


@plan_view
def rpct_report_download(request, fmt: str):
    """The report as DOCX (to finish and sign) or PDF/A (to publish) is printed in the
    background like the PIAO (documents.jobs); the page's buttons link there, and this address,
    kept for bookmarks, sends there."""
    return redirect(f"{plan_url(request.plan, 'documents:print', fmt)}?documento=rpct")
