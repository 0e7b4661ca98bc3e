"""Statements PostgreSQL prepares once per connection: the public pages' and the actions' own.

Django's cursors on psycopg bind their parameters on the client (``psycopg.ClientCursor``):
every statement arrives as new text, so the server parses, analyses and plans it at every
execution — for the short statements of a public page or of an action more than it spends
running them (planning 31.6 %, parse analysis 12.2 % and raw parsing 7.4 % of the backend's
CPU over the flow, the executor 16.4 %: docs/performance.md). A server-binding cursor
(``psycopg.Cursor``) with ``prepare_threshold`` 0 prepares a statement the first time the
connection sees it (one more round trip, once) and from then on sends only its name and
parameters; after five executions PostgreSQL keeps a generic plan when it costs no more than
the custom ones, and plans no more.

Only where every statement is a short one, never a list or a search (a generic plan for a
common word with filters was slower, "The flow on PostgreSQL: where the wall time beyond CPU
goes" in the docs):

* :func:`cursor`: a cursor for a statement chosen for it (``tayang.public.statements``);
* :func:`actions`: a block whose statements — through the ORM or ``tayang.rows`` — all are
  (``tayang.outbox.batch.atomic``: an action's transaction, its key reads, inserts, updates).

Both are wrapped by Django as its own cursors are (counted, logged, ``execute_wrapper``). The
connection's ``prepare_threshold`` is set once (Django sets None); its Django cursors, client
binding, ignore it. Preparation is per connection (psycopg keeps up to 100 statements): behind
PgBouncer in transaction mode it needs ``max_prepared_statements`` (PgBouncer 1.21 or later,
docs/deployment.md). On SQLite (which compiles each statement once per connection anyway,
``tayang.rows.sqlite``) both give Django's own cursor and change nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.utils import CursorWrapper

# Prepared the first time: the statements sent this way repeat on every request of their kind.
_PREPARE_AT_ONCE = 0
# A statement with more parameters than this (a long ``IN`` list, a big multi-row insert) is
# neither worth a place in psycopg's cache of 100 nor bound on the server (65,535 at most): it
# goes as Django's client binding would send it.
_MOST_PARAMETERS = 512


def _server_ready(connection: Any) -> Any:
    """The connection's psycopg connection, open, preparing at once."""
    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold != _PREPARE_AT_ONCE:
        raw.prepare_threshold = _PREPARE_AT_ONCE
    return raw


@contextmanager
def cursor(using: str = DEFAULT_DB_ALIAS) -> Iterator[CursorWrapper]:
    """A cursor of ``using`` whose statements are prepared (PostgreSQL), or Django's own."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        with connection.cursor() as own:
            yield own
        return
    raw = _server_ready(connection)
    # What ``connection.cursor()`` does with a cursor of its own factory: validated for the
    # thread, wrapped for counting and logging.
    connection.validate_thread_sharing()
    server_binding = _prepared_cursor_class()(raw)
    wrapped = (connection.make_debug_cursor(server_binding) if connection.queries_logged
               else connection.make_cursor(server_binding))
    with wrapped as prepared:
        yield prepared


@contextmanager
def actions(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """The block's cursors of ``using`` prepare their statements (PostgreSQL): Django's
    ``connection.cursor()`` gives a server-binding cursor while it lasts. Nested blocks are
    the outermost one's."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    raw = _server_ready(connection)
    kind = _prepared_cursor_class()
    before = raw.cursor_factory
    if before is kind:  # an outer block's
        yield
        return
    raw.cursor_factory = kind
    try:
        yield
    finally:
        raw.cursor_factory = before


@cache
def _prepared_cursor_class() -> type:
    """Django's server-binding cursor (its ``callproc`` kept) that sends a statement of many
    parameters unprepared, its values written into the text as the client binding writes
    them. Made on first use: psycopg is imported only with PostgreSQL configured."""
    import psycopg
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparedCursor(ServerBindingCursor):  # type: ignore[misc, valid-type]
        def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
            if params is not None and len(params) > _MOST_PARAMETERS:
                query = psycopg.ClientCursor(self.connection).mogrify(query, params)
                return super().execute(query, None, prepare=False)
            done = super().execute(query, params, **kwargs)
            if self._query is None:  # executed prepared: psycopg keeps no text of it
                self._query = _Shown(self.connection, query, params)
            return done

    return PreparedCursor


class _Shown:
    """What Django's debug cursor logs of a prepared statement (``last_executed_query`` reads
    ``cursor._query.query``): its text with the values written in, as the client binding
    sends it, so that logs and the tests' captured statements read as before. Made only when
    asked."""

    __slots__ = ("_connection", "_params", "_sql")
    params = None

    def __init__(self, connection: Any, sql: Any, params: Any) -> None:
        self._connection, self._sql, self._params = connection, sql, params

    @property
    def query(self) -> bytes:
        import psycopg

        shown = psycopg.ClientCursor(self._connection).mogrify(self._sql, self._params)
        return shown.encode()
