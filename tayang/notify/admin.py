"""Read-only views of notifications for the installation's technical staff."""

from django.contrib import admin

from tayang.notify.models import Delivery, Messaging, Notification, Preference, WakeUp


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnly):
    list_display = ["created_at", "user", "organization", "kind", "title", "read_at"]
    list_filter = ["kind", "organization"]
    search_fields = ["title", "user__username"]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnly):
    list_display = ["notification", "medium", "state", "attempts", "due_at", "sent_at"]
    list_filter = ["medium", "state"]
    exclude = ["journal"]


@admin.register(WakeUp)
class WakeUpAdmin(ReadOnly):
    list_display = ["item", "step", "stage", "due_at", "state"]
    list_filter = ["state", "stage"]


@admin.register(Preference)
class PreferenceAdmin(ReadOnly):
    list_display = ["user", "by_email", "by_telegram", "by_whatsapp", "digest_enabled"]


@admin.register(Messaging)
class MessagingAdmin(ReadOnly):
    list_display = ["organization", "telegram_enabled", "whatsapp_enabled"]
    exclude = ["sealed_secrets"]
