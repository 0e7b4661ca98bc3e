"""Counting the statements a timed request sends, without changing what it costs.

Django's ``CaptureQueriesContext`` turns on the debug cursor, which formats every statement's
SQL with its parameters (``last_executed_query``; on SQLite one more ``SELECT QUOTE(?)`` per
statement) inside the timed request: ~0.05 ms a statement that the product never spends. A
bare execute wrapper counts the same statements, plus the transaction's ``BEGIN``/``COMMIT``
as the debug cursor logs them (so the figures stay comparable with the tests' counts).
``transactions`` counts the commits that may write: each ``COMMIT``, and each statement other
than a ``SELECT`` sent outside any atomic block (autocommit: a transaction of its own). On
PostgreSQL each such commit waits for the disk (``synchronous_commit``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

# Sent outside an atomic block, these are no transaction that writes (SQLite's own BEGIN
# IMMEDIATE opens the block's transaction, whose COMMIT is counted).
_NOT_WRITING = ("SELECT", "BEGIN", "SAVEPOINT", "RELEASE", "ROLLBACK")


class StatementCounter:
    """An execute wrapper counting the statements sent (``executemany`` counts once, as in
    CaptureQueriesContext), keeping their text only when asked."""

    def __init__(self, *, keep_sql: bool = False) -> None:
        self.count = 0
        self.transactions = 0
        self.sql: list[str] = []
        self.keep_sql = keep_sql

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.noted(sql)
        if (not context["connection"].in_atomic_block
                and not sql.lstrip().upper().startswith(_NOT_WRITING)):
            self.transactions += 1  # autocommit: this statement is a transaction
        return execute(sql, params, many, context)

    def noted(self, sql: str) -> None:
        self.count += 1
        if sql == "COMMIT":
            self.transactions += 1
        if self.keep_sql:
            self.sql.append(sql)


@contextlib.contextmanager
def counted(connection: Any, *, keep_sql: bool = False) -> Iterator[StatementCounter]:
    """Count what ``connection`` sends in the block: its statements, and the transaction
    control Django logs without a cursor (``COMMIT``, ``ROLLBACK``; ``BEGIN`` where it is
    autocommit turned off rather than a statement, as on PostgreSQL)."""
    from django.db import connections

    # The wrapper itself: ``django.db.connection`` is a proxy whose ``__dict__`` is not its.
    connection = connections[connection.alias]
    counter = StatementCounter(keep_sql=keep_sql)
    names = ("_commit", "_rollback", "_set_autocommit")
    shadowed = {name: connection.__dict__[name] for name in names if name in connection.__dict__}
    commit, rollback, set_autocommit = (connection._commit, connection._rollback,
                                        connection._set_autocommit)

    def counting_commit() -> Any:
        counter.noted("COMMIT")
        return commit()

    def counting_rollback() -> Any:
        counter.noted("ROLLBACK")
        return rollback()

    def counting_set_autocommit(autocommit: bool) -> Any:
        if not autocommit:
            counter.noted("BEGIN")
        return set_autocommit(autocommit)

    # Instance attributes shadow the class's methods for this block only.
    connection._commit, connection._rollback = counting_commit, counting_rollback
    connection._set_autocommit = counting_set_autocommit
    try:
        with connection.execute_wrapper(counter):
            yield counter
    finally:
        for name in names:  # as they were: an outer count (nested blocks) goes on counting
            connection.__dict__.pop(name, None)
        connection.__dict__.update(shadowed)
