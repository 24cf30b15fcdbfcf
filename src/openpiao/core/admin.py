from functools import cache

from django.apps import apps
from django.contrib import admin

from . import audit
from .models import Action, AuditEvent


class ReadOnlyAdmin:
    """For ModelAdmins and inlines of plan data: shown, never added, changed or deleted.

    A plan's rows change only through the product's pages and services, which respect the
    adoption lock (an adopted plan is frozen) and write the audit log; the admin does neither.
    """

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditedAdmin:
    """For the ModelAdmins that stay editable (an ente's anagrafica, memberships): each change
    made there leaves its row in the ente's audit log, as the product's own pages do."""

    def _record(self, request, obj, action: Action) -> None:
        organization = getattr(obj, "organization", obj)
        audit.record(organization=organization, user=request.user, action=action, obj=obj, record=str(obj))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._record(request, obj, Action.ADMIN_CHANGED if change else Action.ADMIN_CREATED)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            self._record(request, obj, Action.ADMIN_CREATED)
        for obj, _ in formset.changed_objects:
            self._record(request, obj, Action.ADMIN_CHANGED)
        for obj in formset.deleted_objects:
            self._record(request, obj, Action.ADMIN_DELETED)

    def delete_model(self, request, obj):
        self._record(request, obj, Action.ADMIN_DELETED)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._record(request, obj, Action.ADMIN_DELETED)
        super().delete_queryset(request, queryset)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """The audit log is read-only, even for administrators."""

    # `action` shows its Italian label (Action's choices); the object by its Italian name.
    list_display = ["created_at", "organization_name", "user_name", "action", "object_name", "object_id"]
    list_filter = ["organization", "action"]
    search_fields = ["action", "object_type", "object_id"]

    @admin.display(description="oggetto", ordering="object_type")
    def object_name(self, event: AuditEvent) -> str:
        return object_names().get(event.object_type, event.object_type)


@cache
def object_names() -> dict[str, str]:
    """Model name (as an audit row stores it) → the model's Italian name."""
    return {model._meta.model_name: str(model._meta.verbose_name) for model in apps.get_models()}
