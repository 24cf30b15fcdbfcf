from django import forms
from django.core.exceptions import ValidationError

from openpiao.core.forms import StyledForm, StyledModelForm, VersionedFormMixin

from .models import Plan


class PlanCreateForm(StyledModelForm):
    class Meta:
        model = Plan
        fields = ["first_year", "reference_year", "title"]

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization

    def clean_first_year(self):
        year = self.cleaned_data["first_year"]
        if Plan.objects.filter(organization=self.instance.organization, first_year=year).exists():
            raise ValidationError(f"Esiste già un piano per il triennio che inizia nel {year}.")
        return year


class PlanForm(VersionedFormMixin, StyledModelForm):
    class Meta:
        model = Plan
        fields = ["title", "reference_year"]


class RolloverForm(StyledForm):
    """The parts of this year's plan to carry into next year's (plans.rollover.Choice)."""

    parts = forms.MultipleChoiceField(
        label="Da riportare nel nuovo piano",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parts"].choices = [(c.key, c.label) for c in choices]
        self.fields["parts"].initial = [c.key for c in choices if c.default]
