"""Full-text indexes in the database's own text search: SQLite FTS5, PostgreSQL tsvector + GIN.

An index is a table of (row id, words) beside the table it indexes, written by Python in the
transaction that changes what it indexes, so a search never sees a state that was not
committed. The words are normalised here, the same way for both databases (case folded,
accents removed, anything that is not a letter or digit a space), so "0077/2026" is the words
"0077" and "2026" everywhere and the two databases find the same rows:

* SQLite: ``CREATE VIRTUAL TABLE <name> USING fts5(words, detail=none)``. ``detail=none``
  keeps only which rows hold a word (no positions): the searches are AND of word prefixes,
  never phrases, and the index is a fraction of the size.
* PostgreSQL: ``<name>(id bigint primary key, words tsvector)`` with a GIN index, filled with
  ``to_tsvector('simple', …)`` (no stemming: Indonesian has no stemmer in PostgreSQL, and
  "pelatihan" must not find "latih").

A query's words each match as a prefix ("pelatih" finds "pelatihan"), all of them must match.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from django.db import connection
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.models.expressions import RawSQL

MAX_TERMS = 8
_NOT_WORD = re.compile(r"[\W_]+")


def normalized(text: str) -> str:
    """Words only, lower case, without accents: what both databases index."""
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
        schema_editor.execute(f"CREATE INDEX {name}_words_idx ON {name} USING gin (words)")
    else:
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {name} USING fts5(words, detail=none, "
            "tokenize='unicode61 remove_diacritics 2')"
        )


def drop(schema_editor: BaseDatabaseSchemaEditor, name: str) -> None:
    schema_editor.execute(f"DROP TABLE IF EXISTS {name}")


def write(name: str, rows: Iterable[tuple[int, str]]) -> None:
    """Set the words of each (id, text); inside the caller's transaction."""
    rows = [(row_id, normalized(text)) for row_id, text in rows]
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.executemany(
                f"INSERT INTO {name} (id, words) VALUES (%s, to_tsvector('simple', %s)) "
                "ON CONFLICT (id) DO UPDATE SET words = EXCLUDED.words",
                rows,
            )
        else:
            ids = [row_id for row_id, _ in rows]
            marks = ", ".join(["%s"] * len(ids))
            cursor.execute(f"DELETE FROM {name} WHERE rowid IN ({marks})", ids)
            cursor.executemany(f"INSERT INTO {name} (rowid, words) VALUES (%s, %s)", rows)


def delete(name: str, ids: Iterable[int]) -> None:
    ids = list(ids)
    if not ids:
        return
    marks = ", ".join(["%s"] * len(ids))
    column = "id" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {name} WHERE {column} IN ({marks})", ids)


def clear(name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {name}")


def matching(name: str, words: list[str]) -> RawSQL:
    """The ids of the rows holding every word (as a prefix): for ``filter(pk__in=...)``."""
    if connection.vendor == "postgresql":
        query = " & ".join(f"{word}:*" for word in words)
        return RawSQL(f"SELECT id FROM {name} WHERE words @@ to_tsquery('simple', %s)",
                      (query,))
    query = " ".join(f'"{word}"*' for word in words)
    return RawSQL(f"SELECT rowid FROM {name} WHERE {name} MATCH %s", (query,))
