"""Full-text indexes in the database's own text search: SQLite FTS5, PostgreSQL tsvector + GIN.

An index is a table of (row id, words) beside the table it indexes, written by Python in the
transaction that changes what it indexes, so a search never sees a state that was not
committed. The words are normalised here, the same way for both databases (case folded,
accents removed, anything that is not a letter or digit a space), so "0077/2026" is the words
"0077" and "2026" everywhere and the two databases find the same rows:

* SQLite: ``CREATE VIRTUAL TABLE <name> USING fts5(words, content='', detail=none)``.
  Contentless: the words are not stored a second time (the content is in its own table
  already), only the index; ``detail=none`` keeps only which rows hold a word (no positions):
  the searches are AND of word prefixes, never phrases, and the index is a fraction of the
  size. A contentless index forgets a row's words by being told them again (FTS5's
  ``'delete'`` command), so the caller passes the words it indexed before: they are a pure
  function of stored, never-changing content (an item's previous revision).
* PostgreSQL: ``<name>(id bigint primary key, words tsvector)`` with a GIN index, filled with
  ``strip(to_tsvector('simple', …))`` (no stemming: Indonesian has no stemmer in PostgreSQL,
  and "pelatihan" must not find "latih"; no positions, as on SQLite: a third of the size).
  The GIN index takes each row's words into its tree as the row is written (``fastupdate``
  off): two thirds of the size of one fed through GIN's pending list (8 MB against 12 at
  20,000 items), no list for every search to read through, no request that merges it
  (docs/performance.md, "The PostgreSQL database's own size").

A query's words each match as a prefix ("pelatih" finds "pelatihan"), all of them must match.

**How many rows a word is in.** On SQLite each index also has a vocabulary (``fts5vocab``,
``<name>_vocab``: rows per word, read from the index itself); :mod:`tayang.items.fulltext_query`
reads it to ask each word the cheapest way and to tell the caller how common the words are.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from django.db import connection
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.models.expressions import RawSQL

from tayang.items import fulltext_query

MAX_TERMS = 8
_NOT_WORD = re.compile(r"[\W_]+")


def normalized(text: str) -> str:
    """Words only, lower case, without accents: what both databases index."""
    if text.isascii():  # nearly every Indonesian text: no accent to take off, 30× faster
        plain = text.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", text.casefold())
        plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(_NOT_WORD.sub(" ", plain).split())


def terms(query: str) -> list[str]:
    """The words of a search, at most eight."""
    return normalized(query).split()[:MAX_TERMS]


def create(schema_editor: BaseDatabaseSchemaEditor, name: str) -> None:
    """Make the index table ``name`` (for a migration's RunPython)."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE TABLE {name} (id bigint PRIMARY KEY, words tsvector)")
        schema_editor.execute(f"CREATE INDEX {name}_words_idx ON {name} USING gin (words) "
                              "WITH (fastupdate = off)")
    else:
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {name} USING fts5(words, content='', detail=none, "
            "tokenize='unicode61 remove_diacritics 2')"
        )
        create_vocabulary(schema_editor, name)


def create_vocabulary(schema_editor: BaseDatabaseSchemaEditor, name: str) -> None:
    """The index's own count of rows per word (SQLite; nothing to make on PostgreSQL)."""
    if schema_editor.connection.vendor != "postgresql":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {name}_vocab USING fts5vocab({name}, 'row')")


def without_pending_list(schema_editor: BaseDatabaseSchemaEditor, name: str) -> None:
    """PostgreSQL: the index ``name`` made before its GIN index was made without a pending
    list; the entries waiting in the list are merged now (for a migration's RunPython)."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER INDEX {name}_words_idx SET (fastupdate = off)")
        schema_editor.execute(f"SELECT gin_clean_pending_list('{name}_words_idx'::regclass)")


def with_pending_list(schema_editor: BaseDatabaseSchemaEditor, name: str) -> None:
    """The reverse of :func:`without_pending_list`."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER INDEX {name}_words_idx RESET (fastupdate)")


def drop(schema_editor: BaseDatabaseSchemaEditor, name: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        schema_editor.execute(f"DROP TABLE IF EXISTS {name}_vocab")
    schema_editor.execute(f"DROP TABLE IF EXISTS {name}")


def write(name: str, rows: Iterable[tuple[int, str, str | None]], *,
          replaced: str = "words = EXCLUDED.words") -> None:
    """Set the words of each (id, text, text indexed before or None); in the caller's
    transaction. ``replaced``: what an existing row's update sets (PostgreSQL; the
    register's index also holds the public search's words: :mod:`tayang.items.public_words`)."""
    rows = [(row_id, normalized(text), None if old is None else normalized(old))
            for row_id, text, old in rows]
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.executemany(
                f"INSERT INTO {name} AS s (id, words) "
                f"VALUES (%s, strip(to_tsvector('simple', %s))) "
                f"ON CONFLICT (id) DO UPDATE SET {replaced}",
                [(row_id, words) for row_id, words, _ in rows],
            )
            return
        forget = [(row_id, old) for row_id, _, old in rows if old is not None]
        if forget:
            cursor.executemany(
                f"INSERT INTO {name} ({name}, rowid, words) VALUES ('delete', %s, %s)", forget)
        cursor.executemany(f"INSERT INTO {name} (rowid, words) VALUES (%s, %s)",
                           [(row_id, words) for row_id, words, _ in rows])


def forget(name: str, rows: Iterable[tuple[int, str | None]]) -> None:
    """Take rows out of the index: (id, the text indexed for it); in the caller's
    transaction. PostgreSQL forgets by id alone (the text may be None there)."""
    rows = list(rows)
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DELETE FROM {name} WHERE id = ANY(%s)",
                           [[row_id for row_id, _ in rows]])
            return
        rows = [(row_id, normalized(text or "")) for row_id, text in rows]
        cursor.executemany(
            f"INSERT INTO {name} ({name}, rowid, words) VALUES ('delete', %s, %s)", rows)


def clear(name: str) -> None:
    """Forget every row (before a rebuild)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DELETE FROM {name}")
        else:
            cursor.execute(f"INSERT INTO {name} ({name}) VALUES ('delete-all')")


def matching(name: str, words: list[str]) -> RawSQL:
    """The ids of the rows holding every word (as a prefix): for ``filter(pk__in=...)``."""
    return fulltext_query.ids(fulltext_query.prefixes(name, words))
