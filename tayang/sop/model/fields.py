"""What an item carries: its fields and their kinds, as the SOP defines them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FieldKind(StrEnum):
    """What an item field holds; decides the form widget and which checks apply."""

    TEXT = "text"  # one line (title, place, caption)
    LONGTEXT = "longtext"  # paragraphs (narrative)
    DATE = "date"
    DATETIME = "datetime"
    CHOICE = "choice"  # one of ``choices`` (category, used for routing)
    MEDIA = "media"  # photos and/or videos
    FIVE_W_ONE_H = "five_w_one_h"  # apa, siapa, kapan, di mana, mengapa, bagaimana
    DIP_ENTRY = "dip_entry"  # link to an entry of the public-information list (DIP)
    DOCUMENT = "document"  # attached files (the public-information document)


class MediaKind(StrEnum):
    PHOTO = "photo"
    VIDEO = "video"
    AUDIO = "audio"


FIVE_W_ONE_H_PARTS: tuple[tuple[str, str], ...] = (
    ("apa", "Apa"),
    ("siapa", "Siapa"),
    ("kapan", "Kapan"),
    ("di_mana", "Di mana"),
    ("mengapa", "Mengapa"),
    ("bagaimana", "Bagaimana"),
)


@dataclass(frozen=True)
class ItemField:
    """One piece of content an item carries, with the limits the SOP puts on it."""

    key: str
    label: str
    kind: FieldKind
    help: str = ""
    choices: tuple[tuple[str, str], ...] = ()  # (value, label) for CHOICE
    max_length: int | None = None  # TEXT/LONGTEXT: characters (caption ≤ 200)
    min_count: int | None = None  # MEDIA/DOCUMENT: at least this many files
    max_count: int | None = None
    media_kinds: tuple[MediaKind, ...] = ()  # MEDIA: what may be handed in
    is_activity_date: bool = False  # the date "Hari H" is counted from
    is_title: bool = False
    # Raw material or notes for the team: never on the public site, in feeds or channel posts.
    internal: bool = False

    def choice_label(self, value: str) -> str:
        return dict(self.choices).get(value, value)
