from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit log is read-only, even for administrators."""

    list_display = ["created_at", "organization", "user", "action", "object_type", "object_id"]
    list_filter = ["organization", "action"]
    search_fields = ["action", "object_type", "object_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
