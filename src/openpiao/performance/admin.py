from django.contrib import admin

from openpiao.core.admin import ReadOnlyAdmin

from .models import (
    Indicator,
    IndicatorTarget,
    Mission,
    Objective,
    Participation,
    Phase,
    Programme,
    Resource,
    StrategicObjective,
)


@admin.register(Mission)
class MissionAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "mission"]


@admin.register(StrategicObjective)
class StrategicObjectiveAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["code", "title", "mission", "plan"]
    list_filter = ["mission", "plan__organization"]
    search_fields = ["title", "code"]
    raw_id_fields = ["plan"]


class IndicatorInline(ReadOnlyAdmin, admin.StackedInline):
    model = Indicator
    extra = 0
    exclude = ["organization"]


class PhaseInline(ReadOnlyAdmin, admin.TabularInline):
    model = Phase
    extra = 0
    exclude = ["organization"]


class ParticipationInline(ReadOnlyAdmin, admin.TabularInline):
    model = Participation
    extra = 0
    exclude = ["organization"]
    raw_id_fields = ["employee"]


class ResourceInline(ReadOnlyAdmin, admin.TabularInline):
    model = Resource
    extra = 0
    exclude = ["organization"]


@admin.register(Objective)
class ObjectiveAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["__str__", "unit", "kind", "weight", "plan"]
    list_filter = ["kind", "plan__organization"]
    search_fields = ["title"]
    raw_id_fields = ["plan", "unit", "strategic_objective"]
    filter_horizontal = ["co_units"]
    inlines = [IndicatorInline, PhaseInline, ParticipationInline, ResourceInline]


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["indicator", "year", "value"]
    raw_id_fields = ["indicator"]
