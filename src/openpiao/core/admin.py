from django.contrib import admin

from . import audit
from .models import AuditEvent


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

    def _record(self, request, obj, what: str) -> None:
        organization = getattr(obj, "organization", obj)
        audit.record(
            organization=organization,
            user=request.user,
            action=f"{what} nell'amministrazione del sito",
            obj=obj,
            record=str(obj),
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._record(request, obj, f"{obj._meta.verbose_name}: {'modifica' if change else 'inserimento'}")

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for obj in [*formset.new_objects, *(obj for obj, _ in formset.changed_objects)]:
            self._record(request, obj, f"{obj._meta.verbose_name}: modifica")
        for obj in formset.deleted_objects:
            self._record(request, obj, f"{obj._meta.verbose_name}: eliminazione")

    def delete_model(self, request, obj):
        self._record(request, obj, f"{obj._meta.verbose_name}: eliminazione")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._record(request, obj, f"{obj._meta.verbose_name}: eliminazione")
        super().delete_queryset(request, queryset)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """The audit log is read-only, even for administrators."""

    list_display = ["created_at", "organization_name", "user_name", "action", "object_type", "object_id"]
    list_filter = ["organization", "action"]
    search_fields = ["action", "object_type", "object_id"]
