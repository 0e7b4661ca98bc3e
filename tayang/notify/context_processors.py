"""The unread count in the header of every page (``notify_unread``).

Lazy, like Django's own ``user``: the count (and the session it needs to know who asks) is
only read when a template shows it. The public website's pages never do, so they stay free of
the session and cacheable for everyone (no ``Vary: Cookie``).
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from tayang.notify.models import Notification


def unread(request: HttpRequest) -> dict[str, object]:
    def count() -> int:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return 0
        # The partial index on unread rows keeps this one small count however long the list.
        return Notification.objects.filter(user=user, read_at__isnull=True).count()

    return {"notify_unread": SimpleLazyObject(count)}
