"""The public search's words on PostgreSQL: a column of the register's index, lending the
item's own words while they are all public.

An article's words (:meth:`tayang.public.content.PublicContent.search_text`: the published
content without the team's internal fields, plus the unit, the category, the section
headings, the alt texts and the choices) hold, for nearly every published item, every word of
the item's own row of ``items_search`` (the register's words: the title and the written
fields), plus a few more. Stored whole beside it, the article's vector repeated the item's
1.5 KB (28 MB with its GIN index at 20,000 items; docs/performance.md, "The public search's
words lent by the item"). So the item's row of ``items_search`` also holds the article's:

* ``public_words``: NULL when the item has no article; the article's whole vector when the
  item's words are not all the article's (an internal field's text, an edit since the
  publish); otherwise only the article's words that the item's are not (``lends``).
* ``lends``: the article's words are ``public_words`` and the item's ``words``, exactly.

The article's words are compared with the item's as PostgreSQL holds them (the same
normalised text, the same ``to_tsvector``), in the statement that writes them, so a word that
is not the article's is never lent: the public search never finds a word of an internal field.
Before the item's words change (an edit of a published item, a rebuild) the row takes the
article's words back whole (:data:`ITEM_WORDS_SET`, :func:`take_back_all`), in the same
statement as the change: the article keeps the words of its published revision until it is
published again, as it did in its own table.

One table, so a search is one condition on one row: for each word, in the article's own
words or (when lent) in the item's, each through its own GIN index (a ``BitmapOr`` per word,
``BitmapAnd`` across them), or tested on the row read by key for a common word.

SQLite keeps its own contentless FTS5 index (``public_article_search``, no words stored at all):
nothing here is used there.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models.expressions import RawSQL

from tayang.items import fulltext

INDEX = "items_search"

# The item's new words, when its row may lend them: the article takes them back whole first
# (``s.`` is the row as it was; ``||`` of two stripped vectors is their set of words).
ITEM_WORDS_SET = (
    "words = EXCLUDED.words, "
    "public_words = CASE WHEN s.lends THEN s.public_words || s.words ELSE s.public_words END, "
    "lends = false"
)

# Whether the item's words (``s.words``) are all the article's new ones (``EXCLUDED``).
_ALL_PUBLIC = ("(s.words IS NOT NULL "
               "AND tsvector_to_array(s.words) <@ tsvector_to_array(EXCLUDED.public_words))")
_WRITE = (
    f"INSERT INTO {INDEX} AS s (id, public_words) "
    "VALUES (%s, strip(to_tsvector('simple', %s))) ON CONFLICT (id) DO UPDATE SET "
    f"lends = {_ALL_PUBLIC}, "
    f"public_words = CASE WHEN {_ALL_PUBLIC} "
    "THEN ts_delete(EXCLUDED.public_words, tsvector_to_array(s.words)) "
    "ELSE EXCLUDED.public_words END"
)


def write(rows: Iterable[tuple[int, str]]) -> None:
    """Set the article words of items: (item id, the article's search text); in the caller's
    transaction. An item with no row of its own yet gets one holding only the article's."""
    rows = [(item_id, fulltext.normalized(text)) for item_id, text in rows]
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(_WRITE, rows)


def forget(item_ids: list[int]) -> None:
    """The items' articles are gone: their words too."""
    if item_ids:
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {INDEX} SET public_words = NULL, lends = false "
                           "WHERE id = ANY(%s) AND public_words IS NOT NULL", [item_ids])


def forget_without(article_table: str) -> None:
    """Forget the words of every item that has no article (before a rebuild of the articles)."""
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {INDEX} SET public_words = NULL, lends = false "
                       "WHERE public_words IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
                       f"{article_table} a WHERE a.item_id = {INDEX}.id)")


def forget_all() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {INDEX} SET public_words = NULL, lends = false "
                       "WHERE public_words IS NOT NULL")


def take_back_all() -> None:
    """Every article takes its words back whole (before the items' words are rebuilt)."""
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {INDEX} SET public_words = public_words || words, "
                       "lends = false WHERE lends")


def lend_all() -> int:
    """Every row whose article holds all the item's words lends them (after the items' words
    were made again, and for the migration that made the columns); returns how many."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {INDEX} SET public_words = ts_delete(public_words, tsvector_to_array(words)), "
            "lends = true WHERE NOT lends AND public_words IS NOT NULL AND words IS NOT NULL "
            "AND tsvector_to_array(words) <@ tsvector_to_array(public_words)")
        return cursor.rowcount


QUERY = "to_tsquery('simple', %s)"
# A word's query made once per execution of a prepared statement (an init plan), not for each
# row it tests: a generic plan cannot fold ``to_tsquery`` of a parameter into a constant.
QUERY_ONCE = f"(SELECT {QUERY})"


def holds(words: list[str], row: str = "", query: str = QUERY) -> tuple[str, list[str]]:
    """The condition that a row of ``items_search`` (``row``: its alias, none if alone) holds
    every word (as a prefix) in its article's words, and its parameters. Each word is its own
    ``tsquery`` (a word may be in the article's own words and another in the item's lent
    ones)."""
    at = f"{row}." if row else ""
    each = f"({at}public_words @@ {query} OR {at}lends AND {at}words @@ {query})"
    parameters: list[str] = []
    for word in words:
        parameters += [f"{word}:*", f"{word}:*"]
    return " AND ".join([each] * len(words)), parameters


def matching(words: list[str]) -> RawSQL:
    """The ids of the items whose article holds every word (as a prefix): for
    ``filter(item_id__in=...)``."""
    if not words:
        return RawSQL(f"SELECT id FROM {INDEX} WHERE false", ())
    condition, parameters = holds(words)
    return RawSQL(f"SELECT id FROM {INDEX} WHERE {condition}", parameters)
