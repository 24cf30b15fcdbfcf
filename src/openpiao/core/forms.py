"""Form helpers: Bootstrap Italia classes, accessible errors, optimistic locking."""

import re

from django import forms

from .locking import StaleEdit

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


_CHECK_WIDGETS = (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)


class StyledFormMixin:
    """Add Bootstrap Italia classes and ARIA attributes; mark invalid fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
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
        self.instance.plan = plan
        self.instance.organization = plan.organization

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
