from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.shortcuts import redirect, render

from openpiao.core.forms import (
    MAX_ADDED_ROWS,
    add_errors,
    add_row_errors,
    added_row,
    formset_rows,
    model_values,
    share_choices,
)
from openpiao.core.locking import StaleEdit, posted_version
from openpiao.core.paging import paginate
from openpiao.core.params import parse_int
from openpiao.organization_chart.scope import unit_scope
from openpiao.organizations.models import PLAN_EDITORS
from openpiao.plans.access import plan_url, plan_view

from .costs import objective_costs
from .forms import (
    IndicatorForm,
    IndicatorFormSet,
    ObjectiveForm,
    ParticipationFormSet,
    PhaseFormSet,
    ResourceFormSet,
    StrategicObjectiveForm,
)
from .months import MONTH_NAMES, month_grid
from .permissions import can_edit_objective
from .selectors import (
    ListedObjective,
    get_objective_for,
    get_strategic_objective_for,
    listed_objectives,
    objective_weights,
    plan_units,
)
from .services import (
    IndicatorRow,
    TableInvalid,
    create_objective,
    delete_objective,
    save_indicator,
    save_objective_tables,
    save_strategic_objective,
    update_objective,
)
from .weights import check_unit_weights


def _trail(request, *items) -> list[tuple[str, str | None]]:
    """Breadcrumbs after the plan: the objectives by unit, then the page's own steps."""
    return [("Obiettivi di performance", plan_url(request.plan, "performance:objectives")), *items]


def _objective_trail(request, objective, *items) -> list[tuple[str, str | None]]:
    label = f"Obiettivo {objective.number} di {objective.unit.name}"
    url = plan_url(request.plan, "performance:objective", objective.pk) if items else None
    return _trail(request, (label, url), *items)


OBJECTIVES_PER_PAGE = 50  # a comune's plan fits in one page


@plan_view
def objective_list(request):
    plan = request.plan
    organization = request.organization
    # Each unit's weight total from every objective's plain row; the objectives themselves
    # only for the page shown, so the page costs the same whatever the plan's size.
    by_unit: dict[int, list[ListedObjective]] = defaultdict(list)
    for row in objective_weights(plan):
        by_unit[row.unit_id].append(row)
    groups = []
    for unit in plan_units(plan):
        rows = by_unit.get(unit.pk, [])
        weights = check_unit_weights(
            (r.weight for r in rows if not r.is_prerequisite),
            mode=organization.weight_mode,
            points_total=organization.weight_points_total,
        )
        groups.append({"unit": unit, "objectives": rows, "weights": weights})
    # A long plan a page of objectives at a time, unit by unit (each unit's weights are its own).
    pages = paginate(request, [(g, r.pk) for g in groups for r in g["objectives"]], OBJECTIVES_PER_PAGE)
    objectives = listed_objectives(plan, [pk for _, pk in pages.page.object_list])
    shown: list[dict] = []
    for group, pk in pages.page.object_list:
        if shown and shown[-1]["unit"] is group["unit"]:
            shown[-1]["objectives"].append(objectives[pk])
        else:
            shown.append({**group, "objectives": [objectives[pk]]})
    return render(
        request,
        "performance/objective_list.html",
        {
            "groups": shown,
            "pages": pages,
            "empty_units": [g["unit"] for g in groups if not g["objectives"]],
            "can_create": unit_scope(request.membership, plan).any and plan.is_editable,
            "trail": [("Obiettivi di performance", None)],
        },
    )


def shown_years(objective, plan) -> list[int]:
    """Target columns of the scheda: years with a target, and the reference year.

    Most plans set targets for one year only; three empty columns would crowd the table.
    """
    years = {t.year for i in objective.indicators.all() for t in i.targets.all()}
    return sorted(years | {plan.reference_year})


def scheda_context(request, objective) -> dict:
    participations = list(objective.participations.all())
    resources = list(objective.resources.all())
    return {
        "objective": objective,
        "indicators": list(objective.indicators.all()),
        "phases": [(phase, month_grid(phase.months)) for phase in objective.phases.all()],
        "participations": participations,
        "resources": resources,
        "costs": objective_costs((p.cost for p in participations), (r.cost for r in resources)),
        "month_names": MONTH_NAMES,
        "years": shown_years(objective, request.plan),
        "can_edit": can_edit_objective(request.membership, objective),
    }


@plan_view
def objective_detail(request, objective_id: int):
    objective = get_objective_for(request.plan, objective_id)
    context = {**scheda_context(request, objective), "trail": _objective_trail(request, objective)}
    return render(request, "performance/objective_detail.html", context)


@plan_view(editing=True)
def objective_edit(request, objective_id: int | None = None):
    plan = request.plan
    scope = unit_scope(request.membership, plan)
    units = scope.units(plan)
    if objective_id is None:
        if not scope.any:
            raise PermissionDenied("Il suo ruolo non consente di creare obiettivi.")
        objective = None
    else:
        objective = get_objective_for(plan, objective_id)
        if not can_edit_objective(request.membership, objective):
            raise PermissionDenied("Non può modificare gli obiettivi di questa unità.")
    form = ObjectiveForm(request.POST or None, instance=objective, plan=plan, units=units)
    if objective is None:
        form.fields.pop("expected_version")
    if request.method == "POST" and form.is_valid():
        try:
            if objective is None:
                objective = create_objective(plan=plan, values=model_values(form), user=request.user)
            else:
                update_objective(
                    objective=objective,
                    values=model_values(form),
                    expected_version=form.cleaned_data["expected_version"],
                    user=request.user,
                )
        except StaleEdit:
            form.report_stale()
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Obiettivo salvato.")
            if objective_id is None:  # next, its tables: the whole scheda with one more save
                return redirect(
                    "performance:objective_part",
                    request.organization.slug,
                    plan.first_year,
                    objective.pk,
                    WHOLE_SCHEDA,
                )
            return redirect("performance:objective", request.organization.slug, plan.first_year, objective.pk)
    if objective is None:
        trail = _trail(request, ("Nuovo obiettivo", None))
    else:
        trail = _objective_trail(request, objective, ("Modifica", None))
    return render(
        request, "performance/objective_form.html", {"form": form, "objective": objective, "trail": trail}
    )


@plan_view(editing=True)
def objective_delete(request, objective_id: int):
    objective = get_objective_for(request.plan, objective_id)
    if not can_edit_objective(request.membership, objective):
        raise PermissionDenied("Non può eliminare gli obiettivi di questa unità.")
    if request.method == "POST":
        try:
            delete_objective(objective=objective, user=request.user)
        except (ProtectedError, RestrictedError):
            messages.error(request, STILL_IN_USE)
            return redirect(
                "performance:objective", request.organization.slug, request.plan.first_year, objective.pk
            )
        messages.success(request, "Obiettivo eliminato.")
        return redirect("performance:objectives", request.organization.slug, request.plan.first_year)
    trail = _objective_trail(request, objective, ("Elimina", None))
    return render(request, "performance/objective_delete.html", {"objective": objective, "trail": trail})


# Deleting what a validated review measured is refused by the database rules (on_delete).
STILL_IN_USE = (
    "Impossibile eliminare: una verifica validata dal Nucleo di valutazione usa questi dati. "
    "Nulla è stato modificato."
)

# URL part → (formset, page heading, message once saved, the service's name of the table)
PARTS = {
    "indicatori": (
        IndicatorFormSet,
        "Indicatori e valori attesi",
        "Indicatori e valori attesi salvati.",
        "indicators",
    ),
    "fasi": (PhaseFormSet, "Fasi e cronoprogramma", "Fasi e cronoprogramma salvati.", "phases"),
    "personale": (
        ParticipationFormSet,
        "Personale coinvolto",
        "Personale coinvolto salvato.",
        "participations",
    ),
    "risorse": (ResourceFormSet, "Risorse aggiuntive", "Risorse aggiuntive salvate.", "resources"),
}
# The whole scheda in one page: every table above, written with one save.
WHOLE_SCHEDA = "scheda"
WHOLE_HEADING = "Indicatori, fasi, personale e risorse"


def _part_rows(formset, part: str) -> list:
    if part == "indicatori":
        return formset_rows(formset, row=IndicatorRow, extra=lambda form: {"targets": form.targets()})
    return formset_rows(formset)


def _part_formset(request, objective, part: str, employees=None):
    formset_class = PARTS[part][0]
    kwargs = {}
    if part == "indicatori":
        kwargs["years"] = request.plan.years
    if part == "personale":
        kwargs["employees"] = employees
    rows = formset_class.model.objects.filter(objective=objective).order_by("pk")
    if part == "indicatori":
        rows = rows.prefetch_related("targets")  # each form shows its row's valori attesi
    formset = formset_class(
        request.POST or None, instance=objective, prefix=part, form_kwargs=kwargs, queryset=rows
    )
    if part == "personale":
        share_choices(formset, "employee")
    return formset


def _added_row(request, formsets: dict):
    """A blank row of one table, which the page adds before saving (htmx: `tabella`, `riga`)."""
    formset = formsets.get(request.GET.get("tabella"))
    index = parse_int(request.GET.get("riga"), minimum=0, maximum=MAX_ADDED_ROWS)
    if formset is None or index is None:
        raise BadRequest("Riga da aggiungere non valida.")
    context = {"form": added_row(formset, index), "month_names": MONTH_NAMES}
    return render(request, "includes/formset_row.html", context)


@plan_view(editing=True)
def objective_part(request, objective_id: int, part: str):
    """One table of the scheda, or all of them (`scheda`): rows are added and removed on the page
    (htmx, static/openpiao/formset-rows.js) and written with one save, all or nothing."""
    if part not in PARTS and part != WHOLE_SCHEDA:
        raise Http404("Sezione della scheda inesistente.")
    objective = get_objective_for(request.plan, objective_id)
    if not can_edit_objective(request.membership, objective):
        raise PermissionDenied("Non può modificare gli obiettivi di questa unità.")
    parts = list(PARTS) if part == WHOLE_SCHEDA else [part]
    employees = request.plan.employees.select_related("unit")
    formsets = {name: _part_formset(request, objective, name, employees) for name in parts}
    if request.method == "GET" and "riga" in request.GET:
        return _added_row(request, formsets)
    stale = ""
    valid = request.method == "POST" and [f.is_valid() for f in formsets.values()]  # each shows its errors
    if valid and all(valid):
        expected = posted_version(request.POST)
        tables = {PARTS[name][3]: _part_rows(formset, name) for name, formset in formsets.items()}
        try:
            save_objective_tables(
                objective=objective, tables=tables, expected_version=expected, user=request.user
            )
        except StaleEdit:
            stale = StaleEdit.message
        except (ProtectedError, RestrictedError):
            messages.error(request, STILL_IN_USE)
        except TableInvalid as refused:
            name = next(name for name in parts if PARTS[name][3] == refused.table)
            add_row_errors(formsets[name], refused.error)
        else:
            messages.success(request, PARTS[part][2] if part in PARTS else "Scheda obiettivo salvata.")
            return redirect(
                "performance:objective", request.organization.slug, request.plan.first_year, objective.pk
            )
    heading = PARTS[part][1] if part in PARTS else WHOLE_HEADING
    return render(
        request,
        "performance/objective_part.html",
        {
            "objective": objective,
            "tables": [(PARTS[name][1], formsets[name]) for name in parts],
            "part": part,
            "heading": heading,
            "stale": stale,
            "expected_version": request.POST.get("expected_version", objective.version),
            "month_names": MONTH_NAMES,
            "trail": _objective_trail(request, objective, (heading, None)),
        },
    )


@plan_view(editing=True)
def indicator_inline(request, objective_id: int, indicator_id: int):
    """Edit one indicator in place on the scheda (htmx): returns the table row."""
    objective = get_objective_for(request.plan, objective_id)
    indicator = next((i for i in objective.indicators.all() if i.pk == indicator_id), None)
    if indicator is None:
        raise Http404("Indicatore non trovato.")
    can_edit = can_edit_objective(request.membership, objective)
    context = {
        "objective": objective,
        "indicator": indicator,
        "can_edit": can_edit,
        "years": shown_years(objective, request.plan),
    }
    if request.method == "GET" and request.GET.get("mode") != "edit":
        return render(request, "performance/partials/indicator_row.html", context)
    if not can_edit:
        raise PermissionDenied("Non può modificare gli obiettivi di questa unità.")
    form = IndicatorForm(
        request.POST or None,
        instance=indicator,
        years=request.plan.years,
        prefix=f"ind{indicator.pk}",
    )
    stale = ""
    if request.method == "POST" and form.is_valid():
        expected = posted_version(request.POST)
        try:
            save_indicator(
                objective=objective,
                indicator=indicator,
                values=model_values(form),
                targets=form.targets(),
                expected_version=expected,
                user=request.user,
            )
        except StaleEdit:
            stale = StaleEdit.message
        except ValidationError as error:
            add_errors(form, error)
        else:
            objective = get_objective_for(request.plan, objective_id)
            indicator = next(i for i in objective.indicators.all() if i.pk == indicator_id)
            years = shown_years(objective, request.plan)
            response = render(
                request,
                "performance/partials/indicator_row.html",
                {**context, "indicator": indicator, "saved": True, "years": years},
            )
            if years != context["years"]:
                response["HX-Refresh"] = "true"  # a new year column: the whole table changes
            return response
    context.update(form=form, stale=stale, expected_version=objective.version)
    return render(request, "performance/partials/indicator_form_row.html", context)


@plan_view
def strategic_list(request):
    items = request.plan.strategic_objectives.select_related("mission", "programme")
    editable = request.membership.can_edit_plan and request.plan.is_editable
    return render(
        request,
        "performance/strategic_list.html",
        {"items": items, "editable": editable, "trail": [("Obiettivi strategici", None)]},
    )


@plan_view(roles=PLAN_EDITORS, editing=True)
def strategic_edit(request, strategic_id: int | None = None):
    item = get_strategic_objective_for(request.plan, strategic_id) if strategic_id else None
    form = StrategicObjectiveForm(request.POST or None, instance=item, plan=request.plan)
    if item is None:
        form.fields.pop("expected_version")
    if request.method == "POST" and form.is_valid():
        try:
            save_strategic_objective(
                plan=request.plan,
                strategic_objective=item,
                values=model_values(form),
                expected_version=form.cleaned_data.get("expected_version"),
                user=request.user,
            )
        except StaleEdit:
            form.report_stale()
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Obiettivo strategico salvato.")
            return redirect("performance:strategic", request.organization.slug, request.plan.first_year)
    heading = "Obiettivo strategico"
    list_url = plan_url(request.plan, "performance:strategic")
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "heading": heading,
            "trail": [("Obiettivi strategici", list_url), (heading, None)],
            "cancel_url": list_url,
        },
    )
