"""``SESSION_ENGINE`` for sessions in the database with the cache (Redis) in front; a miss in
the cache reads the row by one prepared statement."""

from __future__ import annotations

from django.contrib.sessions.backends import cached_db

from tayang.accounts.session_backends import PreparedLoad


class SessionStore(PreparedLoad, cached_db.SessionStore):
    pass
