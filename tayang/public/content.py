"""What of an item's content the public sees, read from any SOP's fields.

Every agency names its fields differently (``narrative``, ``naskah_berita``, ``release``), so
the public page is not written for one SOP: each field is placed by its kind, and the few
fields a news page treats specially are recognised by their key or label:

* the title and the activity date are the fields the SOP marks as such;
* the place is a one-line text field keyed or labelled *place / tempat / lokasi*;
* the caption (*caption kegiatan*) is a one-line field keyed or labelled *caption*; it is the
  article's lead, and the summary in lists, feeds and social-media cards;
* every long text is a section of the body, in the SOP's order; the first has no heading,
  the others carry their label as heading (seed C's *Daftar informasi*);
* 5W+1H answers are shown as a short summary;
* media fields give the photo gallery, the videos and the audio, document fields the
  downloads; a choice field's value is the category (see :mod:`tayang.public.categories`);
* a link to the DIP and other dates are left to the public-information page;
* a field the SOP marks ``internal`` (raw material, notes for the team) is never shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from tayang.items.content import media_entries
from tayang.media.models import MediaAsset
from tayang.sop.model import FIVE_W_ONE_H_PARTS, FieldKind, ItemField, Sop

LEAD_LENGTH = 240
_PLACE_WORDS = ("place", "tempat", "lokasi")
_CAPTION_WORDS = ("caption", "keterangan foto")


@dataclass(frozen=True)
class Section:
    heading: str  # empty for the first section: it is the body itself
    text: str


@dataclass(frozen=True)
class Attachment:
    """One file of the content as published, with its text alternative."""

    field_key: str
    asset: MediaAsset
    alt: str
    captions: str = ""  # WebVTT of a video's captions or an audio file's transcript

    @property
    def kind(self) -> str:
        return self.asset.kind


@dataclass(frozen=True)
class Choice:
    field_key: str
    value: str
    label: str


@dataclass(frozen=True)
class PublicContent:
    title: str
    activity_date: date | None
    place: str
    caption: str
    sections: tuple[Section, ...]
    five_w: tuple[tuple[str, str], ...]
    attachments: tuple[Attachment, ...]
    choices: tuple[Choice, ...]

    def of_kind(self, kind: str) -> list[Attachment]:
        return [attachment for attachment in self.attachments if attachment.kind == kind]

    @property
    def photos(self) -> list[Attachment]:
        return self.of_kind(MediaAsset.Kind.PHOTO)

    @property
    def lead(self) -> str:
        """The caption, or the start of the body cut at a word."""
        if self.caption:
            return self.caption
        body = next((section.text for section in self.sections if section.text), "")
        return shorten(" ".join(body.split()), LEAD_LENGTH)

    def search_text(self, *extra: str) -> str:
        parts = [self.title, self.place, self.caption, *extra]
        parts += [f"{section.heading} {section.text}" for section in self.sections]
        parts += [answer for _, answer in self.five_w]
        parts += [attachment.alt for attachment in self.attachments]
        parts += [choice.label for choice in self.choices]
        return " ".join(" ".join(parts).split()).casefold()


def public_content(
    sop: Sop, values: Mapping[str, object], assets: Mapping[int, MediaAsset]
) -> PublicContent:
    """The public view of ``values`` (one revision's content); unknown files are left out."""
    title_field = sop.title_field
    date_field = sop.activity_date_field
    place = caption = ""
    sections: list[Section] = []
    five_w: tuple[tuple[str, str], ...] = ()
    attachments: list[Attachment] = []
    choices: list[Choice] = []
    for item_field in sop.fields:
        if item_field.internal:
            continue  # the team's own material: never public, in feeds or in channel posts
        raw = values.get(item_field.key)
        match item_field.kind:
            case FieldKind.TEXT if item_field is not title_field:
                text = _text(raw)
                if not place and _named(item_field, _PLACE_WORDS):
                    place = text
                elif not caption and _named(item_field, _CAPTION_WORDS):
                    caption = text
                elif text:
                    sections.append(Section(item_field.label, text))
            case FieldKind.LONGTEXT if _text(raw):
                heading = item_field.label if sections else ""
                sections.append(Section(heading, _text(raw)))
            case FieldKind.FIVE_W_ONE_H if isinstance(raw, dict):
                five_w = tuple(
                    (label, _text(raw.get(key))) for key, label in FIVE_W_ONE_H_PARTS
                    if _text(raw.get(key))
                )
            case FieldKind.MEDIA | FieldKind.DOCUMENT:
                for entry in media_entries(values, item_field.key):
                    asset = assets.get(int(entry["id"]))  # type: ignore[call-overload]
                    if asset is not None:
                        attachments.append(
                            Attachment(item_field.key, asset, _text(entry.get("alt")),
                                       _text(entry.get("captions")))
                        )
            case FieldKind.CHOICE if _text(raw):
                choices.append(Choice(item_field.key, _text(raw),
                                      item_field.choice_label(_text(raw))))
    return PublicContent(
        title=_text(values.get(title_field.key)) if title_field else "",
        activity_date=_date(values.get(date_field.key)) if date_field else None,
        place=place,
        caption=caption,
        sections=tuple(sections),
        five_w=five_w,
        attachments=tuple(attachments),
        choices=tuple(choices),
    )


def shorten(text: str, limit: int) -> str:
    """``text`` cut at the last word boundary before ``limit``, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,.;:")
    return f"{cut}…"


def _named(item_field: ItemField, words: tuple[str, ...]) -> bool:
    key, label = item_field.key.casefold(), item_field.label.casefold()
    return any(key == word or key.startswith(f"{word}_") or label.startswith(word)
               for word in words)


def _text(raw: object) -> str:
    return raw.strip() if isinstance(raw, str) else ""


def _date(raw: object) -> date | None:
    if isinstance(raw, str) and len(raw) >= 10:
        try:
            return date.fromisoformat(raw[:10])
        except ValueError:
            return None
    return None
