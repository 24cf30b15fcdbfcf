from django import forms
from django.core.exceptions import ValidationError

from openpiao.core.forms import StyledForm, StyledModelForm, VersionedFormMixin
from openpiao.organizations.models import SIMPLIFIED_REGIME_EMPLOYEE_LIMIT

from .models import Plan

FIGURES = ("inhabitants", "employees")


class PlanCreateForm(StyledModelForm):
    """A new plan; for an ente without figures at 31/12 (a new one) also its inhabitants and
    employees at 31/12 of the year before the triennium, which decide the simplified regime."""

    inhabitants = forms.IntegerField(label="abitanti al 31/12 dell'anno prima del triennio", required=False)
    employees = forms.IntegerField(
        label="dipendenti al 31/12 dell'anno prima del triennio",
        required=False,
        help_text=f"Con meno di {SIMPLIFIED_REGIME_EMPLOYEE_LIMIT} dipendenti il piano segue la forma "
        "semplificata (art. 6 DM 132/2022).",
    )

    class Meta:
        model = Plan
        fields = ["kind", "first_year", "reference_year", "title"]

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        self.has_figures = organization.figures.exists()
        if self.has_figures:
            known = "Da indicare se non sono già nella scheda anagrafica (dati al 31 dicembre)."
            for name in FIGURES:
                self.fields[name].help_text = known

    def clean(self):
        data = super().clean()
        given = [data.get(name) is not None for name in FIGURES]
        if any(given) and not all(given):
            missing = FIGURES[given.index(False)]
            self.add_error(missing, "Indicare sia gli abitanti sia i dipendenti al 31/12.")
        elif not self.has_figures and not any(given):
            for name in FIGURES:
                self.add_error(
                    name,
                    "L'ente non ha ancora dati al 31/12: servono per stabilire se il piano segue "
                    "la forma semplificata.",
                )
        return data

    def figures(self) -> dict | None:
        """The figures at 31/12 of the year before the triennium, if the form was given them."""
        if self.cleaned_data.get("employees") is None:
            return None
        return {
            "year": self.cleaned_data["first_year"] - 1,
            **{name: self.cleaned_data[name] for name in FIGURES},
        }

    def clean_first_year(self):
        year = self.cleaned_data["first_year"]
        if Plan.objects.filter(organization=self.instance.organization, first_year=year).exists():
            raise ValidationError(f"Esiste già un piano per il triennio che inizia nel {year}.")
        return year


class PlanForm(VersionedFormMixin, StyledModelForm):
    class Meta:
        model = Plan
        fields = ["kind", "title", "reference_year"]


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
