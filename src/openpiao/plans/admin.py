from django.contrib import admin

from openpiao.core.admin import ReadOnlyAdmin

from .models import Plan


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = [
        "organization",
        "first_year",
        "reference_year",
        "status",
        "resolution_number",
        "resolution_date",
    ]
    list_filter = ["status", "organization"]
    search_fields = ["organization__name", "title"]
