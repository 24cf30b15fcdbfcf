"""What a valid form hands to a service (core.forms.model_values, formset_rows), and a service's
refusal put back next to the form's fields (add_errors, add_row_errors)."""

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.urls import reverse

from openpiao.core.forms import add_errors, add_row_errors, formset_rows, model_values
from openpiao.core.rows import RowEdit, RowsInvalid
from openpiao.organization_chart.forms import OrgUnitForm
from openpiao.performance.forms import PhaseFormSet
from tests import factories
from tests.page_forms import page_form


def _posted(data: dict) -> QueryDict:
    """The data as Django reads a post: a list for a multiple choice."""
    return QueryDict(urlencode(data, doseq=True))


def _unit_form(client, casorate, **changes) -> OrgUnitForm:
    page = client.get(reverse("organization_chart:unit_create", args=["casorate-primo", 2024]))
    form = OrgUnitForm(_posted(page_form(page, **changes)), plan=casorate)
    assert form.is_valid(), form.errors
    return form


def test_model_values_are_the_row_the_form_writes(secretary_client, casorate):
    form = _unit_form(secretary_client, casorate, code="nuova", name="Nuova unità", kind="service")
    values = model_values(form)
    assert set(values) == set(OrgUnitForm.Meta.fields)
    assert (values["code"], values["name"], values["parent"]) == ("nuova", "Nuova unità", None)
    assert "expected_version" not in values  # the lock is the service's argument


def test_a_services_refusal_goes_next_to_the_field_or_above_the_form(secretary_client, casorate):
    form = _unit_form(secretary_client, casorate, code="rifiutata", name="Rifiutata", kind="service")
    add_errors(
        form,
        ValidationError({"code": "Codice già usato.", "plan": "Piano chiuso.", "__all__": "Riprovare."}),
    )
    assert form.errors["code"] == ["Codice già usato."]
    assert form.non_field_errors() == ["Piano chiuso.", "Riprovare."]


def _phases(casorate):
    unit = factories.unit(casorate, code="fasi-form")
    objective = factories.objective(casorate, unit, with_details=False)
    objective.phases.create(description="Esistente", months=[1])
    objective.phases.create(description="Da togliere", months=[2])
    return objective


def test_formset_rows_are_the_changed_new_and_deleted_rows(secretary_client, casorate):
    objective = _phases(casorate)
    address = reverse("performance:objective_part", args=["casorate-primo", 2024, objective.pk, "fasi"])
    gone = objective.phases.order_by("pk")[1]
    data = page_form(
        secretary_client.get(address),
        **{"fasi-1-DELETE": "on", "fasi-2-description": "Nuova fase", "fasi-2-order": "3"},
    )
    formset = PhaseFormSet(
        _posted(data),
        instance=objective,
        prefix="fasi",
        queryset=objective.phases.order_by("pk"),
    )
    assert formset.is_valid(), formset.errors
    rows = formset_rows(formset)
    assert [(r.pk, r.delete) for r in rows] == [(gone.pk, True), (None, False)]  # the unchanged row stays
    assert rows[1].values["description"] == "Nuova fase" and rows[1].values["months"] == []
    assert all(isinstance(r, RowEdit) for r in rows)

    add_row_errors(formset, RowsInvalid({1: ValidationError({"months": "Mese sbagliato."})}))
    assert formset.forms[2].errors["months"] == ["Mese sbagliato."]
    add_row_errors(formset, ValidationError("Tabella chiusa."))
    assert "Tabella chiusa." in formset.non_form_errors()
