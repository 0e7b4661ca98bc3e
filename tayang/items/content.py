"""Between an item's stored JSON content and the values the engine checks.

Stored JSON keeps dates as ISO text and media as ``[{"id": 12, "alt": "..."}]``; the engine
wants ``date``/``datetime`` objects and :class:`~tayang.engine.content.MediaInfo`. The content
hash, printed on approval records, covers the text, the alt texts and each file's own hash, so
any change to what was approved shows.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING

from tayang.engine.content import MediaInfo
from tayang.sop.model import FieldKind, MediaKind, Sop

if TYPE_CHECKING:
    from tayang.media.models import MediaAsset

_MEDIA_FIELDS = (FieldKind.MEDIA, FieldKind.DOCUMENT)


def media_entries(values: Mapping[str, object], key: str) -> list[dict[str, object]]:
    raw = values.get(key)
    if not isinstance(raw, list):
        return []
    return [entry for entry in raw if isinstance(entry, dict) and "id" in entry]


def asset_ids(sop: Sop, values: Mapping[str, object]) -> set[int]:
    return {
        int(entry["id"])  # type: ignore[call-overload]
        for item_field in sop.fields
        if item_field.kind in _MEDIA_FIELDS
        for entry in media_entries(values, item_field.key)
    }


def engine_values(
    sop: Sop, values: Mapping[str, object], assets: Mapping[int, MediaAsset]
) -> dict[str, object]:
    """The engine's view of stored content; unknown asset ids are left out."""
    result: dict[str, object] = {}
    for item_field in sop.fields:
        raw = values.get(item_field.key)
        match item_field.kind:
            case FieldKind.DATE:
                result[item_field.key] = _parse_date(raw)
            case FieldKind.DATETIME:
                result[item_field.key] = _parse_datetime(raw)
            case FieldKind.MEDIA | FieldKind.DOCUMENT:
                result[item_field.key] = tuple(
                    _media_info(assets[int(entry["id"])], str(entry.get("alt") or ""),  # type: ignore[call-overload]
                                entry.get("captions"))
                    for entry in media_entries(values, item_field.key)
                    if int(entry["id"]) in assets  # type: ignore[call-overload]
                )
            case _:
                result[item_field.key] = raw
    return result


def content_hash(values: Mapping[str, object], assets: Iterable[MediaAsset]) -> str:
    """SHA-256 of the content in a canonical form, including each file's own hash."""
    canonical = {
        "values": values,
        "files": sorted((asset.pk, asset.sha256) for asset in assets),
    }
    encoded = json.dumps(canonical, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(encoded.encode()).hexdigest()


def _media_info(asset: MediaAsset, alt: str, captions: object = None) -> MediaInfo:
    kind = MediaKind(asset.kind) if asset.kind in MediaKind._value2member_map_ else None
    digest = hashlib.sha256(captions.encode()).hexdigest()[:16] \
        if isinstance(captions, str) and captions else ""
    return MediaInfo(kind=kind, name=asset.original_name, alt_text=alt, captions=digest)


def _parse_date(raw: object) -> date | None:
    if isinstance(raw, str) and raw:
        try:
            return date.fromisoformat(raw[:10])
        except ValueError:
            return None
    return None


def _parse_datetime(raw: object) -> datetime | None:
    if isinstance(raw, str) and raw:
        try:
            return datetime.fromisoformat(raw)
        except ValueError:
            return None
    return None
