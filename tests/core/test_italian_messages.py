"""Every name and message a user reads is Italian and grammatical: model and field names
(forms, admin, Django's own messages print them), uniqueness and constraint messages, the
messages of formsets, reached through the real pages."""

import html
import re

import pytest
from django.apps import apps
from django.db import models
from django.utils.text import camel_case_to_spaces

from openpiao.organization_chart.models import Employee
from openpiao.plans.access import plan_url
from tests.page_forms import page_form

# Words that are the same in the code and in Italian.
SAME_IN_ITALIAN = {"area", "baseline", "input", "output", "note"}
# An acronym may open a name (PEC, FCDE, ID): Django capitalises the first letter itself.
ACRONYM = re.compile(r"^[A-Z0-9.\-]{2,}\b")


def project_models():
    return [
        model
        for config in apps.get_app_configs()
        if config.name.startswith("openpiao.")
        for model in config.get_models()
    ]


def named_fields(model):
    """The model's own fields (the reverse relations are named on the other side)."""
    return [field for field in model._meta.get_fields() if not field.auto_created or field.concrete]


def test_every_app_of_the_project_is_walked():
    labels = {model._meta.app_label for model in project_models()}
    assert {"core", "organizations", "plans", "organization_chart", "performance", "evaluation"} <= labels
    assert {"human_capital", "risk", "transparency", "documents"} <= labels


@pytest.mark.parametrize("model", project_models(), ids=lambda m: m._meta.label)
def test_model_and_fields_have_italian_names(model):
    """Django's defaults are the English class and field names (and a plural with «s»)."""
    meta = model._meta
    english = []
    if meta.verbose_name == camel_case_to_spaces(model.__name__):
        english.append("verbose_name")
    if meta.verbose_name_plural == f"{meta.verbose_name}s":
        english.append("verbose_name_plural")
    for field in named_fields(model):
        if field.primary_key:
            continue
        default = field.name.replace("_", " ")
        name = str(field.verbose_name)
        if name == default and default not in SAME_IN_ITALIAN:
            english.append(field.name)
        elif name[:1].isupper() and not ACRONYM.match(name):
            english.append(f"{field.name} (maiuscola: «{name}»)")
    for name in (meta.verbose_name, meta.verbose_name_plural):
        if str(name)[:1].isupper() and not ACRONYM.match(str(name)):
            english.append(f"maiuscola: «{name}»")
    assert english == []


def project_constraints():
    return [
        (model, constraint)
        for model in project_models()
        for constraint in model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint | models.CheckConstraint)
    ]


@pytest.mark.parametrize(
    ("model", "constraint"), project_constraints(), ids=lambda x: getattr(x, "name", "") or x._meta.label
)
def test_every_constraint_speaks_italian(model, constraint):
    """Django's defaults: «Il vincolo “name” è violato.» (the English name of the constraint)
    and «Dipendente con questa Piano e Codice esiste già.» (article and capitals wrong)."""
    message = str(constraint.violation_error_message)
    assert message != str(constraint.default_violation_error_message), constraint.name
    assert message[:1].isupper() and message.endswith(".")
    assert "%(" not in message and constraint.name not in message


# The single-field uniqueness message is Django's «<modello> con questo <campo> esiste già.»:
# grammatical only for a singular model name and a masculine field name.
MASCULINE = {"codice", "identificativo", "catalogo", "identificativo nell'indirizzo", "piano", "dipendente"}


@pytest.mark.parametrize("model", project_models(), ids=lambda m: m._meta.label)
def test_unique_fields_fit_djangos_sentence(model):
    unique = [f for f in model._meta.concrete_fields if f.unique and not f.primary_key]
    for field in unique:
        if (
            "unique" in field.error_messages
            and field.error_messages["unique"] != (models.Field.default_error_messages["unique"])
        ):
            continue
        assert str(field.verbose_name) in MASCULINE, f"{field.name}: «con questo {field.verbose_name}»"
        singular = model._meta.verbose_name != model._meta.verbose_name_plural
        assert singular, f"{field.name}: «{model._meta.verbose_name} … esiste già»"


def test_a_duplicate_employee_code_is_refused_in_italian(secretary_client, casorate):
    existing = Employee.objects.filter(plan=casorate).first()
    url = plan_url(casorate, "organization_chart:employee_create")
    response = secretary_client.post(
        url, page_form(secretary_client.get(url), key=existing.key, last_name="Rossi")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Il piano ha già un dipendente con questo codice." in page
    assert "con questa" not in page and "esiste già" not in page


def test_two_rows_for_the_same_year_are_refused_in_italian(secretary_client, casorate):
    """The yearly figures of the anagrafica: a formset whose rows are unique per year."""
    url = f"/enti/{casorate.organization.slug}/anagrafica/"
    data = page_form(secretary_client.get(url))
    prefix = next(name for name in data if name.endswith("-TOTAL_FORMS")).removesuffix("-TOTAL_FORMS")
    first_year = data[f"{prefix}-0-year"]
    extra = int(data[f"{prefix}-TOTAL_FORMS"]) - 1
    data.update({f"{prefix}-{extra}-year": first_year, f"{prefix}-{extra}-inhabitants": "100"})
    data[f"{prefix}-{extra}-employees"] = "1"
    response = secretary_client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Due righe hanno lo stesso valore di «anno (al 31/12)»: correggere i dati duplicati." in page
    assert "Si prega" not in page and "dati duplicati di year" not in page


def test_a_person_twice_on_a_scheda_is_named_as_such(secretary_client, casorate):
    objective = next(o for o in casorate.objectives.all() if o.participations.count() >= 1)
    url = plan_url(casorate, "performance:objective_part", objective.pk, "personale")
    data = page_form(secretary_client.get(url))
    employee = data["personale-0-employee"]
    extra = int(data["personale-TOTAL_FORMS"]) - 1
    data.update({f"personale-{extra}-employee": employee, f"personale-{extra}-percent": "10"})
    response = secretary_client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Lo stesso dipendente compare più di una volta." in page
    assert "employee" not in response.context["formset"].non_form_errors().as_text()


def test_two_funds_for_one_unit_are_refused_in_italian(secretary_client, casorate):
    url = plan_url(casorate, "evaluation:funds")
    unit = casorate.units.first()
    data = page_form(secretary_client.get(url))
    total = int(data["fondi-TOTAL_FORMS"])
    data.update({f"fondi-{total - 1}-unit": str(unit.pk), f"fondi-{total - 1}-amount": "1000"})
    data.update({f"fondi-{total}-unit": str(unit.pk), f"fondi-{total}-amount": "500"})
    data["fondi-TOTAL_FORMS"] = str(total + 1)
    response = secretary_client.post(url, data)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert (
        "Due righe hanno lo stesso valore di «unità (vuoto = tutto l'ente)»: correggere i dati duplicati."
        in page
    )


def project_formsets():
    from importlib import import_module

    from django.forms import BaseModelFormSet

    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("openpiao."):
            continue
        try:
            module = import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        found += [
            value
            for value in vars(module).values()
            if isinstance(value, type)
            and issubclass(value, BaseModelFormSet)
            and value.__module__ != "django"
        ]
    return found


def test_every_formset_names_duplicates_in_italian():
    from openpiao.core.forms import DuplicateRowsMixin

    formsets = project_formsets()
    assert len(formsets) >= 8
    english = [f.__name__ for f in formsets if not issubclass(f, DuplicateRowsMixin)]
    assert english == []


def test_a_second_fund_for_the_whole_ente_is_refused_in_italian(secretary_client, casorate):
    """A conditional uniqueness: Django's default named the constraint («one_ente_fund»)."""
    url = plan_url(casorate, "evaluation:funds")
    data = page_form(secretary_client.get(url))
    assert data["fondi-0-unit"] == ""  # the demo's fund is the ente's
    last = int(data["fondi-TOTAL_FORMS"]) - 1
    data.update({f"fondi-{last}-unit": "", f"fondi-{last}-amount": "500"})
    response = secretary_client.post(url, data)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Il piano ha già un fondo per tutto l'ente." in page
    assert "one_ente_fund" not in page
