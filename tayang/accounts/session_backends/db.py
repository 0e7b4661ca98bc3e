"""``SESSION_ENGINE`` for sessions in the database, read by one prepared statement."""

from __future__ import annotations

from django.contrib.sessions.backends import db

from tayang.accounts.session_backends import PreparedLoad


class SessionStore(PreparedLoad, db.SessionStore):
    pass
