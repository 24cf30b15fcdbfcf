from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from openpiao.core.catalogues import read_catalogue
from openpiao.core.forms import add_errors, add_row_errors, formset_rows, model_values, save_settings_form
from openpiao.core.locking import StaleEdit
from openpiao.core.params import query_int
from openpiao.core.rows import RowsInvalid
from openpiao.organization_chart.scope import unit_scope
from openpiao.plans.access import plan_url, plan_view

from . import art13
from .access_terms import KIND_LABELS
from .catalogue import access_term
from .forms import (
    AccessRequestForm,
    AssignmentForm,
    AttestationRowFormSet,
    GridDutiesForm,
    GridHeaderForm,
    TransparencySettingsForm,
)
from .models import Duty
from .oiv_grid import grid_columns, grid_xlsx, row_values
from .permissions import GRID_FILLERS, PLAN_EDITORS, can_edit_assignment
from .selectors import (
    TREE_FILE,
    access_register,
    duty_map,
    get_access_request_for,
    get_assignment_for,
    grid_for,
    settings_for,
    site_tree_findings,
)
from .services import (
    choose_grid_duties,
    fill_grid,
    generate_map,
    save_access_request,
    save_assignment,
    save_settings,
)


def _trail(request, *items):
    return [("Trasparenza", plan_url(request.plan, "transparency:map")), *items]


@plan_view
def duty_map_view(request):
    plan = request.plan
    unit = query_int(request, "unita")
    overdue_only = request.GET.get("stato") == "scaduti"
    data = duty_map(plan, unit_id=unit, overdue_only=overdue_only)
    return render(
        request,
        "transparency/map.html",
        {
            "map": data,
            "page": data.page(request.GET.get("sezione")),
            "units": plan.units.all(),
            "unit_filter": unit,
            "overdue_only": overdue_only,
            "can_manage": request.membership.role in PLAN_EDITORS and plan.is_editable,
            "scope": unit_scope(request.membership, plan),
            "trail": [("Trasparenza", None)],
        },
    )


@plan_view(roles=PLAN_EDITORS, editing=True)
def map_generate(request):
    if request.method != "POST":
        return redirect(plan_url(request.plan, "transparency:map"))
    added = generate_map(plan=request.plan, user=request.user)
    messages.success(request, f"Aggiunti {added} obblighi alla mappa: indicare le unità responsabili.")
    return redirect(plan_url(request.plan, "transparency:map"))


@plan_view
def assignment_edit(request, assignment_id: int):
    """The duty's units and applicability are part of the plan; the publication record is not."""
    plan = request.plan
    assignment = get_assignment_for(plan, assignment_id)
    if not can_edit_assignment(unit_scope(request.membership, plan), assignment):
        raise PermissionDenied("Non può modificare questo obbligo.")
    settings = settings_for(plan)
    form = AssignmentForm(
        request.POST or None,
        instance=assignment,
        plan=plan,
        structural=plan.is_editable and request.membership.role in PLAN_EDITORS,
    )
    if request.method == "POST" and form.is_valid():
        try:
            save_assignment(
                assignment=assignment,
                values=model_values(form),
                expected_version=form.cleaned_data["expected_version"],
                user=request.user,
            )
        except StaleEdit:
            form.report_stale()
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Obbligo aggiornato.")
            return redirect(plan_url(request.plan, "transparency:map") + f"#obbligo-{assignment.pk}")
    status = assignment.due_status(today=date.today(), timely_days=settings.timely_days)
    return render(
        request,
        "transparency/assignment_form.html",
        {
            "form": form,
            "assignment": assignment,
            "status": status,
            "trail": _trail(request, (assignment.duty.name[:60], None)),
        },
    )


@plan_view(roles=PLAN_EDITORS, editing=True)
def settings_edit(request):
    instance = settings_for(request.plan)
    form = TransparencySettingsForm(request.POST or None, instance=instance, plan=request.plan)
    saved, _ = save_settings_form(form, instance, save_settings, plan=request.plan, user=request.user)
    if saved:
        messages.success(request, "Impostazioni salvate.")
        return redirect(plan_url(request.plan, "transparency:map"))
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "heading": "Impostazioni della trasparenza",
            "trail": _trail(request, ("Impostazioni", None)),
        },
    )


@plan_view
def oiv_grid(request):
    plan = request.plan
    grid = grid_for(plan, plan.reference_year)
    rows = list(grid.rows.all()) if grid else []
    columns = grid_columns()
    return render(
        request,
        "transparency/oiv_grid.html",
        {
            "grid": grid,
            "columns": columns,
            "table": [[row_values(r)[c["field"]] for c in columns] for r in rows],
            "can_choose": request.membership.role in PLAN_EDITORS,
            "can_fill": request.membership.role in GRID_FILLERS and grid is not None,
            "trail": _trail(request, ("Griglia di attestazione OIV", None)),
        },
    )


@plan_view(roles=PLAN_EDITORS)
def oiv_choose(request):
    plan = request.plan
    grid = grid_for(plan, plan.reference_year)
    duties = Duty.objects.exclude(applicable_to_municipalities="no").select_related("section")
    initial = {"duties": [r.duty_id for r in grid.rows.all()]} if grid else {}
    form = GridDutiesForm(request.POST or None, duties=duties, initial=initial)
    if request.method == "POST" and form.is_valid():
        choose_grid_duties(
            plan=plan, year=plan.reference_year, duties=form.cleaned_data["duties"], user=request.user
        )
        messages.success(request, "Obblighi della griglia salvati.")
        return redirect(plan_url(request.plan, "transparency:oiv_grid"))
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "heading": f"Obblighi da attestare nel {plan.reference_year}",
            "trail": _trail(
                request,
                ("Griglia di attestazione OIV", plan_url(request.plan, "transparency:oiv_grid")),
                ("Obblighi", None),
            ),
        },
    )


@plan_view(roles=GRID_FILLERS)
def oiv_fill(request):
    plan = request.plan
    grid = grid_for(plan, plan.reference_year)
    if grid is None:
        raise PermissionDenied("Il RPCT non ha ancora scelto gli obblighi da attestare.")
    header = GridHeaderForm(request.POST or None, instance=grid, prefix="griglia")
    formset = AttestationRowFormSet(request.POST or None, queryset=grid.rows.all(), prefix="righe")
    if request.method == "POST" and header.is_valid() and formset.is_valid():
        try:
            fill_grid(
                grid=grid,
                values=model_values(header),
                rows=formset_rows(formset),
                expected_version=header.cleaned_data["expected_version"],
                user=request.user,
            )
        except StaleEdit:
            header.report_stale()
        except RowsInvalid as error:
            add_row_errors(formset, error)
        except ValidationError as error:
            add_errors(header, error)
        else:
            messages.success(request, "Griglia salvata.")
            return redirect(plan_url(request.plan, "transparency:oiv_grid"))
    rows = list(grid.rows.all())
    return render(
        request,
        "transparency/oiv_fill.html",
        {
            "header": header,
            "formset": formset,
            "pairs": list(zip(rows, formset.forms, strict=False)),
            "trail": _trail(
                request,
                ("Griglia di attestazione OIV", plan_url(request.plan, "transparency:oiv_grid")),
                ("Compila", None),
            ),
        },
    )


@plan_view
def oiv_grid_xlsx(request):
    plan = request.plan
    grid = grid_for(plan, plan.reference_year)
    if grid is None:
        raise PermissionDenied("Griglia non ancora predisposta.")
    content = grid_xlsx(organization=plan.organization, grid=grid, rows=list(grid.rows.all()))
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{plan.organization.slug}-griglia-oiv-{grid.year}.xlsx"'
    )
    return response


@plan_view
def access_list(request):
    plan = request.plan
    register = access_register(plan)
    scope = unit_scope(request.membership, plan)
    return render(
        request,
        "transparency/access_list.html",
        {
            "register": register,
            "terms": [(label, *access_term(kind)) for kind, label in KIND_LABELS.items()],
            "can_create": scope.any,
            "scope": scope,
            "trail": _trail(request, ("Registro degli accessi", None)),
        },
    )


@plan_view
def access_edit(request, request_id: int | None = None):
    """The register is kept all year, also after the plan's adoption."""
    plan = request.plan
    scope = unit_scope(request.membership, plan)
    item = get_access_request_for(plan, request_id) if request_id else None
    if not scope.any or (item is not None and not scope.covers(item.unit_id)):
        raise PermissionDenied("Non può modificare questa richiesta.")
    units = scope.units(plan)
    form = AccessRequestForm(request.POST or None, instance=item, plan=plan, units=units)
    if item is None:
        form.fields.pop("expected_version")
    if request.method == "POST" and form.is_valid():
        try:
            save_access_request(
                plan=plan,
                access_request=item,
                values=model_values(form),
                expected_version=form.cleaned_data.get("expected_version"),
                user=request.user,
            )
        except StaleEdit:
            form.report_stale()
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Richiesta registrata.")
            return redirect(plan_url(request.plan, "transparency:access"))
    heading = "Nuova richiesta di accesso" if item is None else "Richiesta di accesso"
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "heading": heading,
            "trail": _trail(
                request,
                ("Registro degli accessi", plan_url(request.plan, "transparency:access")),
                (heading, None),
            ),
        },
    )


@plan_view
def art13_scheme(request):
    """The ANAC scheme of art. 13 from the org chart, with what is missing to publish it."""
    table = art13.art13_table(request.plan, today=date.today())
    return render(
        request,
        "transparency/art13.html",
        {
            "table": table,
            "rows": [[row[c["id"]] for c in table.columns] for row in table.rows],
            "source": art13.scheme()["source"],
            "trail": _trail(request, ("Schema ANAC art. 13", None)),
        },
    )


@plan_view
def art13_file(request, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404("Formato non disponibile.")
    table = art13.art13_table(request.plan, today=date.today())
    if fmt == "csv":
        response = HttpResponse(art13.as_csv(table), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            art13.as_xlsx(table),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    name = f"{request.plan.organization.slug}-organizzazione-art13-{request.plan.reference_year}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@plan_view
def site_tree(request):
    """The sections of Amministrazione trasparente that the PUT's check would fail, from the map."""
    tree = read_catalogue(TREE_FILE)
    return render(
        request,
        "transparency/site_tree.html",
        {
            "findings": site_tree_findings(request.plan),
            "nodes": len(tree["nodes"]),
            "tree": tree,
            "trail": _trail(request, ("Controllo della PUT", None)),
        },
    )
