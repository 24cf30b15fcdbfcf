from django import forms

from openpiao.core.forms import StyledForm
from openpiao.core.ranges import plausible_date

from .selectors import Filters, sections


class FilterForm(StyledForm):
    """The register's filters (GET): a bad value is reported next to its field, not a 400."""

    section = forms.ChoiceField(label="Sezione", required=False)
    person = forms.TypedChoiceField(label="Persona", required=False, coerce=int, empty_value=None)
    since = forms.DateField(label="Dal", required=False, validators=[plausible_date])
    until = forms.DateField(label="Al", required=False, validators=[plausible_date])

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", "Tutte"), *sections()]
        self.fields["person"].choices = [("", "Tutte"), *people]

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", "La data finale precede quella iniziale.")
        return data

    def filters(self) -> Filters:
        if not self.is_valid():
            return Filters()
        return Filters(
            **{name: value for name, value in self.cleaned_data.items() if value not in ("", None)}
        )
