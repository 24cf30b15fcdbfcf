from django import forms

from openpiao.core.forms import PlanScopedModelForm, VersionedFormMixin

from .models import (
    ActivityMapEntry,
    Cessation,
    Course,
    Enrolment,
    PlannedHire,
    PolaIndicator,
    PositiveAction,
    PositiveActionArea,
    SmartWorkingAgreement,
    StaffingInputs,
    TrainingArea,
    TrainingPlan,
)


class RowForm(VersionedFormMixin, PlanScopedModelForm):
    """A row of Sezione 3: plan from the URL, related rows limited to the same plan."""

    def __init__(self, *args, plan, employees=None, special_categories: bool = False, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        if not self.instance.pk:
            self.fields.pop("expected_version")
        if not special_categories:
            # Left out of the form, they keep their saved value (services.save_row writes the
            # values it is given only).
            for name in getattr(self._meta.model, "SPECIAL_CATEGORY_FIELDS", ()):
                self.fields.pop(name, None)
        # Every linked row (unit, employee, training area, course, ambito) belongs to a plan.
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = field.queryset.filter(plan=plan)
        if employees is not None and "employee" in self.fields:
            self.fields["employee"].queryset = employees
        if "year" in self.fields:
            self.fields["year"].widget = forms.Select(
                choices=[(y, str(y)) for y in plan.years], attrs={"class": "form-select"}
            )
            # What the list shows first: a blank row left alone is then unchanged (not saved).
            self.fields["year"].initial = plan.reference_year
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 3


def _form(model):
    """The editor of a row: the fields the user enters (`model.INPUT_FIELDS`), in their order."""
    meta = type("Meta", (), {"model": model, "fields": model.INPUT_FIELDS})
    return type(f"{model.__name__}Form", (RowForm,), {"Meta": meta})


StaffingInputsForm = _form(StaffingInputs)
CessationForm = _form(Cessation)
PlannedHireForm = _form(PlannedHire)
ActivityMapForm = _form(ActivityMapEntry)
AgreementForm = _form(SmartWorkingAgreement)
TrainingPlanForm = _form(TrainingPlan)
TrainingAreaForm = _form(TrainingArea)
CourseForm = _form(Course)
EnrolmentForm = _form(Enrolment)
ActionAreaForm = _form(PositiveActionArea)
PositiveActionForm = _form(PositiveAction)


class PolaIndicatorForm(_form(PolaIndicator)):
    """An indicator with its valore atteso and valore raggiunto for each year of the triennium."""

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        existing = {v.year: v for v in self.instance.values.all()} if self.instance.pk else {}
        self.years = list(plan.years)
        for year in self.years:
            value = existing.get(year)
            for part, label in (("target", "valore atteso"), ("achieved", "valore raggiunto")):
                name = f"{part}_{year}"
                self.fields[name] = forms.CharField(
                    label=f"{label} {year}",
                    required=False,
                    max_length=60,
                    widget=forms.TextInput(attrs={"class": "form-control"}),
                )
                self.initial.setdefault(name, getattr(value, part, "") if value else "")

    def yearly(self) -> dict[int, tuple[str, str]]:
        """Year → (valore atteso, valore raggiunto), as typed."""
        return {
            year: (
                (self.cleaned_data.get(f"target_{year}") or "").strip(),
                (self.cleaned_data.get(f"achieved_{year}") or "").strip(),
            )
            for year in self.years
        }
