"""An action's statements prepared by PostgreSQL once per connection (``tayang.rows.prepared``).

Inside an action's block (``tayang.outbox.batch.atomic``) Django's cursors bind on the server
and prepare what they send; outside it they are Django's own, client binding, so a list or a
search is planned for its values as before. On SQLite nothing changes.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tayang.outbox import batch as outbox_batch
from tayang.rows import prepared

from .public_world import IMMEDIATE_TASKS, make_sites

pytestmark = pytest.mark.django_db
POSTGRESQL = connection.vendor == "postgresql"


def server_binding() -> bool:
    import psycopg

    with connection.cursor() as cursor:
        return not isinstance(cursor.cursor, psycopg.ClientCursor)


def prepared_texts() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE NOT from_sql")
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.skipif(not POSTGRESQL, reason="PostgreSQL's prepared statements")
def test_the_actions_statements_are_prepared_and_nothing_else_is(db, settings,
                                                                   django_capture_on_commit_callbacks):
    settings.TASKS = IMMEDIATE_TASKS
    sites = make_sites(django_capture_on_commit_callbacks)
    assert not server_binding()
    sites.published("Pelatihan perizinan pertama")  # hand in, approve, publish
    texts = prepared_texts()
    for written in ('INSERT INTO "items_logentry"', 'UPDATE "items_item"',
                    'INSERT INTO "items_stepvisit"', 'INSERT INTO "public_article"'):
        assert any(text.startswith(written) for text in texts), (written, texts)
    assert any('FROM "items_item"' in text and "FOR UPDATE" in text for text in texts), texts
    with outbox_batch.atomic():
        assert server_binding()
        with outbox_batch.atomic():  # nested: the outer block's
            assert server_binding()
        assert server_binding()
    assert not server_binding()  # Django's own again, for the lists and searches


@pytest.mark.skipif(not POSTGRESQL, reason="PostgreSQL's prepared statements")
def test_the_block_ends_with_djangos_own_cursors_after_an_error(db):
    with pytest.raises(RuntimeError), outbox_batch.atomic():
        assert server_binding()
        raise RuntimeError("batal")
    assert not server_binding()


def test_a_statement_reads_and_logs_as_before_with_many_parameters_or_few(db):
    many = list(range(prepared._MOST_PARAMETERS + 5))
    placeholders = " + ".join(["%s"] * len(many))
    with outbox_batch.atomic(), CaptureQueriesContext(connection) as captured:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {placeholders}", many)  # sent unprepared, values inlined
            assert cursor.fetchone()[0] == sum(many)
            cursor.execute("SELECT %s || 'x', %s", ["50%", 7])
            assert cursor.fetchone() == ("50%x", 7)
        with prepared.cursor() as cursor:
            cursor.execute("SELECT %s + 1", [41])
            assert cursor.fetchone()[0] == 42
    logged = [query["sql"] for query in captured.captured_queries]
    assert logged[1:] == ["SELECT '50%' || 'x', 7", "SELECT 41 + 1"], logged
