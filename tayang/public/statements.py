"""The public pages' written-out statements, prepared by PostgreSQL once per connection.

Every public request reads the site's state, and an uncached page one or two statements more.
Each is short: on PostgreSQL at 20,000 articles planning it took longer than running it
(0.23–0.31 ms of planning against 0.03–0.08 of execution, warm). Django's own cursors bind
their parameters on the client (``psycopg.ClientCursor``), which can never use a prepared
statement, and it turns psycopg's preparation off (``prepare_threshold`` None). So here a
statement runs in a server-binding cursor of the same connection, prepared the first time the
connection sees it and executed from then on (the article's two statements: 0.83 → 0.38–0.53
ms of the server's CPU; docs/performance.md). The cursor is wrapped by Django as its own are:
the statements are counted, logged and passed to ``execute_wrapper`` like any other.

Only the server-binding cursors made here prepare: the connection's Django cursors are client
binding and ignore the threshold. Preparation is per connection (psycopg keeps up to 100
statements and their names): behind PgBouncer in transaction mode it needs
``max_prepared_statements`` (PgBouncer 1.21 or later), as docs/deployment.md says.
SQLite compiles each statement once per connection anyway (``tayang.rows.sqlite``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

# Prepared the first time: the statements sent here are the few every public request makes.
_PREPARE_AT_ONCE = 0


def rows(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    """The rows of ``sql`` (``%s`` placeholders) with ``params``, on the default database."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    connection.ensure_connection()
    import psycopg  # only with PostgreSQL configured (its module is not loaded for SQLite)

    raw = connection.connection
    if raw.prepare_threshold != _PREPARE_AT_ONCE:
        raw.prepare_threshold = _PREPARE_AT_ONCE
    # What ``connection.cursor()`` does with a cursor of its own factory: validated for the
    # thread, wrapped for counting and logging.
    connection.validate_thread_sharing()
    server_binding = psycopg.Cursor(raw)
    wrapped = (connection.make_debug_cursor(server_binding) if connection.queries_logged
               else connection.make_cursor(server_binding))
    with wrapped as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


_PLAIN = re.compile(r"[a-z0-9_-]+")


def literal(constant: str) -> str:
    """A constant of the code (a channel's key, a state, a category's slug) to write into a
    statement's text between quotes; anything but lower-case letters, digits, ``-`` and ``_``
    is refused, so no text from outside the code can get there."""
    if not _PLAIN.fullmatch(constant):
        raise ValueError(f"Bukan konstanta yang aman untuk ditulis ke SQL: {constant!r}")
    return constant
