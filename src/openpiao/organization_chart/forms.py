from django import forms

from openpiao.core.forms import PlanScopedModelForm, StyledForm, VersionedFormMixin

from .models import Employee, OrgUnit, UnitResource


class ChartRowForm(VersionedFormMixin, PlanScopedModelForm):
    """A unit or an employee: the version the page was built from goes back with the form, so
    two people editing the same row cannot overwrite each other (core.locking)."""

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        if not self.instance.pk:  # a new row: nothing to have changed meanwhile
            self.fields.pop("expected_version")


class OrgUnitForm(ChartRowForm):
    class Meta:
        model = OrgUnit
        fields = ["code", "name", "scheda_name", "kind", "parent", "order", "head", "head_label"]

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        units = plan.units.all()
        if self.instance.pk:
            units = units.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = units
        self.fields["head"].queryset = plan.employees.filter(headcount=1)  # a person, not a row by category


class EmployeeForm(ChartRowForm):
    class Meta:
        model = Employee
        fields = ["unit", *Employee.DATA_FIELDS]

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["unit"].queryset = plan.units.all()


class UnitResourceForm(ChartRowForm):
    class Meta:
        model = UnitResource
        fields = ["unit", "kind", "description", "quantity", "amount", "order"]

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["unit"].queryset = plan.units.all()


class MemberUnitsForm(StyledForm):
    units = forms.ModelMultipleChoiceField(
        label="unità di cui inserisce i dati",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Il responsabile inserisce e modifica obiettivi, verifiche, processi e obblighi "
        "di queste unità.",
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = plan.units.all()
