"""Django's database sessions, read by one statement written once per process.

Every signed-in request loads its session first. Django's store asks the ORM for it
(``Session.objects.get(session_key=…, expire_date__gt=now)``): building and compiling that
query cost ~0.3 ms of CPU per request, some fifteen times what the database took to answer it.
The same statement is written here once per database vendor and run with its two parameters;
everything else (saving, creating, cycling keys, ``clearsessions``) is Django's own. Use
``tayang.accounts.session_backends.db`` or ``….cached_db`` (Redis in front) as
``SESSION_ENGINE``.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

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
    column = expire_date.get_col(Session._meta.db_table)
    expires = row[1]
    for convert in [*connection.ops.get_db_converters(column),
                    *column.get_db_converters(connection)]:
        expires = convert(expires, column, connection)
    return StoredSession(row[0], expires)


class PreparedLoad:
    """Mixed into Django's database stores: the session's row read by :func:`stored`."""

    session_key: str | None
    _session_key: str | None

    def _get_session_from_db(self) -> StoredSession | None:
        found = stored(self.session_key) if self.session_key else None
        if found is None:
            self._session_key = None  # what Django's store does for a missing row
        return found
