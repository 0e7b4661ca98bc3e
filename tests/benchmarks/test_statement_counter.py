"""The benchmarks' statement counter counts what CaptureQueriesContext counts, without it.

``bench.statements.counted`` replaced CaptureQueriesContext around the timed POSTs (its debug
cursor formats every statement inside the timing); the figures must stay the same numbers.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from bench.statements import counted

pytestmark = pytest.mark.django_db(transaction=True)


def _work() -> None:
    users = get_user_model().objects
    with transaction.atomic():
        users.create(username="hitung-satu")
        users.filter(username="hitung-satu").update(first_name="Satu")
    list(users.filter(username__startswith="hitung"))
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        users.create(username="hitung-dua")
        1 / 0  # noqa: B018 - a rolled-back block counts its ROLLBACK too


def test_the_counter_agrees_with_capture_queries_context():
    with CaptureQueriesContext(connection) as captured:
        _work()
    get_user_model().objects.filter(username__startswith="hitung").delete()
    with counted(connection, keep_sql=True) as counter:
        _work()
    assert counter.count == len(captured.captured_queries), (
        counter.sql, [query["sql"] for query in captured.captured_queries])
    wrapper = connections[connection.alias]
    assert not {"_commit", "_rollback", "_set_autocommit"} & set(wrapper.__dict__)  # its own
    with transaction.atomic():
        get_user_model().objects.filter(username__startswith="hitung").delete()
    assert counter.sql.count("COMMIT") == 1  # nothing noted once the block is left


def test_nested_counts_both_count():
    with counted(connection, keep_sql=True) as outer:
        with counted(connection) as inner, transaction.atomic():
            get_user_model().objects.create(username="hitung-tiga")
        with transaction.atomic():
            get_user_model().objects.filter(username="hitung-tiga").delete()
    assert inner.count >= 3  # BEGIN, INSERT, COMMIT
    assert outer.count > inner.count
    assert outer.sql.count("COMMIT") == 2  # the inner block's end left the outer counting


def test_the_transactions_that_may_write_are_counted():
    with counted(connection, keep_sql=True) as counter:
        _work()  # a block (one COMMIT) and a SELECT outside: one
        get_user_model().objects.filter(username="hitung-satu").update(first_name="Dua")
    assert counter.transactions == 2, counter.sql  # and an UPDATE in autocommit: its own
