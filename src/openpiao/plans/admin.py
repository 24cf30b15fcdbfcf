from django.contrib import admin

from .models import Plan


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
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
