"""Items in the Django admin: for looking, never for changing (changes go through the engine)."""

from django.contrib import admin
from django.http import HttpRequest

from tayang.items.models import Approval, Item, LogEntry, WrittenResponse


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class LogInline(ReadOnlyInline):
    model = LogEntry
    fields = ["at", "actor", "role", "action", "step", "outcome", "via", "detail"]


class ResponseInline(ReadOnlyInline):
    model = WrittenResponse
    fields = ["created_at", "author", "role", "step", "to_step", "label", "text"]


class ApprovalInline(ReadOnlyInline):
    model = Approval
    fields = ["created_at", "approver", "role", "step", "label", "revision", "content_hash"]


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["register_code", "title", "organization", "procedure", "status", "step"]
    list_filter = ["organization", "status"]
    search_fields = ["title"]
    inlines = [LogInline, ResponseInline, ApprovalInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
