"""What an Instagram container is made of, and how its refusals read."""

from __future__ import annotations

import re
from typing import Any

from tayang.channels.connectors.base import ChannelError, ErrorKind, Journal, MediaFile, MediaKind
from tayang.channels.connectors.graph import MEDIA_REASONS

# Instagram's own subcodes for a container that no longer exists or has expired.
GONE_SUBCODES = frozenset({2207008, 2207020})


class Expired(Exception):  # a signal inside publish(), never raised out of it
    """A container (or a carousel child) expired before it was published."""


def forget_container(journal: Journal) -> None:
    journal.record("children", [])
    journal.record("container_id", None)


def container_fields(file: MediaFile, *, carousel: bool) -> dict[str, Any]:
    if file.kind == MediaKind.VIDEO:
        data: dict[str, Any] = {"media_type": "VIDEO" if carousel else "REELS",
                                "video_url": file.url}
    else:
        data = {"image_url": file.url}
        if file.alt.strip():
            data["alt_text"] = file.alt.strip()
    if carousel:
        data["is_carousel_item"] = True
    return data


def media_name(file: MediaFile) -> str:
    return f"{'video' if file.kind == MediaKind.VIDEO else 'foto'} {file.filename}"


def subject_of(items: list[MediaFile]) -> str:
    return media_name(items[0]) if len(items) == 1 else "carousel ini"


def container_error(subject: str, status: str) -> ChannelError:
    # ``status`` reads like "Error: ... (2207026)"; the subcode says what was wrong.
    code = re.search(r"22070\d\d", status)
    reason = MEDIA_REASONS.get(int(code.group()), "") if code else ""
    return ChannelError(
        f"Instagram menolak {subject}: {reason or 'berkas tidak dapat diproses'}.",
        kind=ErrorKind.REJECTED, detail=status,
    )
