"""Form helpers: Bootstrap Italia classes, accessible errors, optimistic locking, clean text."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from .fields import TEXT_MAX_LENGTH, MaxLinesValidator, max_lines_for
from .locking import StaleEdit
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
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
