"""The text read aloud and the large-print PDF of an announcement. Pure Python, no Django."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from tayang.accessible.braille_preview import cells
from tayang.accessible.source import Source
from tayang.records.typesetting import compile_template, long_date

LARGE_PRINT_TEMPLATE = Path(__file__).with_name("large_print.typ")


def read_aloud(source: Source) -> str:
    """Title and paragraphs with a full stop after each, so the voice pauses between them."""
    parts = [part.strip() for part in (source.title, *source.paragraphs) if part.strip()]
    return " ".join(part if part[-1] in ".!?:" else f"{part}." for part in parts)


def large_print(source: Source, organization: str, published: datetime | None,
                brf: str | None = None) -> bytes:
    """A4, 20-pt text and 28-pt title, black on white (``large_print.typ``); with ``brf`` (the
    announcement's Braille file) its pages drawn after the text, for sighted staff."""
    data = {
        "title": source.title or "Pengumuman",
        "organization": organization,
        "published": f"Ditayangkan {long_date(published.date())}" if published else "",
        "paragraphs": list(source.paragraphs),
        "braille": cells(brf) if brf else None,
    }
    return compile_template(LARGE_PRINT_TEMPLATE, data, now=published)
