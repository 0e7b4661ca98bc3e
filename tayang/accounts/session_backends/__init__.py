"""Django's database sessions, read by one statement written once per process.

Every signed-in request loads its session first. Django's store asks the ORM for it
(``Session.objects.get(session_key=…, expire_date__gt=now)``): building and compiling that
query cost ~0.3 ms of CPU per request, some fifteen times what the database took to answer it.
The same statement is written here once per database vendor and run with its two parameters;
everything else (saving, creating, cycling keys, ``clearsessions``) is Django's own. Use
``tayang.accounts.session_backends.db`` or ``….cached_db`` (Redis in front) as
``SESSION_ENGINE``.

Two hooks serve the signed-in prefix (:mod:`tayang.accounts.signed_in`), which reads the
session's row, the person's signed-in session, the person and their membership in one
statement: ``read_with`` (set for one load) replaces the read of the row when the row is read
from the database (a session found in the cache is not: the person is then read on their
own), and a cycled key is written onto the signed-in session's row
(:func:`tayang.accounts.sessions.follow_key`) so that the join keeps finding it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, NamedTuple

from django.contrib.sessions.models import Session
from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone


class StoredSession(NamedTuple):
    """What Django's stores read of a session's row (``load`` and ``cached_db`` use these)."""

    session_data: str
    expire_date: datetime


_STATEMENTS: dict[str, str] = {}  # by database vendor: quoting is all that differs


def _statement(connection: BaseDatabaseWrapper) -> str:
    if (statement := _STATEMENTS.get(connection.vendor)) is None:
        quote, table = connection.ops.quote_name, Session._meta.db_table
        statement = _STATEMENTS[connection.vendor] = (
            f"SELECT {quote('session_data')}, {quote('expire_date')} FROM {quote(table)} "
            f"WHERE {quote('session_key')} = %s AND {quote('expire_date')} > %s")
    return statement


def stored(session_key: str) -> StoredSession | None:
    """The unexpired session ``session_key``, or None."""
    connection: BaseDatabaseWrapper = connections[router.db_for_read(Session)]
    expire_date = Session._meta.get_field("expire_date")
    now = expire_date.get_db_prep_value(timezone.now(), connection)
    with connection.cursor() as cursor:
        cursor.execute(_statement(connection), [session_key, now])
        row = cursor.fetchone()
    if row is None:
        return None
    return StoredSession(row[0], expiry(row[1], connection))


def expiry(value: Any, connection: BaseDatabaseWrapper) -> datetime:
    """The ``expire_date`` column as the database sent it, as the ORM hands it over."""
    column = Session._meta.get_field("expire_date").get_col(Session._meta.db_table)
    for convert in [*connection.ops.get_db_converters(column),
                    *column.get_db_converters(connection)]:
        value = convert(value, column, connection)
    return value  # type: ignore[no-any-return]


class PreparedLoad:
    """Mixed into Django's database stores: the session's row read by :func:`stored` (or by
    ``read_with``, given the key, for the one load it is set for)."""

    session_key: str | None
    _session_key: str | None
    read_with: Callable[[str], StoredSession | None] | None = None

    def _get_session_from_db(self) -> StoredSession | None:
        read, self.read_with = self.read_with or stored, None
        found = read(self.session_key) if self.session_key else None
        if found is None:
            self._session_key = None  # what Django's store does for a missing row
        return found

    def cycle_key(self) -> None:
        super().cycle_key()  # type: ignore[misc]
        from tayang.accounts.sessions import follow_key  # the accounts' models: not at import

        follow_key(self)
