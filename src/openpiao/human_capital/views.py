"""Pages of Sezione 3 (read by every member) and the editor of its rows, one table of kinds."""

from dataclasses import dataclass

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import capfirst

from openpiao.core.forms import (
    MAX_ADDED_ROWS,
    ModelFormSet,
    add_errors,
    add_row_errors,
    added_row,
    formset_rows,
    model_values,
)
from openpiao.core.locking import StaleEdit
from openpiao.core.params import parse_int
from openpiao.plans.access import ADOPTED_PLAN_IS_LOCKED, plan_url, plan_view

from . import forms, selectors
from .permissions import REGISTER_KINDS, can_edit, editable_employees, is_plan_editor
from .selectors import get_row_for
from .services import create_rows, delete_row, save_pola_indicator, save_row


@dataclass(frozen=True)
class Kind:
    form: type
    label: str  # Italian, the page's heading: «Cessazione», «Elimina cessazione»
    page: str  # url name of the page that lists the rows
    deleted: str = ""  # the message once a row is deleted (the single rows are never deleted)

    @property
    def model(self) -> type:
        return self.form._meta.model


KINDS = {
    "cessazioni": Kind(forms.CessationForm, "cessazione", "staffing", "Cessazione eliminata."),
    "assunzioni": Kind(
        forms.PlannedHireForm, "assunzione programmata", "staffing", "Assunzione programmata eliminata."
    ),
    "indicatori-pola": Kind(
        forms.PolaIndicatorForm,
        "indicatore del lavoro agile",
        "smart_working",
        "Indicatore del lavoro agile eliminato.",
    ),
    "mappatura": Kind(
        forms.ActivityMapForm, "attività mappata", "smart_working", "Attività mappata eliminata."
    ),
    "accordi": Kind(
        forms.AgreementForm, "accordo di lavoro agile", "smart_working", "Accordo di lavoro agile eliminato."
    ),
    "aree-formazione": Kind(
        forms.TrainingAreaForm, "area di formazione", "training", "Area di formazione eliminata."
    ),
    "corsi": Kind(forms.CourseForm, "corso", "training", "Corso eliminato."),
    "iscrizioni": Kind(forms.EnrolmentForm, "iscrizione", "training", "Iscrizione eliminata."),
    "ambiti": Kind(
        forms.ActionAreaForm, "ambito di azione", "positive_actions", "Ambito di azione eliminato."
    ),
    "azioni": Kind(
        forms.PositiveActionForm, "azione positiva", "positive_actions", "Azione positiva eliminata."
    ),
}
SINGLETONS = {
    "rendiconto": Kind(forms.StaffingInputsForm, "dati per la capacità assunzionale", "staffing"),
    "formazione": Kind(forms.TrainingPlanForm, "piano della formazione", "training"),
}


# The pages of the section, by url name, as the breadcrumbs name them.
PAGES = {
    "staffing": "Fabbisogni di personale",
    "smart_working": "Lavoro agile",
    "training": "Formazione",
    "positive_actions": "Azioni positive",
}
SECTION = "Organizzazione e capitale umano"


def _trail(request, page: str, *items) -> list:
    """Breadcrumbs below the plan: the section, the page `page` (by url name), then `items`."""
    section = (SECTION, plan_url(request.plan, "human_capital:index"))
    if not items:
        return [section, (PAGES[page], None)]
    return [section, (PAGES[page], plan_url(request.plan, f"human_capital:{page}")), *items]


# What each page shows, loaded alone (the index: the verdicts of the whole section).
LOADERS = {
    None: selectors.overview,
    "staffing": selectors.staffing,
    "smart_working": selectors.smart_working,
    "training": selectors.training,
    "positive_actions": selectors.positive_actions,
}


def _context(request, page: str | None = None, **extra) -> dict:
    return {
        "s3": LOADERS[page](request.plan),
        "is_editor": is_plan_editor(request.membership) and request.plan.is_editable,
        "special_categories": request.membership.sees_special_categories,
        "trail": _trail(request, page) if page else [(SECTION, None)],
        **extra,
    }


@plan_view
def index(request):
    return render(request, "human_capital/index.html", _context(request))


@plan_view
def staffing(request):
    return render(request, "human_capital/staffing.html", _context(request, "staffing"))


def _recording(request, kind: str) -> dict:
    """Whether this member records rows of `kind`, and for which employees (links per row)."""
    if not can_edit(request.membership, request.plan, kind):
        return {"can_record": False, "recordable": set()}
    employees = editable_employees(request.membership, request.plan)
    return {"can_record": True, "recordable": set(employees.values_list("pk", flat=True))}


@plan_view
def smart_working(request):
    return render(
        request,
        "human_capital/smart_working.html",
        _context(request, "smart_working", **_recording(request, "accordi")),
    )


@plan_view
def training(request):
    return render(
        request,
        "human_capital/training.html",
        _context(request, "training", **_recording(request, "iscrizioni")),
    )


@plan_view
def positive_actions(request):
    return render(request, "human_capital/positive_actions.html", _context(request, "positive_actions"))


def _kind(kind: str, registry: dict) -> Kind:
    try:
        return registry[kind]
    except KeyError:
        raise Http404("Sezione inesistente.") from None


def _refuse(plan, kind_slug: str, verb: str):
    if not plan.is_editable and kind_slug not in REGISTER_KINDS:
        raise PermissionDenied(ADOPTED_PLAN_IS_LOCKED)
    raise PermissionDenied(f"Il suo ruolo non consente di {verb} questi dati.")


def _edit(request, kind_slug: str, item: Kind, row):
    plan = request.plan
    if not can_edit(request.membership, plan, kind_slug, row):
        _refuse(plan, kind_slug, "modificare")
    kwargs = {"instance": row, "plan": plan, "special_categories": request.membership.sees_special_categories}
    if "employee" in item.form._meta.fields:
        kwargs["employees"] = editable_employees(request.membership, plan)
    form = item.form(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            _save(request, item, form, row)
        except StaleEdit:
            form.report_stale()
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{capfirst(item.label)}: dati salvati.")
            return redirect(f"human_capital:{item.page}", request.organization.slug, plan.first_year)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "heading": capfirst(item.label),
            "cancel_url": reverse(
                f"human_capital:{item.page}", args=[request.organization.slug, plan.first_year]
            ),
            "trail": _trail(request, item.page, (capfirst(item.label), None)),
        },
    )


def _save(request, item: Kind, form, row) -> None:
    """Through the services, with the values the form kept (StaleEdit, ValidationError)."""
    common = {
        "plan": request.plan,
        "values": model_values(form),
        "expected_version": form.cleaned_data.get("expected_version"),
        "user": request.user,
    }
    if item.form is forms.PolaIndicatorForm:
        save_pola_indicator(indicator=row, yearly=form.yearly(), **common)
    else:
        save_row(model=item.model, row=row, **common)


@plan_view  # can_edit refuses what the adoption locks (all but the registers of the year)
def row_edit(request, table: str, row_id: int | None = None):
    item = _kind(table, KINDS)
    row = get_row_for(request.plan, item.model, row_id) if row_id else None
    return _edit(request, table, item, row)


@plan_view(editing=True)
def singleton_edit(request, table: str):
    item = _kind(table, SINGLETONS)
    row = item.model.objects.filter(plan=request.plan).first()
    return _edit(request, table, item, row)


# The tables whose new rows are entered several at a time (the POLA indicators have their
# yearly values, entered one indicator at a time).
MANY_ROWS = [slug for slug, item in KINDS.items() if item.form is not forms.PolaIndicatorForm]
ROWS_PREFIX = "righe"


@plan_view  # as row_edit
def rows_create(request, table: str):
    """New rows of one table of Sezione 3, added and removed on the page (htmx) and saved at once:
    all of them, or none with each error on its row."""
    if table not in MANY_ROWS:
        raise Http404("Sezione inesistente.")
    item, plan = KINDS[table], request.plan
    if not can_edit(request.membership, plan, table):
        _refuse(plan, table, "modificare")
    kwargs = {"plan": plan, "special_categories": request.membership.sees_special_categories}
    if "employee" in item.form._meta.fields:
        kwargs["employees"] = editable_employees(request.membership, plan)
    formset_class = django_forms.modelformset_factory(
        item.model, form=item.form, formset=ModelFormSet, extra=1, can_delete=True
    )
    formset = formset_class(
        request.POST or None, queryset=item.model.objects.none(), prefix=ROWS_PREFIX, form_kwargs=kwargs
    )
    if request.method == "GET" and "riga" in request.GET:
        index = parse_int(request.GET.get("riga"), minimum=0, maximum=MAX_ADDED_ROWS)
        if request.GET.get("tabella") != ROWS_PREFIX or index is None:
            raise BadRequest("Riga da aggiungere non valida.")
        return render(request, "includes/formset_row.html", {"form": added_row(formset, index)})
    if request.method == "POST" and formset.is_valid():
        rows = [row.values for row in formset_rows(formset)]
        try:
            if rows:
                create_rows(plan=plan, model=item.model, rows=rows, user=request.user)
        except ValidationError as error:
            add_row_errors(formset, error)
        else:
            if rows:
                messages.success(request, f"{capfirst(item.label)}: righe salvate ({len(rows)}).")
                return redirect(f"human_capital:{item.page}", request.organization.slug, plan.first_year)
            messages.warning(request, "Nessuna riga compilata: nulla è stato salvato.")
    heading = f"{capfirst(item.label)}: nuove righe"
    return render(
        request,
        "human_capital/rows_form.html",
        {
            "formset": formset,
            "heading": heading,
            "cancel_url": plan_url(plan, f"human_capital:{item.page}"),
            "trail": _trail(request, item.page, (heading, None)),
        },
    )


@plan_view  # as row_edit
def row_delete(request, table: str, row_id: int):
    item = _kind(table, KINDS)
    row = get_row_for(request.plan, item.model, row_id)
    if not can_edit(request.membership, request.plan, table, row):
        _refuse(request.plan, table, "eliminare")
    back = f"human_capital:{item.page}"
    if request.method == "POST":
        try:
            delete_row(row=row, user=request.user)
        except (ProtectedError, RestrictedError):
            messages.error(request, "Impossibile eliminare: altri dati fanno riferimento a questa riga.")
        else:
            messages.success(request, item.deleted)
        return redirect(back, request.organization.slug, request.plan.first_year)
    return render(request, "human_capital/delete.html", {"row": row, "item": item, "back": back})
