"""Which of an item's fields are checked for language: its text and long-text fields (title,
caption, narrative), each bounded. Shared by the EYD suggestions and the spelling check."""

from __future__ import annotations

import hashlib
import json

from tayang.sop.model import FieldKind, Sop

CHECKED_KINDS = (FieldKind.TEXT, FieldKind.LONGTEXT)
MAX_CHECKED = 20_000  # characters of one field: bounded like every input


def checked_text(sop: Sop, values: dict[str, object], key: str) -> str | None:
    """The text of a checked field, or None for any other key."""
    if not sop.has_field(key) or sop.field(key).kind not in CHECKED_KINDS:
        return None
    value = values.get(key)
    return value[:MAX_CHECKED] if isinstance(value, str) else ""


def checked_texts(sop: Sop, values: dict[str, object]) -> dict[str, str]:
    """Every checked field's text that is not empty, in the SOP's order."""
    texts = {}
    for field in sop.fields:
        text = checked_text(sop, values, field.key)
        if text:
            texts[field.key] = text
    return texts


def texts_hash(texts: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(texts, sort_keys=True).encode()).hexdigest()
