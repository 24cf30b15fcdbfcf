"""Form helpers: Bootstrap Italia classes, accessible errors, optimistic locking, clean text;
what a valid form hands to a service (`model_values`, `formset_rows`) and the service's errors
put back next to the fields (`add_errors`, `add_row_errors`)."""

import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxLengthValidator

from .fields import TEXT_MAX_LENGTH, MaxLinesValidator, max_lines_for
from .locking import StaleEdit
from .rows import RowEdit, RowsInvalid
from .text import clean_text

_GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")


def italian_decimal(to_python):
    """Accept numbers as Italians write them ("1.250,40", "33,5") as well as "1250.40"."""

    def convert(value):
        if isinstance(value, str):
            text = value.strip().replace(" ", "")
            if _GROUPED.match(text):
                text = text.replace(".", "")
            value = text.replace(",", ".") if text.count(",") == 1 else text
        return to_python(value)

    return convert


def cleaned_text(to_python):
    """Text as `clean_text` stores it: a paste from Word keeps its line breaks, loses its controls."""

    def convert(value):
        return to_python(clean_text(value) if isinstance(value, str) else value)

    return convert


def _bound_text(field: forms.CharField) -> None:
    """Clean the text, and cap it like the models cap theirs (core.fields): a text field
    without a length of its own gets the ordinary one."""
    field.to_python = cleaned_text(field.to_python)
    if field.max_length is None:
        field.max_length = TEXT_MAX_LENGTH
        field.validators.append(MaxLengthValidator(TEXT_MAX_LENGTH))
        if not field.widget.is_hidden:
            field.widget.attrs.setdefault("maxlength", str(TEXT_MAX_LENGTH))
    field.validators.append(MaxLinesValidator(max_lines_for(field.max_length)))


_CHECK_WIDGETS = (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)


class StyledFormMixin:
    """Add Bootstrap Italia classes and ARIA attributes; mark invalid fields; clean and cap
    every text.

    Every form of the product inherits it, so every text typed or pasted goes through
    `clean_text` before validation, and none is longer than the models allow.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                _bound_text(field)
            widget = field.widget
            if widget.is_hidden:
                # A hidden field (the row version) must stay hidden: styling it as a text box
                # takes it out of `hidden_fields`, and the page stops posting it back.
                continue
            css = "form-check-input" if isinstance(widget, _CHECK_WIDGETS) else "form-control"
            if isinstance(widget, forms.Select) and not isinstance(widget, _CHECK_WIDGETS):
                css = "form-select"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
            if isinstance(field, forms.DecimalField | forms.IntegerField | forms.FloatField):
                field.localize = True
                widget.is_localized = True
                widget.input_type = "text"
                widget.attrs.setdefault("inputmode", "decimal")
            if isinstance(field, forms.DecimalField):
                field.to_python = italian_decimal(field.to_python)
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
                widget.format = "%Y-%m-%d"

    def full_clean(self):
        super().full_clean()
        # Classes depend on errors, which exist only after validation.
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["aria-describedby"] = f"{self[name].auto_id}_error"


class StyledForm(StyledFormMixin, forms.Form):
    pass


class StyledModelForm(StyledFormMixin, forms.ModelForm):
    pass


class VersionedFormMixin:
    """A hidden `version` field carrying the row version the user started from."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expected_version"] = forms.IntegerField(widget=forms.HiddenInput)
        if not self.is_bound and self.instance.pk:
            self.initial["expected_version"] = self.instance.version

    def report_stale(self) -> None:
        self.add_error(None, StaleEdit.message)


class PlanScopedModelForm(StyledModelForm):
    """A model form for rows that belong to a plan: the plan comes from the URL, never the form.

    Uniqueness constraints that include the plan (e.g. unit code per plan) are still checked,
    so a duplicate gets a message next to the field instead of a database error.
    """

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.instance.plan = plan  # which gives the row its ente (core.models.PlanOwned)

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("plan")
        return exclusions


class DuplicateRowsMixin:
    """Two rows of a formset that must differ: the message names the fields in Italian.

    Django prints the field names of the code («dati duplicati di employee»). Only the fields
    the rows show are named: the parent of an inline formset, or the plan, is the same for all.
    """

    def get_unique_error_message(self, unique_check):
        shown = [name for name in unique_check if name in self.form.base_fields] or unique_check
        meta = self.model._meta
        labels = [f"«{meta.get_field(name).verbose_name}»" for name in shown]
        if len(labels) == 1:
            return f"Due righe hanno lo stesso valore di {labels[0]}: correggere i dati duplicati."
        listed = ", ".join(labels[:-1]) + " e " + labels[-1]
        return f"Due righe hanno gli stessi valori di {listed}: correggere i dati duplicati."

    def get_form_error(self):
        return "Correggere i dati duplicati."


class ModelFormSet(DuplicateRowsMixin, forms.BaseModelFormSet):
    pass


class InlineFormSet(DuplicateRowsMixin, forms.BaseInlineFormSet):
    pass


# Rows a page may add to one table before saving (a formset reads up to its max_num anyway).
MAX_ADDED_ROWS = 200


def added_row(formset, index: int):
    """The blank row number `index` that a page adds to `formset` before saving (htmx): the
    formset's empty form, named as the formset reads its rows once posted."""
    form = formset.empty_form
    form.prefix = formset.add_prefix(index)
    return form


def share_choices(formset, *names: str) -> None:
    """Build the options of the named select fields once for the whole formset.

    A ModelChoiceField queries its queryset every time it renders, that is once per row of a
    formset; the options are the same on every row, so one list serves them all. Validation
    still goes through each field's queryset.
    """
    if not formset.forms:
        return
    for name in names:
        choices = list(formset.forms[0].fields[name].choices)
        for form in formset.forms:
            form.fields[name].choices = choices


def validate_as_model(form, instance, names) -> None:
    """Run the model's own rules (field validators and clean()) on the `names` a plain form
    entered into `instance`, and put each message next to the form's field: the same rules as
    the JSON import, which runs full_clean() on each row."""
    exclude = [field.name for field in instance._meta.fields if field.name not in names]
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        add_errors(form, error)


def add_errors(form, error: ValidationError) -> None:
    """Put the messages of a ValidationError (a service's, the model's) next to the form's
    fields; those of a field the form does not show, and the general ones, at its top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        shown = name != NON_FIELD_ERRORS and name in form.fields
        form.add_error(name if shown else None, errors)


def model_values(form) -> dict[str, Any]:
    """What a valid ModelForm writes into its row, by model field name: the fields of its Meta
    that it kept, except one with a default that the page did not send (as Django's
    construct_instance). Many-to-many fields as lists."""
    cleaned = form.cleaned_data
    opts = form._meta
    model = form.instance._meta
    values = {}
    for field in [*model.concrete_fields, *model.many_to_many]:
        name = field.name
        if not field.editable or field.primary_key or name not in cleaned:
            continue
        if opts.fields is not None and name not in opts.fields:
            continue
        if opts.exclude and name in opts.exclude:
            continue
        form_field = form[name].field
        omitted = form_field.widget.value_omitted_from_data(form.data, form.files, form.add_prefix(name))
        if field.has_default() and omitted and cleaned[name] in form_field.empty_values:
            continue
        values[name] = list(cleaned[name]) if field.many_to_many else cleaned[name]
    return values


def save_settings_form(form, instance, save: Callable[..., Any], *, user, **scope) -> tuple[bool, Any]:
    """The body every settings page shares (one row per ente or plan, new or edited): the
    version check only on an existing row, the service called with the form's values, a stale
    edit or the service's refusal put on the form. Returns (saved, the service's result)."""
    form.fields["expected_version"].required = instance.pk is not None
    if not form.is_bound or not form.is_valid():
        return False, None
    try:
        return True, save(
            settings=instance if instance.pk else None,
            values=model_values(form),
            expected_version=form.cleaned_data.get("expected_version"),
            user=user,
            **scope,
        )
    except StaleEdit:
        form.report_stale()
    except ValidationError as error:
        add_errors(form, error)
    return False, None


def _edited_forms(formset) -> list[tuple[Any, bool]]:
    """The forms of a valid model formset that change something: (form, deleted)."""
    edited = []
    deleted = formset.deleted_forms if formset.can_delete else []
    for form in formset.forms:
        if form.instance.pk is None and getattr(formset, "edit_only", False):
            continue  # an edit-only formset adds nothing, whatever was posted
        if form in deleted:
            if form.instance.pk is not None:
                edited.append((form, True))
        elif form.has_changed():
            edited.append((form, False))
    return edited


def formset_rows(formset, *, row=RowEdit, extra=None) -> list[RowEdit]:
    """What a valid model formset asks the service to write, as plain rows: each changed or new
    row with its values, each deleted row (unchanged rows are left alone, as formset.save()
    does). `row` and `extra(form) -> dict` make richer rows (e.g. an indicator's targets)."""
    rows = []
    for form, deleted in _edited_forms(formset):
        version = form.cleaned_data.get("expected_version") if "expected_version" in form.fields else None
        values = {} if deleted else model_values(form)
        more = extra(form) if extra and not deleted else {}
        rows.append(row(pk=form.instance.pk, values=values, delete=deleted, expected_version=version, **more))
    return rows


def add_row_errors(formset, error: ValidationError) -> None:
    """Put a service's errors on the rows of `formset` that `formset_rows` gave it (RowsInvalid),
    or above the table."""
    if isinstance(error, RowsInvalid):
        forms_of_rows = [form for form, _ in _edited_forms(formset)]
        for index, row_error in error.rows.items():
            add_errors(forms_of_rows[index], row_error)
    else:
        formset.non_form_errors().extend(error.messages)
