from django.contrib import admin

from tayang.procedures.forms import ProcedureVersionForm
from tayang.procedures.models import Procedure, ProcedureVersion, RoleGrant


class ProcedureVersionInline(admin.StackedInline):
    model = ProcedureVersion
    form = ProcedureVersionForm
    extra = 0
    fields = ["number", "source_name", "text", "sha256", "created_at"]
    readonly_fields = ["sha256", "created_at"]


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "key", "bundled_key", "is_active"]
    list_filter = ["organization", "is_active"]
    search_fields = ["name", "key"]
    inlines = [ProcedureVersionInline]


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin):
    list_display = ["membership", "procedure", "role_key", "granted_at"]
    list_filter = ["procedure__organization", "procedure"]
