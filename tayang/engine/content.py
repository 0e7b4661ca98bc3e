"""How an item's content looks to the engine: plain values keyed by the SOP's field keys.

The Django layer builds these from its models; tests build them directly. Text fields hold
``str``, date fields ``date``/``datetime``, choice fields the chosen value, 5W+1H fields a
mapping of part to answer, DIP fields an entry identifier, media and document fields a sequence
of :class:`MediaInfo`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tayang.sop.model import MediaKind

type Values = Mapping[str, object]


@dataclass(frozen=True)
class MediaInfo:
    """What the engine needs to know of one uploaded file to check requirements."""

    kind: MediaKind | None  # None for a document that is neither photo, video nor audio
    name: str = ""
    alt_text: str = ""
    # A digest of the video's captions or the audio file's transcript (WebVTT), "" when none:
    # a digest, not a flag, so that correcting them is a change like any other.
    captions: str = ""


# The key under which the Django layer gives the engine an item's accessible formats (not a
# field: field keys are identifiers, so it can never clash with one).
FORMATS = "@formats"


@dataclass(frozen=True)
class FormatReadiness:
    """Where an item's accessible formats stand, by their names ("audio", "Braille")."""

    ready: tuple[str, ...] = ()
    waiting: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()
    unavailable: tuple[str, ...] = ()


def media_of(values: Values, key: str) -> tuple[MediaInfo, ...]:
    value = values.get(key)
    if isinstance(value, list | tuple):
        return tuple(item for item in value if isinstance(item, MediaInfo))
    return ()


def text_of(values: Values, key: str) -> str:
    value = values.get(key)
    return value.strip() if isinstance(value, str) else ""


def is_filled(value: object) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, Mapping):
        return any(is_filled(part) for part in value.values())
    if isinstance(value, list | tuple):
        return len(value) > 0
    return True
