from openpiao.core.forms import PlanScopedModelForm

from .models import Employee, OrgUnit


class OrgUnitForm(PlanScopedModelForm):
    class Meta:
        model = OrgUnit
        fields = ["code", "name", "kind", "parent", "order", "head", "head_label"]

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        units = plan.units.all()
        if self.instance.pk:
            units = units.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = units
        self.fields["head"].queryset = plan.employees.all()


class EmployeeForm(PlanScopedModelForm):
    class Meta:
        model = Employee
        fields = ["unit", *Employee.DATA_FIELDS]

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["unit"].queryset = plan.units.all()
