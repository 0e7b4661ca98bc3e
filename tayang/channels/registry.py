"""Every kind of channel Tayang can publish to, by the ``kind`` stored on a channel."""

from __future__ import annotations

from functools import cache

from django.utils.module_loading import import_string

from tayang.channels.connectors.base import ChannelKind

CONNECTORS: dict[str, str] = {
    "website": "tayang.channels.connectors.website.Website",
    "facebook": "tayang.channels.connectors.facebook.FacebookPage",
    "instagram": "tayang.channels.connectors.instagram.Instagram",
    "x": "tayang.channels.connectors.x.X",
    "youtube": "tayang.channels.connectors.youtube.YouTube",
    "telegram": "tayang.channels.connectors.telegram.Telegram",
    "wordpress": "tayang.channels.connectors.wordpress.WordPress",
    "ckan": "tayang.channels.connectors.ckan.Ckan",
    "manual": "tayang.channels.connectors.manual.Manual",
    "noticeboard": "tayang.channels.connectors.noticeboard.NoticeBoard",
}


@cache
def connector_class(kind: str) -> type[ChannelKind]:
    try:
        return import_string(CONNECTORS[kind])
    except KeyError:
        raise LookupError(f"Jenis kanal tidak dikenal: {kind}") from None


def known(kind: str) -> type[ChannelKind] | None:
    """The class of ``kind``, or ``None`` for a kind this version does not have (a channel
    saved by a newer or a patched installation): screens then show it as unavailable."""
    try:
        return connector_class(kind)
    except LookupError:
        return None
