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
        fields = [
            "key",
            "last_name",
            "first_name",
            "gender",
            "unit",
            "area",
            "old_category",
            "economic_position",
            "job_title",
            "profile",
            "is_eq_holder",
            "part_time_pct",
            "contract_type",
            "start_date",
            "end_date",
            "hourly_cost",
        ]

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["unit"].queryset = plan.units.all()
