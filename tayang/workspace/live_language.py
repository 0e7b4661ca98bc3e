"""*Periksa bahasa* while writing: the text of the form, checked before it is saved.

The page's script (``workspace/language.js``) posts the form's checked fields (title, caption,
narrative: the SOP's text and long-text fields) after a pause in typing and when a field is
left; the answer is an HTML fragment for the panel beside the fields. Nothing is stored and
nothing is refused here: findings are suggestions. The body is bounded before it is read
(:data:`MAX_BODY`, by :mod:`tayang.media.uploads`' middleware, ahead of the CSRF check) and each
field at :data:`MAX_FIELD` characters; each is checked to ``MAX_CHECKED`` characters, as the
worker checks the saved text, so the item page shows the same findings afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import QueryDict

from tayang.language import live, resting
from tayang.language.models import AcceptedWord
from tayang.language.texts import CHECKED_KINDS, MAX_CHECKED
from tayang.sop.model import Sop

MAX_FIELD = 60_000  # characters of one field in one check
MAX_BODY = 512 * 1024  # bytes of the request: three long fields fit, nothing large is read
TOO_LARGE = ("Teks terlalu panjang untuk diperiksa sekaligus (paling banyak 60.000 karakter "
             "per isian). Saran bahasa tidak diperbarui; konten tetap dapat disimpan.")


@dataclass(frozen=True)
class TooLong:
    label: str

    @property
    def message(self) -> str:
        return (f"{self.label}: teks terlalu panjang untuk diperiksa (paling banyak "
                f"{MAX_FIELD:,} karakter).".replace(",", ".") +
                " Saran bahasa tidak diperbarui; konten tetap dapat disimpan.")


def posted_texts(sop: Sop, data: QueryDict) -> dict[str, str] | TooLong:
    """The checked fields sent, in the SOP's order (line ends as the browser's field has
    them), or the first one that is too long."""
    texts = {}
    for item_field in sop.fields:
        if item_field.kind not in CHECKED_KINDS or item_field.key not in data:
            continue
        text = data.get(item_field.key, "").replace("\r\n", "\n")
        if len(text) > MAX_FIELD:
            return TooLong(item_field.label)
        if text.strip():
            texts[item_field.key] = text[:MAX_CHECKED]
    return texts


def live_context(sop: Sop, organization_id: int, texts: dict[str, str], *,
                 can_accept: bool) -> dict[str, Any]:
    accepted = (AcceptedWord.objects.filter(organization_id=organization_id)
                .values_list("word", flat=True)) if texts else []
    result = live.check(texts, accepted, dictionary_base=settings.TAYANG_SPELLING_DICTIONARY)
    if texts:
        resting.used()  # the dictionary is given back once the writing stops
    shown = result.findings[:live.MAX_SHOWN]
    labels = {f.key: f.label for f in sop.fields}
    count = len(result.findings)
    return {
        "findings": [(finding, labels[finding.field]) for finding in shown],
        "count": count,
        "summary": f"{count} saran bahasa" if count else "Tidak ada saran bahasa",
        "hidden_count": count - len(shown),
        "pending": result.pending,
        "spelling_available": result.spelling_available,
        "can_accept": can_accept,
        "cut": [labels[key] for key, text in texts.items() if len(text) >= MAX_CHECKED],
    }


def panel_context(sop: Sop, form_fields: Iterable[str], url: str) -> dict[str, Any]:
    """``language_panel`` for a form with ``form_fields``: the checked fields among them, and
    the one after which the panel stands (the last), or nothing when none is in the form."""
    shown = set(form_fields)
    fields = [f for f in sop.fields if f.kind in CHECKED_KINDS and f.key in shown]
    if not fields:
        return {"language_panel": None}
    return {"language_panel": {"url": url, "fields": [f.key for f in fields],
                               "labels": [f.label for f in fields], "after": fields[-1].key}}
