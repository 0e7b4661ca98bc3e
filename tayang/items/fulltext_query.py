"""How a search's words are put to a full-text index, from what the index's vocabulary says.

A word of a search matches as a prefix ("pelatih" finds "pelatihan"). Asked as a prefix, SQLite's
FTS5 reads and merges the whole list of rows of every word the prefix covers before it can answer
anything: "nomor"*, in every item of a million, cost 90 ms of CPU even when the other word of the
search ("77") is rare, while the whole word "nomor" lets FTS5 skip along its list to the rare
word's rows (4 ms). So each word is looked up in the index's vocabulary (``fts5vocab``, one
indexed read, at most ``VOCABULARY_READ`` words): a prefix that covers only itself is asked as
that whole word, one that covers a few words as those words (``("pelatih" OR "pelatihan")``),
one that covers many stays a prefix. The same rows match either way.

The vocabulary also says how many rows each word is in, so the caller knows an upper bound of the
rows holding them all (the rarest word's count) and, with the index's size, how to ask
(:mod:`tayang.items.search`). A row written between the lookup and the search with a new word of
the prefix is found by the next search, as it would be had it been written a moment later.

On PostgreSQL the words stay prefixes of ``to_tsquery``; how many rows may hold them is the
planner's own estimate (``EXPLAIN``, a quarter of a millisecond), and the index's size its
statistics' (``pg_class.reltuples``, read every ten minutes).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import BooleanField, F, Func
from django.db.models.expressions import RawSQL

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler

VOCABULARY_READ = 1000  # words of the vocabulary read per search word, at most
WHOLE_WORDS = 8  # a prefix covering at most this many words is asked as those words


@dataclass(frozen=True)
class Asked:
    """A search's words as one index is asked them."""

    index: str
    expression: str  # FTS5's MATCH text (SQLite) or to_tsquery's (PostgreSQL)
    # Rows that may hold every word (SQLite: an upper bound; PostgreSQL: the planner's
    # estimate; None: not known).
    at_most: int | None = None
    rows: int | None = None  # rows in the index, about (SQLite: its highest row id)
    whole: bool = False  # every word asked as whole words: one row is checked cheaply alone
    nothing: bool = False  # a word is in no row at all


def asked(index: str, words: list[str]) -> Asked:
    """``words`` (normalised, :func:`tayang.items.fulltext.terms`) as ``index`` is asked them."""
    if connection.vendor == "postgresql":
        return _estimated(prefixes(index, words))
    parts: list[str] = []
    at_most: int | None = None
    whole = True
    rows, vocabulary = _looked_up(index, words)
    for position, word in enumerate(words):
        covered = vocabulary[position]
        if not covered:
            return Asked(index, "", 0, rows, nothing=True)
        complete = len(covered) < VOCABULARY_READ
        # A row holding two words of one prefix is counted twice: an upper bound.
        count = min(sum(doc for _, doc in covered), rows) if complete else rows
        at_most = count if at_most is None else min(at_most, count)
        if len(covered) > WHOLE_WORDS:
            parts.append(f'"{word}"*')
            whole = False
        elif len(covered) == 1:
            parts.append(_quoted(covered[0][0]))
        else:
            parts.append("(" + " OR ".join(_quoted(term) for term, _ in covered) + ")")
    return Asked(index, " AND ".join(parts), at_most, rows, whole)


def prefixes(index: str, words: list[str]) -> Asked:
    """Every word asked as a prefix, nothing looked up (the public search, PostgreSQL)."""
    if connection.vendor == "postgresql":
        return Asked(index, " & ".join(f"{word}:*" for word in words))
    return Asked(index, " ".join(f'"{word}"*' for word in words))


def _estimated(search: Asked) -> Asked:
    """``search`` with the planner's estimate of the rows holding its words and the index's
    rows (PostgreSQL). A table never analysed has no estimate of its size: nothing is
    estimated, the planner chooses alone."""
    rows = _size(search.index)
    if rows is None:
        return search
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) SELECT id FROM {search.index} "
                       "WHERE words @@ to_tsquery('simple', %s)", [search.expression])
        (plan,) = cursor.fetchone()
    if isinstance(plan, str):  # the driver hands JSON over parsed, or as text
        plan = json.loads(plan)
    return replace(search, at_most=int(plan[0]["Plan"]["Plan Rows"]), rows=rows)


# The index's size only steers how a search is asked and changes slowly: read at most every
# ``SIZE_READ_EVERY`` seconds per process (one statement fewer per search).
SIZE_READ_EVERY = 600.0
_SIZES: dict[str, tuple[float, int | None]] = {}


def _size(index: str) -> int | None:
    now = time.monotonic()
    known = _SIZES.get(index)
    if known is None or now - known[0] > SIZE_READ_EVERY:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [index])
            (size,) = cursor.fetchone()
        known = _SIZES[index] = (now, int(size) if size > 0 else None)
    return known[1]


def forget_sizes() -> None:
    """Read the indexes' sizes again at the next search (tests, after ``ANALYZE``)."""
    _SIZES.clear()


def _looked_up(index: str, words: list[str]) -> tuple[int, list[list[tuple[str, int]]]]:
    """The index's highest row id, and the vocabulary's (word, rows) each search word
    covers: one statement for the whole search."""
    selects = [f"SELECT -1, NULL, max(id) FROM {index}_docsize"]
    parameters: list[str] = []
    for position, word in enumerate(words):
        selects.append(f"SELECT * FROM (SELECT {position}, term, doc FROM {index}_vocab "
                       f"WHERE term >= %s AND term < %s LIMIT {VOCABULARY_READ})")
        parameters += [word, word + "\U0010ffff"]
    rows = 0
    covered: list[list[tuple[str, int]]] = [[] for _ in words]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), parameters)
        for position, term, count in cursor.fetchall():
            if position < 0:
                rows = count or 0
            else:
                covered[position].append((term, count))
    return rows, covered


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'  # an FTS5 string: the word, nothing else


def ids(search: Asked) -> RawSQL:
    """The ids of the rows holding every word: for ``filter(pk__in=...)``."""
    if connection.vendor == "postgresql":
        return RawSQL(f"SELECT id FROM {search.index} "
                      "WHERE words @@ to_tsquery('simple', %s)", (search.expression,))
    return RawSQL(f"SELECT rowid FROM {search.index} WHERE {search.index} MATCH %s",
                  (search.expression,))


class RowHolds(Func):
    """Whether the row (its ``pk``) holds every word, asked of the index for that one row
    (SQLite): cheap when the words are whole words, which FTS5 finds by skipping along their
    lists; for a list walked in its own order when nearly every row matches."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, search: Asked) -> None:
        super().__init__(F("pk"))
        self.search = search

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper,  # type: ignore[override]
               **extra: Any) -> tuple[str, list[Any]]:
        column, params = compiler.compile(self.source_expressions[0])
        index = self.search.index
        return (f"EXISTS (SELECT 1 FROM {index} WHERE {index} MATCH %s AND rowid = {column})",
                [self.search.expression, *params])


def collected(search: Asked, limit: int) -> list[int] | None:
    """The ids of the rows holding every word, read once (PostgreSQL); None when there are
    more than ``limit`` (the planner's estimate was far too low: not read into memory)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {search.index} WHERE words @@ to_tsquery('simple', %s) "
                       "LIMIT %s", [search.expression, limit + 1])
        found = [row[0] for row in cursor.fetchall()]
    return found if len(found) <= limit else None


class AmongCollected(Func):
    """Whether the row (its ``pk``) is one of the ``ids`` collected before (PostgreSQL: one
    array parameter). For a page of the register in its order, ``IN (…)`` lets the planner
    walk the register and ask the index about each row, expecting the matches spread evenly;
    a rare word's are not (the items of one activity, one year): «nomor 77» walked 220,000
    rows at a million items (290 ms), where its 11,111 matches read by key and sorted took
    33 ms. Collected once, the matches serve the page and its count alike (the index's prefix
    search is most of the cost: 35 ms)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, ids: list[int]) -> None:
        super().__init__(F("pk"))
        self.ids = ids

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper,  # type: ignore[override]
               **extra: Any) -> tuple[str, list[Any]]:
        column, params = compiler.compile(self.source_expressions[0])
        # Behind an init plan the planner cannot count the ids: it reads the matches by key
        # and sorts them. Given the array itself, it knows there are 11,111 and walks the
        # register again, filtering each row by them (98 ms for «nomor 77», against 33).
        # Typed: the driver would send a list of small ids as smallint[].
        return f"{column} = ANY(ARRAY(SELECT unnest(%s::bigint[])))", [*params, self.ids]
