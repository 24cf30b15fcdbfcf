from django.contrib import admin

from .models import Membership, Organization, YearlyFigures


class YearlyFiguresInline(admin.TabularInline):
    model = YearlyFigures
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "tax_code", "weight_mode"]
    search_fields = ["name", "slug", "tax_code", "ipa_code"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [YearlyFiguresInline, MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role"]
    list_filter = ["role", "organization"]
    search_fields = ["user__username", "organization__name"]
    autocomplete_fields = ["user", "organization"]
