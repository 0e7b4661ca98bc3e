"""Sample content that meets every machine-checked requirement of an SOP, for simulations."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time

from tayang.engine.content import MediaInfo
from tayang.sop.model import FIVE_W_ONE_H_PARTS, FieldKind, ItemField, MediaKind, Sop

_NARRATIVE = (
    "Kegiatan sosialisasi layanan dilaksanakan di aula kantor dan diikuti warga serta perangkat "
    "desa. Narasumber menjelaskan tata cara pengajuan layanan secara daring."
)


def sample_values(
    sop: Sop, activity_date: date, routes: Mapping[str, str] | None = None
) -> dict[str, object]:
    """Values for every field of ``sop``; route fields take ``routes`` or their first choice."""
    routes = routes or {}
    return {field.key: _value(field, activity_date, routes) for field in sop.fields}


def _value(field: ItemField, activity_date: date, routes: Mapping[str, str]) -> object:
    match field.kind:
        case FieldKind.TEXT:
            return f"Contoh {field.label.lower()}"[: field.max_length or None]
        case FieldKind.LONGTEXT:
            return _NARRATIVE[: field.max_length or None]
        case FieldKind.DATE:
            return activity_date
        case FieldKind.DATETIME:
            return datetime.combine(activity_date, time(9))
        case FieldKind.CHOICE:
            return routes.get(field.key) or (field.choices[0][0] if field.choices else "")
        case FieldKind.FIVE_W_ONE_H:
            return {key: f"Jawaban {label.lower()}" for key, label in FIVE_W_ONE_H_PARTS}
        case FieldKind.DIP_ENTRY:
            return "DIP-001"
        case FieldKind.MEDIA:
            kind = MediaKind.PHOTO if MediaKind.PHOTO in field.media_kinds or not (
                field.media_kinds
            ) else field.media_kinds[0]
            count = max(field.min_count or 0, 1)
            return tuple(
                MediaInfo(kind, f"dokumentasi-{n}.jpg", alt_text=f"Foto kegiatan {n}",
                          captions="contoh")
                for n in range(1, count + 1)
            )
        case FieldKind.DOCUMENT:
            count = max(field.min_count or 0, 1)
            return tuple(MediaInfo(None, f"dokumen-{n}.pdf") for n in range(1, count + 1))
    return ""
