"""Indexes no query needs are gone, on both databases; the search indexes' GIN trees take
their rows as they are written (PostgreSQL). The test database is made by the migrations, so
these are what ``items/0019``, ``0020``, ``media/0004`` and ``public/0005``, ``0006`` leave.

docs/performance.md, "The PostgreSQL database's own size": 10 MB of indexes at 20,000 items
held entries another index of the same table holds (each lookup by item, asset or article is
served by a composite index leading with it; the register walks its unique constraint
backwards), or that no query reads (people's foreign keys of the history tables).
"""

from __future__ import annotations

import pytest
from django.db import connection

# (table, column): the single-column index the migrations dropped, and the index that serves
# the same lookups instead (its columns), or None when no query reads the column.
DROPPED = [
    ("items_stepvisit", "item_id", ("item_id", "finished_at")),
    ("items_itemrevision", "item_id", ("item_id", "number")),
    ("items_publication", "item_id", ("item_id", "channel")),
    ("media_derivative", "asset_id", ("asset_id", "kind", "width")),
    ("public_articlemedia", "article_id", ("article_id", "asset_id")),
    ("items_logentry", "actor_id", None),
    ("items_approval", "approver_id", None),
    ("items_itemrevision", "author_id", None),
    ("items_writtenresponse", "author_id", None),
    ("items_publication", "requested_by_id", None),
    ("items_publication", "confirmed_by_id", None),
    ("media_mediaasset", "uploaded_by_id", None),
]


def _indexes(table: str) -> dict[str, tuple[str, ...]]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    return {name: tuple(details["columns"]) for name, details in found.items()
            if (details["index"] or details["unique"]) and not details["primary_key"]}


@pytest.mark.django_db
@pytest.mark.parametrize(("table", "column", "instead"), DROPPED)
def test_an_index_another_one_holds_or_no_query_reads_is_gone(table, column, instead):
    indexes = _indexes(table).values()
    assert (column,) not in indexes
    if instead is not None:
        assert instead in indexes


@pytest.mark.django_db
def test_the_register_is_walked_by_its_unique_numbers_alone():
    indexes = _indexes("items_item")
    assert "item_register_idx" not in indexes
    assert ("organization_id", "register_year", "register_number") in indexes.values()


@pytest.mark.django_db
@pytest.mark.parametrize("index", ["items_search", "items_search_public"])
def test_the_search_indexes_take_their_rows_without_a_pending_list(index):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's FTS5 has no GIN index")
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = %s",
                       [f"{index}_words_idx"])
        (options,) = cursor.fetchone()
    assert "fastupdate=off" in (options or [])
