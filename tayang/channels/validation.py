"""Each chosen channel's limits, checked at hand-in and again before publishing.

At hand-in the person who wrote the content can still shorten a caption or drop a photo; at
publishing the admin sees the same messages, and also a channel whose credentials the
organization's admin has not filled in yet.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from tayang.channels import limits
from tayang.channels.models import Channel
from tayang.channels.outbox import chosen_channels, publishing_channels
from tayang.channels.post import build, content_of, media_files
from tayang.items.models import Item


def problems(item: Item, keys: Iterable[str] = (), *, publishing: bool = False,
             values: Mapping[str, object] | None = None) -> list[str]:
    """Every refusal of every channel the item would go to, each naming its channel."""
    found: list[str] = []
    shown = values if values is not None else item.values
    content, files = None, None
    chosen = publishing_channels(item, keys) if publishing else chosen_channels(item, keys)
    for channel, caption in chosen:
        if content is None:  # read once for every channel, its files described once
            content, _ = content_of(item, shown)
            files = media_files(item, content)
        post = build(item, shown, key="periksa", caption=caption, content=content,
                     files=files)
        found += limits.problems(channel.connector, post, channel.name)
        if publishing:
            found += unconfigured(channel)
    return found


def unconfigured(channel: Channel) -> list[str]:
    """The settings and credentials the channel still lacks."""
    missing = [
        field.label for field in channel.connector.config_fields
        if field.required and not (
            field.key in channel.secrets_set if field.secret
            else str(channel.config.get(field.key, "")).strip()
        )
    ]
    if not missing:
        return []
    return [f"{channel.name}: pengaturan belum lengkap ({', '.join(missing)}). Minta admin "
            "organisasi melengkapinya di Kelola › Kanal publikasi."]
