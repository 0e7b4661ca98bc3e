from django.contrib import admin

from tayang.exports.models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    """Read-only: a job is made by its worker, and its file is handed out by the workspace."""

    list_display = ["label", "organization", "requested_by", "state", "done", "total",
                    "created_at", "expires_at"]
    list_filter = ["state", "kind", "organization"]
    search_fields = ["label", "requested_by__username"]
    readonly_fields = [field.name for field in ExportJob._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
