"""The text every accessible format is made from: what the public page of the item says.

Title, lead (caption), place and the body's sections, read from any SOP's fields by the same
rules as the public page (:func:`tayang.public.content.public_content`), so the audio, the
Braille and the large print say what the page says — never a field the SOP marks internal.
Its hash tells whether a format was made from the text as it stands now.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

from tayang.public.content import public_content
from tayang.sop.model import Sop


@dataclass(frozen=True)
class Source:
    title: str
    paragraphs: tuple[str, ...]  # lead, place, then each section (its heading a paragraph)

    @property
    def text(self) -> str:
        """Plain text, one paragraph a line, a blank line between: the plain-text version."""
        return "\n\n".join((self.title, *self.paragraphs)) + "\n"

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()

    @property
    def words(self) -> int:
        return len(self.text.split())


def source_of(sop: Sop, values: Mapping[str, object]) -> Source:
    content = public_content(sop, values, {})
    paragraphs: list[str] = []
    if content.caption:
        paragraphs.append(content.caption)
    if content.place:
        paragraphs.append(f"Tempat: {content.place}")
    for section in content.sections:
        if section.heading:
            paragraphs.append(section.heading)
        paragraphs.extend(part.strip() for part in section.text.splitlines() if part.strip())
    for label, answer in content.five_w:
        paragraphs.append(f"{label}? {answer}")
    return Source(content.title, tuple(paragraphs))
