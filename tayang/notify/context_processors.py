"""The unread count in the header of every page (``notify_unread``)."""

from __future__ import annotations

from django.http import HttpRequest

from tayang.notify.models import Notification


def unread(request: HttpRequest) -> dict[str, int]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # The partial index on unread rows keeps this one small count however long the list grows.
    return {"notify_unread": Notification.objects.filter(user=user, read_at__isnull=True)
            .count()}
