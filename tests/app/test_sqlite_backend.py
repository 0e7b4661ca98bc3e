"""``tayang.rows.sqlite``: Django's SQLite backend whose cursor keeps each statement's
``?`` form. The statements sent are the ones Django's cursor would send."""

from __future__ import annotations

import sqlite3

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.sqlite3.base import SQLiteCursorWrapper

from tayang.rows.sqlite import base

pytestmark = pytest.mark.django_db

STATEMENTS = [
    "SELECT %s",
    "SELECT 1 WHERE 'a%%' LIKE %s",
    "INSERT INTO t (a, b) VALUES (%s, %s), (%s, %s) RETURNING id",
    "SELECT '%%s', %s, '100%%'",
    "SELECT 1",
    "UPDATE t SET a = a || '%%%%' WHERE id = %s",
]


def _djangos(query: str) -> str:
    return SQLiteCursorWrapper.convert_query(None, query)  # type: ignore[arg-type]


@pytest.fixture
def cursor():
    """A cursor of ours on a database of its own (also when the tests run on PostgreSQL)."""
    database = sqlite3.connect(":memory:")
    yield database.cursor(factory=base.CursorWrapper)
    database.close()


@pytest.mark.parametrize("query", STATEMENTS)
def test_a_statement_is_rewritten_as_djangos_cursor_rewrites_it(cursor, query):
    ours = cursor.convert_query(query)
    assert ours == _djangos(query)
    assert cursor.convert_query(query) is ours  # kept, not rewritten again


def test_a_long_statement_is_rewritten_and_not_kept(cursor):
    query = "INSERT INTO t (a) VALUES " + ", ".join(["(%s)"] * 2000)
    before = base._question_marks.cache_info().currsize
    assert cursor.convert_query(query) == _djangos(query)
    assert base._question_marks.cache_info().currsize == before
    cursor.execute("CREATE TABLE t (a)")
    cursor.execute(query, list(range(2000)))
    assert cursor.execute("SELECT count(*), sum(a) FROM t").fetchone() == (2000, 1999 * 1000)


def test_the_settings_sqlite_connection_uses_it_and_answers_as_before():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's own backend")
    assert isinstance(connections[DEFAULT_DB_ALIAS], base.DatabaseWrapper)
    with connection.cursor() as cursor:
        assert isinstance(cursor.cursor, base.CursorWrapper)
        cursor.execute("SELECT %s, '5%%', %s", [1, "dua"])
        assert cursor.fetchone() == (1, "5%", "dua")
        cursor.execute("SELECT %(a)s || %(b)s", {"a": "x", "b": "y"})  # pyformat, Django's way
        assert cursor.fetchone() == ("xy",)
