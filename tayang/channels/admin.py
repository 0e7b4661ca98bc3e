"""Channels in the Django admin: for looking and small fixes, never showing the credentials.

Channels are added in the workspace (Kelola › Kanal publikasi), which makes their key and
seals their credentials; the sealed credentials are never part of an admin page.
"""

from django.contrib import admin
from django.http import HttpRequest

from tayang.channels.models import Channel
from tayang.items.models import Publication


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "kind", "key", "enabled", "selected_by_default",
                    "position"]
    list_filter = ["organization", "kind", "enabled"]
    search_fields = ["name", "key", "organization__name"]
    exclude = ["sealed_secrets"]
    readonly_fields = ["organization", "kind", "key", "secrets_set", "created_at", "updated_at"]
    actions = None  # no bulk delete: a channel in use must stay (it can be disabled)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Channel | None = None) -> bool:
        if obj is None:
            return super().has_delete_permission(request)
        used = Publication.objects.filter(
            item__organization_id=obj.organization_id, channel=obj.key
        ).exists() or obj.choices.exists()
        return not used and super().has_delete_permission(request, obj)


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    """For the technical team: each publication's state and the platform's own reply.

    ``error_detail`` (what the platform answered, cut short) is shown only here and in the
    logs; staff on the item page see the failure's classification and Tayang's explanation.
    """

    list_display = ["item", "channel", "state", "attempts", "error_kind", "published_at"]
    list_filter = ["state", "error_kind", "channel"]
    search_fields = ["item__title", "channel", "external_id"]
    fields = ["item", "channel", "state", "revision", "attempts", "due_at", "lease_until",
              "published_at", "url", "external_id", "error_kind", "error", "error_detail"]
    readonly_fields = fields
    actions = None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
