from django.contrib import admin

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
class StrategicObjectiveAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "mission", "plan"]
    list_filter = ["mission", "plan__organization"]
    search_fields = ["title", "code"]
    raw_id_fields = ["plan"]


class IndicatorInline(admin.StackedInline):
    model = Indicator
    extra = 0
    exclude = ["organization"]


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0
    exclude = ["organization"]


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    exclude = ["organization"]
    raw_id_fields = ["employee"]


class ResourceInline(admin.TabularInline):
    model = Resource
    extra = 0
    exclude = ["organization"]


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ["__str__", "unit", "kind", "weight", "plan"]
    list_filter = ["kind", "plan__organization"]
    search_fields = ["title"]
    raw_id_fields = ["plan", "unit", "strategic_objective"]
    filter_horizontal = ["co_units"]
    inlines = [IndicatorInline, PhaseInline, ParticipationInline, ResourceInline]

    def save_formset(self, request, form, formset, change):
        # Children inherit the ente of their objective.
        for item in formset.save(commit=False):
            item.organization_id = form.instance.organization_id
            item.save()
        for item in formset.deleted_objects:
            item.delete()
        formset.save_m2m()


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(admin.ModelAdmin):
    list_display = ["indicator", "year", "value"]
    raw_id_fields = ["indicator"]
