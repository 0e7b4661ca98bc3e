"""The item page's *Saran bahasa (EYD V)*: suggestions beside the text, never a block.

Everyone who opens the item sees the same findings (the author at hand-in, each reviewer at
their step); whoever may edit the content applies one with a click (*Terapkan*), which is an
ordinary edit through the workflow, recorded in the history. See
:mod:`tayang.language.eyd` for what is found.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tayang.items.models import Item
from tayang.language.eyd import Finding, findings
from tayang.sop.model import FieldKind, Sop

CHECKED_KINDS = (FieldKind.TEXT, FieldKind.LONGTEXT)
MAX_CHECKED = 20_000  # characters of one field: bounded like every input


@dataclass(frozen=True)
class FieldFindings:
    key: str
    label: str
    findings: tuple[Finding, ...]


def checked_text(sop: Sop, values: dict[str, object], key: str) -> str | None:
    """The text of a checked field (title, caption, narrative), or None for any other key."""
    if not sop.has_field(key) or sop.field(key).kind not in CHECKED_KINDS:
        return None
    value = values.get(key)
    return value[:MAX_CHECKED] if isinstance(value, str) else ""


def language_context(item: Item, sop: Sop) -> dict[str, Any]:
    shown = []
    for item_field in sop.fields:
        text = checked_text(sop, item.values, item_field.key)
        if text:
            found = tuple(findings(text))
            if found:
                shown.append(FieldFindings(item_field.key, item_field.label, found))
    return {"language_findings": shown}
