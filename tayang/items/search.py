"""The register's search index: the words of each item's current content.

Written in the transaction that changes the content (:mod:`tayang.items.records`, with each
new revision), so the register finds an item by its new words from the moment the correction
is committed. The words are the title and every field a person writes (text, long text, the
DIP entry, the 5W+1H answers); never field keys, file ids or alt texts, so a search for
"media" or "id" does not match every item. ``rebuild`` fills it for existing items (the
migration that made it, and ``manage.py search_reindex``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import BigIntegerField, F, Func, Q
from django.db.models.lookups import In

from tayang.items import fulltext
from tayang.sop.model import FIVE_W_ONE_H_PARTS, FieldKind, Sop

INDEX = "items_search"
_WRITTEN = (FieldKind.TEXT, FieldKind.LONGTEXT, FieldKind.DIP_ENTRY)
_BATCH = 2000


def words_of(sop: Sop, values: Mapping[str, object]) -> str:
    """What is indexed of one revision's content: a function of the content alone, so the
    words indexed for a revision can be told to the index again to forget them."""
    parts = []
    for item_field in sop.fields:
        raw = values.get(item_field.key)
        if item_field.kind in _WRITTEN and isinstance(raw, str):
            parts.append(raw)
        elif item_field.kind is FieldKind.FIVE_W_ONE_H and isinstance(raw, dict):
            parts.extend(str(raw.get(part) or "") for part, _ in FIVE_W_ONE_H_PARTS)
    return " ".join(parts)


def index(item_id: int, sop: Sop, values: Mapping[str, object],
          previous: Mapping[str, object] | None) -> None:
    """Set one item's words from its new content; ``previous`` is the content indexed
    before (the previous revision's), None for a new item. In the caller's transaction."""
    old = None if previous is None else words_of(sop, previous)
    new = words_of(sop, values)
    if old == new:
        return  # the index holds these very words (an edit of photos, dates or choices)
    fulltext.write(INDEX, [(item_id, new, old)])


# Items: a word in more of them is checked row by row along the register's own order.
COMMON = 500


def matching(query: str) -> Q | None:
    """The items holding every word of ``query``, as a filter; None when it has no words.

    A rare word: its matches are read and the register sorts them (few rows). A common word
    (in ``COMMON`` items or more, by the index's vocabulary): SQLite would still read every
    match first — for "pelatihan", nearly every item's row, then sort them all for a page of
    50 — so the id is hidden from its planner (``+id``), which then walks the register's
    index in order and keeps the rows among the matches until the page is full (20,000
    items: CPU of the page 110 → 23 ms). PostgreSQL chooses by its own statistics.
    """
    words = fulltext.terms(query)
    if not words:
        return None
    ids = fulltext.matching(INDEX, words)
    if fulltext.in_at_least(INDEX, words, COMMON):
        return Q(In(Func(F("pk"), template="+%(expressions)s",
                         output_field=BigIntegerField()), ids))
    return Q(pk__in=ids)


def rebuild(apps: Any = None) -> int:
    """Index every item again, in one transaction (a contentless index forgets rows only
    when told their words, so it is emptied first); returns how many.

    A migration passes its ``apps``: the models as they were then, not as they are now.
    """
    from django.apps import apps as installed

    from tayang.procedures.definitions import parsed

    models = apps or installed
    Item = models.get_model("items", "Item")
    ProcedureVersion = models.get_model("procedures", "ProcedureVersion")
    items = Item.objects.order_by("pk")
    sops: dict[int, Sop] = {}
    done = last = 0
    with transaction.atomic():
        fulltext.clear(INDEX)
        while batch := list(items.filter(pk__gt=last).values_list(
                "pk", "procedure_version_id", "values")[:_BATCH]):
            missing = {version for _, version, _ in batch if version not in sops}
            for pk, text, sha256, source, key in ProcedureVersion.objects.filter(
                    pk__in=missing).values_list("pk", "text", "sha256", "source_name",
                                                "procedure__key"):
                sops[pk] = parsed(text, sha256, source or f"{key}.yaml")
            fulltext.write(INDEX, _rows(batch, sops))
            done += len(batch)
            last = batch[-1][0]
    return done


def _rows(batch: list[tuple[int, int, dict[str, object]]], sops: dict[int, Sop]
          ) -> Iterable[tuple[int, str, None]]:
    for pk, version, values in batch:
        yield pk, words_of(sops[version], values or {}), None
