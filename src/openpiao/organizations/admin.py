from django.contrib import admin

from openpiao.core.admin import AuditedAdmin

from .models import Membership, Organization, YearlyFigures


class YearlyFiguresInline(admin.TabularInline):
    model = YearlyFigures
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["name", "slug", "tax_code", "weight_mode"]
    search_fields = ["name", "slug", "tax_code", "ipa_code"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [YearlyFiguresInline, MembershipInline]

    def has_delete_permission(self, request, obj=None):
        # Deleting an ente would delete its plans with them: plan data is not the admin's to
        # change (its adopted versions are protected anyway, see documents.models.PlanVersion).
        return False


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["user", "organization", "role"]
    list_filter = ["role", "organization"]
    search_fields = ["user__username", "organization__name"]
    autocomplete_fields = ["user", "organization"]
