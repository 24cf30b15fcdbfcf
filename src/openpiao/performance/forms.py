from django import forms
from django.core.exceptions import ValidationError

from openpiao.core.forms import InlineFormSet, PlanScopedModelForm, StyledModelForm, VersionedFormMixin

from .models import Indicator, Objective, Participation, Phase, Resource, StrategicObjective
from .months import MONTH_NAMES
from .participation import participation_total_error
from .services import CO_UNIT_REPEATS_UNIT, CROSS_UNIT_NEEDS_CO_UNITS
from .targets import TargetError, check_target


class ObjectiveForm(VersionedFormMixin, PlanScopedModelForm):
    class Meta:
        model = Objective
        fields = [
            "unit",
            "office",
            "number",
            "kind",
            "kind_label",
            "is_prerequisite",
            "title",
            "list_title",
            "description",
            "strategic_objective",
            "weight",
            "first_year",
            "last_year",
            "co_units",
            "cost_centre",
            "budget_chapter",
            "budget_amount",
            "simplification",
            "digitalisation",
            "accessibility",
            "equal_opportunity",
            "training_promotion",
            "remote_workable",
            "reward_note",
        ]
        widgets = {"co_units": forms.CheckboxSelectMultiple}

    def __init__(self, *args, plan, units=None, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["unit"].queryset = units if units is not None else plan.units.all()
        self.fields["co_units"].queryset = plan.units.all()
        self.fields["office"].queryset = plan.units.filter(parent__isnull=False)
        self.fields["strategic_objective"].queryset = plan.strategic_objectives.all()
        year_choices = [(y, str(y)) for y in plan.years]
        self.fields["first_year"].widget = forms.Select(choices=year_choices, attrs={"class": "form-select"})
        self.fields["last_year"].widget = forms.Select(choices=year_choices, attrs={"class": "form-select"})
        if not self.instance.pk:
            self.initial.setdefault("first_year", plan.reference_year)
            self.initial.setdefault("last_year", plan.reference_year)
        mode = plan.organization.weight_mode
        self.fields["weight"].label = "Peso (%)" if mode == "percent" else "Peso (punti)"

    def clean(self):
        cleaned = super().clean()
        unit, co_units = cleaned.get("unit"), cleaned.get("co_units")
        if unit and co_units and unit in co_units:
            self.add_error("co_units", CO_UNIT_REPEATS_UNIT)
        if cleaned.get("kind") == "cross_unit" and not co_units:
            self.add_error("co_units", CROSS_UNIT_NEEDS_CO_UNITS)
        return cleaned


class StrategicObjectiveForm(VersionedFormMixin, PlanScopedModelForm):
    class Meta:
        model = StrategicObjective
        fields = ["code", "title", "description", "mission", "programme", "stakeholders", "order"]


class IndicatorForm(StyledModelForm):
    """An indicator with one "valore atteso" field per year of the triennium."""

    class Meta:
        model = Indicator
        fields = ["order", "description", "kind", "direction", "measure_unit", "baseline", "weight"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.years = list(years)
        existing = {t.year: t.value for t in self.instance.targets.all()} if self.instance.pk else {}
        for year in self.years:
            name = self.target_field(year)
            self.fields[name] = forms.CharField(
                label=f"valore atteso {year}",
                required=False,
                max_length=500,
                widget=forms.TextInput(attrs={"class": "form-control"}),
            )
            self.initial.setdefault(name, existing.get(year, ""))

    @staticmethod
    def target_field(year: int) -> str:
        return f"target_{year}"

    def target_bound_fields(self):
        return [self[self.target_field(y)] for y in self.years]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        for year in self.years:
            name = self.target_field(year)
            text = (cleaned.get(name) or "").strip()
            if text and kind:
                try:
                    check_target(kind, text, year)
                except TargetError as error:
                    self.add_error(name, str(error))
        return cleaned

    def targets(self) -> dict[int, str]:
        """The valori attesi typed, year → text ("" where the field is empty: none that year)."""
        return {year: (self.cleaned_data.get(self.target_field(year)) or "").strip() for year in self.years}


class PhaseForm(StyledModelForm):
    months = forms.TypedMultipleChoiceField(
        label="mesi previsti",
        coerce=int,
        required=False,
        choices=[(n, name) for n, name in enumerate(MONTH_NAMES, start=1)],
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Phase
        fields = ["order", "description", "months", "schedule_note", "weight"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def clean_months(self):
        return sorted(set(self.cleaned_data["months"]))


class ParticipationForm(StyledModelForm):
    class Meta:
        model = Participation
        fields = ["employee", "headcount", "percent", "hours", "hourly_cost"]

    def __init__(self, *args, employees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = employees


class ResourceForm(StyledModelForm):
    class Meta:
        model = Resource
        fields = ["kind", "description", "cost"]


class ParticipationFormSetBase(InlineFormSet):
    def clean(self):
        # Ours first: it names the person, where Django's duplicate check names the field.
        live = [f for f in self.forms if f.has_changed() or f.instance.pk]
        live = [f for f in live if hasattr(f, "cleaned_data") and not f.cleaned_data.get("DELETE")]
        employees = [f.cleaned_data.get("employee") for f in live if f.cleaned_data.get("employee")]
        if len(employees) != len(set(employees)):
            raise ValidationError("Lo stesso dipendente compare più di una volta.")
        super().clean()
        error = participation_total_error(f.cleaned_data.get("percent") for f in live)
        if error:
            raise ValidationError(error)


def _formset(form, formset=InlineFormSet):
    return forms.inlineformset_factory(
        Objective, form._meta.model, form=form, formset=formset, extra=1, can_delete=True
    )


IndicatorFormSet = _formset(IndicatorForm)
PhaseFormSet = _formset(PhaseForm)
ParticipationFormSet = _formset(ParticipationForm, formset=ParticipationFormSetBase)
ResourceFormSet = _formset(ResourceForm)
