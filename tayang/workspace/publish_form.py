"""The publish form of an item: which channels besides the website, and when.

The channels are pre-checked as chosen at hand-in (:func:`publish_form`); what the form sends
becomes the engine's :class:`~tayang.engine.actions.Publish` (:func:`publish_action`), the
schedule typed in the organization's own zone. Split from :mod:`.channel_page` (which shows
the channels on the item page and the hand-in form) when it passed 400 lines.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.http import QueryDict
from django.utils import timezone

from tayang.channels.models import WEBSITE, Channel
from tayang.channels.outbox import chosen_channels
from tayang.engine.actions import Publish
from tayang.items.models import Item
from tayang.orgs.models import Organization

PUBLISH_CHANNELS = "kanal-tayang"
PUBLISH_SHOWN = "kanal-tayang-tampil"
SCHEDULE_DATE = "jadwal-tanggal"
SCHEDULE_TIME = "jadwal-jam"


def choosable(organization: Organization) -> list[Channel]:
    """The organization's enabled channels besides the website (which is always published)."""
    return list(
        Channel.objects.filter(organization=organization, enabled=True).exclude(kind=WEBSITE)
    )


@dataclass(frozen=True)
class PublishRow:
    channel: Channel
    checked: bool


def publish_form(item: Item, data: QueryDict | None = None) -> dict[str, Any]:
    """Channels (pre-checked as chosen at hand-in) and the schedule, as typed if sent back."""
    channels = choosable(item.organization)
    if data is not None and PUBLISH_SHOWN in data:
        picked = set(data.getlist(PUBLISH_CHANNELS))
    else:
        picked = {channel.key for channel, _ in chosen_channels(item)}
        data = None
    return {
        "channels": [PublishRow(channel, channel.key in picked) for channel in channels],
        "date": data.get(SCHEDULE_DATE, "") if data is not None else "",
        "time": data.get(SCHEDULE_TIME, "") if data is not None else "",
        "zone": item.organization.zone_abbreviation,
        "today": timezone.localdate(timezone=item.organization.zone).isoformat(),
    }


def publish_action(organization: Organization, data: Mapping[str, Any] | QueryDict,
                   confirmed: frozenset[str]) -> Publish | str:
    """The publish action the form asks for, or why it cannot be read (Bahasa Indonesia)."""
    channels: tuple[str, ...] = ()
    if isinstance(data, QueryDict) and PUBLISH_SHOWN in data:
        picked = set(data.getlist(PUBLISH_CHANNELS))
        # The website leads, always: a tuple of it alone means "the website only".
        channels = (WEBSITE, *(c.key for c in choosable(organization) if c.key in picked))
    scheduled = schedule(str(data.get(SCHEDULE_DATE, "")), str(data.get(SCHEDULE_TIME, "")),
                         organization)
    if isinstance(scheduled, str):
        return scheduled
    return Publish(channels=channels, confirmed=confirmed, scheduled_for=scheduled)


def schedule(day: str, hour: str, organization: Organization) -> datetime | str | None:
    """The moment typed as a date and a time in the organization's zone; ``None`` if empty."""
    day, hour = day.strip(), hour.strip()
    if not day and not hour:
        return None
    zone = organization.zone_abbreviation
    if not day or not hour:
        return ("Isi tanggal dan jam penayangan terjadwal, atau kosongkan keduanya untuk "
                "menayangkan sekarang.")
    try:
        parsed_day = date.fromisoformat(day)
        parsed_hour = _hour(hour)
    except ValueError:
        return (f"Tanggal atau jam jadwal tidak dapat dibaca. Tulis tanggal seperti 2026-11-24 "
                f"dan jam seperti 14:30 ({zone}).")
    return datetime.combine(parsed_day, parsed_hour, tzinfo=organization.zone)


def _hour(text: str) -> time:
    text = text.replace(".", ":")
    parsed = time.fromisoformat(text)
    if parsed.tzinfo is not None:
        raise ValueError(text)
    return parsed.replace(second=0, microsecond=0)
