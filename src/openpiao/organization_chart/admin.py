from django.contrib import admin

from openpiao.core.admin import ReadOnlyAdmin

from .models import Employee, OrgUnit


@admin.register(OrgUnit)
class OrgUnitAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["name", "code", "kind", "plan", "parent", "head"]
    list_filter = ["kind", "plan__organization"]
    search_fields = ["name", "code"]
    raw_id_fields = ["plan", "parent", "head"]
    filter_horizontal = ["editors"]


@admin.register(Employee)
class EmployeeAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = [
        "__str__",
        "key",
        "unit",
        "area",
        "economic_position",
        "part_time_pct",
        "contract_type",
        "plan",
    ]
    list_filter = ["area", "gender", "contract_type", "plan__organization"]
    search_fields = ["last_name", "first_name", "key"]
    raw_id_fields = ["plan", "unit"]
