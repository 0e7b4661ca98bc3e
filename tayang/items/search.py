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
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.db.models import BigIntegerField, F, Func, Q, QuerySet, Sum
from django.db.models.lookups import In

from tayang.items import fulltext, fulltext_query, public_words
from tayang.sop.model import FIVE_W_ONE_H_PARTS, FieldKind, Sop

if TYPE_CHECKING:
    from tayang.items.models import Item

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
    _write([(item_id, new, old)])


def _write(rows: Iterable[tuple[int, str, str | None]], *, lending: bool = True) -> None:
    """Set items' words. On PostgreSQL the row may lend its words to the item's article
    (:mod:`tayang.items.public_words`): the article takes them back whole in the same statement.
    ``lending`` False: a migration's database, made before the rows held an article's words."""
    if lending and connection.vendor == "postgresql":
        fulltext.write(INDEX, rows, replaced=public_words.ITEM_WORDS_SET)
    else:
        fulltext.write(INDEX, rows)


# How the register asks for a search's rows on SQLite, by how many items may hold its words (the
# rarest word's count, from the index's vocabulary) against the items indexed. Measured at
# 1,000,000 items: reading and sorting matches costs about 1.2 µs each; collecting the matches
# to walk the register past them about 0.09 µs each plus 1 µs per row walked; asking the index
# about each row walked 130–500 µs, but nothing per match.
SORT_BELOW = 2_000  # at most this many (or a fiftieth of the items): read and sorted
SORT_SHARE = 50
# In half the items or more, every word whole, and so many that collecting them costs more
# than asking the index about each row walked (a page walks a few hundred rows at ~150 µs):
# each row walked is asked. At 20,000 items collecting "pelatihan" (17,000) is 1.5 ms.
PROBE_SHARE = 2
PROBE_FROM = 200_000
# PostgreSQL: matches estimated few are read once, up to this many (an estimate can be far off;
# past it the planner is left to walk the register).
COLLECT_AT_MOST = 100_000


@dataclass(frozen=True)
class Matching:
    """The items holding every word of a search: ``condition`` for a page of the register in
    its order, and :meth:`joined` for counting them."""

    condition: Q
    asked: fulltext_query.Asked
    # PostgreSQL, few matches: their ids, read once (the register reads their rows once for
    # its page and count: ``tayang.workspace.collected_page``).
    collected: list[int] | None = None

    def joined(self, items: QuerySet[Item], organization_id: int) -> QuerySet[Item] | None:
        """``items`` (without ``condition``) joined to the index, for the planner to read the
        index first: the rows are counted as the index yields them, up to the caller's limit,
        whatever the register's order (SQLite; 2 ms for the first 1,001 of 850,000 matches,
        where testing each item against the collected matches took 90).

        None on PostgreSQL, and when the organization holds less than half the index's rows:
        the index is one for every organization, and read first it would yield mostly other
        organizations' rows before the count stopped."""
        if connection.vendor == "postgresql" or self.asked.nothing:
            return None
        from tayang.items.models import RegisterCounter

        held = RegisterCounter.objects.filter(organization_id=organization_id).aggregate(
            total=Sum("last_number"))["total"] or 0
        if held * 2 < (self.asked.rows or 0):
            return None
        index = self.asked.index
        table = items.model._meta.db_table
        # ``extra``: the ORM joins no table without a relation; the names are constants and
        # the words go as a parameter.
        return items.extra(
            tables=[index],
            where=[f'"{index}".rowid = "{table}"."id"', f'"{index}" MATCH %s'],
            params=[self.asked.expression],
        )


def matching(query: str) -> Matching | None:
    """The items holding every word of ``query``; None when it has no words.

    On SQLite, by how many items may hold the words (:mod:`tayang.items.fulltext_query`):

    * few (under ``SORT_BELOW``, or a ``SORT_SHARE``-th of the items): the matches are read
      and the register sorts them;
    * many: SQLite would still read every match first and sort them all for a page of 50
      ("pelatihan" in nearly every item), so the id is hidden from its planner (``+id``):
      it collects the matches once and walks the register's index in order, keeping the rows
      among them until the page is full;
    * most items, hundreds of thousands, every word asked whole: nothing is collected; each
      row walked is asked of the index alone (``EXISTS``), which stops as soon as the page is
      full.

    On PostgreSQL, by the planner's estimate: few matches are read once (up to
    ``COLLECT_AT_MOST``) and the register sorts them
    (:class:`~tayang.items.fulltext_query.AmongCollected`); many are left to the planner, which
    walks the register asking the index about each row. Every way gives the same rows in the
    same order.
    """
    words = fulltext.terms(query)
    if not words:
        return None
    asked = fulltext_query.asked(INDEX, words)
    if asked.nothing:
        return Matching(Q(pk__in=[]), asked)
    ids = fulltext_query.ids(asked)
    if asked.at_most is None or asked.rows is None:
        return Matching(Q(pk__in=ids), asked)
    few = asked.at_most < max(SORT_BELOW, asked.rows // SORT_SHARE)
    if connection.vendor == "postgresql":
        found = fulltext_query.collected(asked, COLLECT_AT_MOST) if few else None
        return Matching(Q(pk__in=ids) if found is None
                        else Q(fulltext_query.AmongCollected(found)), asked, found)
    if few:
        return Matching(Q(pk__in=ids), asked)
    if (asked.whole and asked.at_most * PROBE_SHARE >= asked.rows
            and asked.at_most >= PROBE_FROM):
        return Matching(Q(fulltext_query.RowHolds(asked)), asked)
    return Matching(Q(In(Func(F("pk"), template="+%(expressions)s",
                              output_field=BigIntegerField()), ids)), asked)


def rebuild(apps: Any = None) -> int:
    """Index every item again, in one transaction (a contentless index forgets rows only
    when told their words, so it is emptied first); returns how many.

    A migration passes its ``apps``: the models as they were then, not as they are now.
    Given ``apps`` on PostgreSQL the index is emptied whole, the articles' words of
    ``public/0007`` with it: a migration after that one must rebuild the public search too.
    """
    from django.apps import apps as installed

    from tayang.procedures.definitions import parsed

    models = apps or installed
    Item = models.get_model("items", "Item")
    ProcedureVersion = models.get_model("procedures", "ProcedureVersion")
    items = Item.objects.order_by("pk")
    sops: dict[int, Sop] = {}
    done = last = 0
    lending = apps is None and connection.vendor == "postgresql"
    with transaction.atomic():
        if lending:
            # The rows keep the articles' words (``public_words``), whole while the items'
            # own words are made again, then lent again where they are all the article's.
            public_words.take_back_all()
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {INDEX} WHERE public_words IS NULL")
                cursor.execute(f"UPDATE {INDEX} SET words = NULL")
        else:
            fulltext.clear(INDEX)
        while batch := list(items.filter(pk__gt=last).values_list(
                "pk", "procedure_version_id", "values")[:_BATCH]):
            missing = {version for _, version, _ in batch if version not in sops}
            for pk, text, sha256, source, key in ProcedureVersion.objects.filter(
                    pk__in=missing).values_list("pk", "text", "sha256", "source_name",
                                                "procedure__key"):
                sops[pk] = parsed(text, sha256, source or f"{key}.yaml")
            _write(_rows(batch, sops), lending=lending)
            done += len(batch)
            last = batch[-1][0]
        if lending:
            public_words.lend_all()
    return done


def _rows(batch: list[tuple[int, int, dict[str, object]]], sops: dict[int, Sop]
          ) -> Iterable[tuple[int, str, None]]:
    for pk, version, values in batch:
        yield pk, words_of(sops[version], values or {}), None
