from django.contrib import admin

from tayang.orgs.models import Membership, Organization, Unit


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "timezone", "is_demo"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [UnitInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "unit", "position", "is_admin", "is_active"]
    list_filter = ["organization", "is_admin", "is_active"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "organization"]
