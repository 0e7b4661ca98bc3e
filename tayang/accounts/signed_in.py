"""Who is signed in, and their membership, read with the session by one statement when a view
first asks.

Django's sign-in reads the session's row, then the person (``auth.get_user``),
:mod:`.sessions` then read their signed-in session's row and the workspace read their
membership: four queries whose ORM compiling cost ~1 ms of CPU on every staff request, where
the database answered all four in ~0.05 ms. Here one hand-written statement
(:mod:`tayang.rows.reading`) reads the session's row (``django_session``) joined by its key to
the signed-in session's row, the person and — when the workspace asks for an organization —
the membership, the organization and whether the person has two-factor sign-in on. The join
is a shortcut, never the authority: the person is still the one the session's data names and
the signed-in session is still the one its token names; when the key on the row is stale (or
the session came from the cache, ``cached_db``), the person side is read on its own by key and
token as before (a second statement; a stale key is then mended). Nothing else changes:

* the person is found as Django's ``ModelBackend`` finds them (by the id in the session, only
  if the session's backend is still configured and the account may sign in), and the
  session's auth hash is verified exactly as ``django.contrib.auth.get_user`` does (the
  session is flushed when it does not match; a match with an old secret cycles the key);
* a session whose row was ended, is idle or too old is signed out at once
  (:func:`.sessions.why_end`), ``last_seen_at`` is written at most every
  :data:`.sessions.TOUCH_EVERY`;
* only an active membership is found, so a deactivated member loses access at once.

On PostgreSQL the statements are prepared once per connection (``tayang.rows.prepared``: key
lookups, one plan for any session). It stays lazy: a page that never asks who is signed in
(the public website) never reads the session. Another authentication backend falls back to
Django's own ``get_user`` and the ORM.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.models import Session
from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from tayang.accounts.models import SignedInSession, TwoFactor
from tayang.accounts.session_backends import PreparedLoad, StoredSession, expiry
from tayang.accounts.sessions import TIMES, TOKEN, SessionTimes, why_end
from tayang.orgs.models import Membership, Organization
from tayang.rows import prepared, reading

ATTRIBUTE = "_tayang_signed_in"
_UNKNOWN: Any = object()


class Member(NamedTuple):
    """An active membership (its organization attached) and whether 2FA is on for the person
    (None: not read with it)."""

    membership: Membership
    two_factor_on: bool | None


def attach(request: HttpRequest) -> SignedIn:
    identity = SignedIn(request)
    setattr(request, ATTRIBUTE, identity)
    return identity


def member(request: HttpRequest, slug: str) -> Member | None:
    """The signed-in person's active membership of organization ``slug``; None for anyone
    else (and for a visitor: ``request.user`` then tells which)."""
    identity: SignedIn | None = getattr(request, ATTRIBUTE, None)
    if identity is not None:
        return identity.member(slug)
    if not request.user.is_authenticated:  # no middleware (a view called directly)
        return None
    return _membership_only(request.user, slug)


def person(request: HttpRequest) -> Any:
    """The person ``request.user`` gives (or ``AnonymousUser``), without its lazy wrapper.

    ``request.user`` is a ``SimpleLazyObject`` so that pages that never ask stay free of the
    session; once the person is known, each read through it (``user.pk``, ``isinstance`` in
    the rows an action writes, ``get_username``) costs a proxy call: some fifty an action. The
    workspace puts the person itself on the request when its check has read them."""
    identity: SignedIn | None = getattr(request, ATTRIBUTE, None)
    return identity.user() if identity is not None else request.user


class SignedIn:
    """One request's signed-in person, found once, with the memberships asked for."""

    def __init__(self, request: HttpRequest) -> None:
        self._request = request
        self._user: Any = _UNKNOWN
        self._members: dict[str, Member | None] = {}

    def user(self) -> Any:
        if self._user is _UNKNOWN:
            self._resolve(None)
        return self._user

    def member(self, slug: str) -> Member | None:
        if slug not in self._members:
            if self._user is _UNKNOWN:
                self._resolve(slug)
            elif self._user.is_authenticated:
                self._members[slug] = _membership_only(self._user, slug)
            else:
                self._members[slug] = None
        return self._members[slug]

    def _resolve(self, slug: str | None) -> None:
        request, self._user = self._request, AnonymousUser()
        if slug is not None:
            self._members[slug] = None
        session = request.session
        joined = _Joined(slug) if _rides_along(session) else None
        if joined is not None:
            session.read_with = joined.read  # type: ignore[attr-defined]
        try:
            user_id = auth.get_user_model()._meta.pk.to_python(session[SESSION_KEY])
            backend_path = session[BACKEND_SESSION_KEY]
        except KeyError:
            return
        finally:
            if joined is not None:  # not loaded now (loaded before, or no key): not kept
                session.read_with = None  # type: ignore[attr-defined]
        if backend_path not in settings.AUTHENTICATION_BACKENDS:
            return
        backend = auth.load_backend(backend_path)
        if not _finds_users_by_id(backend):
            self._resolve_by_django(slug)
            return
        token = str(session.get(TOKEN, "")) or None
        found = joined.person(user_id, token) if joined is not None else None
        # Read from the database, yet the row did not carry the session's key.
        stale = found is None and joined is not None and joined.rows is not None
        if found is None:
            found = _read(user_id, token, slug)
        if found is None:
            return
        user, row, membership = found
        if not backend.user_can_authenticate(user) or not _hash_verified(request, user):
            return
        if self._ended(row):
            return
        if stale:
            _mend(row, session)
        self._user = user
        if slug is not None:
            self._members[slug] = membership

    def _resolve_by_django(self, slug: str | None) -> None:
        user = auth.get_user(self._request)
        if not user.is_authenticated:
            return
        times = SignedInSession.objects.filter(
            token=self._request.session.get(TOKEN) or None, user=user).values_list(*TIMES).first()
        if self._ended(SessionTimes(*times) if times else None):
            return
        self._user = user
        if slug is not None:
            self._members[slug] = _membership_only(user, slug)

    def _ended(self, row: SessionTimes | None) -> bool:
        why = why_end(row, timezone.now())
        if why:
            self._request.session.flush()  # what logout() does, without asking who again
            messages.info(self._request, why)
        return bool(why)


def _rides_along(session: SessionBase) -> bool:
    """Whether the person side may be read with the session's row: our database store, and
    the sessions in the database the people and memberships are read from."""
    return (isinstance(session, PreparedLoad)
            and router.db_for_read(Session) == router.db_for_read(Membership))


class _Joined:
    """One load of the session's row (``PreparedLoad.read_with``) with the signed-in sessions
    that carry its key, their person and the membership of ``slug``. ``rows`` stays None when
    the row was not read from the database (the session came from the cache, or was loaded
    before the person was asked for)."""

    def __init__(self, slug: str | None) -> None:
        self.slug = slug
        self.rows: list[tuple[Any, ...]] | None = None

    def read(self, session_key: str) -> StoredSession | None:
        connection = _connection()
        now = Session._meta.get_field("expire_date").get_db_prep_value(
            timezone.now(), connection)
        if self.slug is None:
            sql, params = _statement(connection, "session+person"), [session_key, now]
        else:
            sql = _statement(connection, "session+person+member")
            params = [True, self.slug, session_key, now]
        with prepared.cursor(connection.alias) as cursor:
            cursor.execute(sql, params)
            self.rows = cursor.fetchall()
        if not self.rows:
            return None
        session_data, expires = self.rows[0][:2]
        return StoredSession(session_data, expiry(expires, connection))

    def person(self, user_id: Any,
               token: str | None) -> tuple[Any, SessionTimes | None, Member | None] | None:
        """What :func:`_read` reads, taken from the rows: only the signed-in session of the
        session's token and of the person its data names (None: not among them)."""
        if token is None or not self.rows:
            return None
        connection = _connection()
        for values in self.rows:
            if values[2] != token:  # another sign-in once on this key (or none: NULLs)
                continue
            found = _taken(values[3:], self.slug, connection)
            if found[0].pk == user_id:
                return found
        return None


def _mend(row: SessionTimes | None, session: SessionBase) -> None:
    """The signed-in session's row (live, its person verified) did not carry the session's key
    (a row from before the key was kept, a path that cycled the key unnoticed): it does now."""
    if row is not None and session.session_key:
        SignedInSession.objects.filter(pk=row.id).update(session_key=session.session_key)


def _finds_users_by_id(backend: Any) -> bool:
    """Whether the backend finds the signed-in person as ModelBackend does (by primary key,
    from the user model's table): then the statement here may read them instead."""
    return isinstance(backend, ModelBackend) and type(backend).get_user is ModelBackend.get_user


def _hash_verified(request: HttpRequest, user: Any) -> bool:
    """``django.contrib.auth.get_user``'s check of the session's auth hash, unchanged: a
    password change signs out the other sessions."""
    session_hash = request.session.get(HASH_SESSION_KEY)
    if not session_hash:
        request.session.flush()
        return False
    session_auth_hash = user.get_session_auth_hash()
    if constant_time_compare(session_hash, session_auth_hash):
        return True
    if any(constant_time_compare(session_hash, fallback)
           for fallback in user.get_session_auth_fallback_hash()):
        request.session.cycle_key()
        request.session[HASH_SESSION_KEY] = session_auth_hash
        return True
    request.session.flush()
    return False


# --- the statements --------------------------------------------------------------------------

_STATEMENTS: dict[tuple[str, str], str] = {}  # by (database vendor, which statement)


def _connection() -> BaseDatabaseWrapper:
    return connections[router.db_for_read(Membership)]


def _member_columns(connection: BaseDatabaseWrapper) -> str:
    quote = connection.ops.quote_name
    two_factor = (f"EXISTS (SELECT 1 FROM {quote(TwoFactor._meta.db_table)} t "
                  f"WHERE t.{quote('user_id')} = m.{quote('user_id')} "
                  f"AND t.{quote('confirmed_at')} IS NOT NULL)")
    return (f"{reading.select_list(Membership, 'm', using=connection)}, "
            f"{reading.select_list(Organization, 'o', using=connection)}, {two_factor}")


def _statement(connection: BaseDatabaseWrapper, which: str) -> str:
    """``person``: the user and their signed-in session's row; ``person+member``: and their
    active membership of an organization (by its slug) with the organization; ``member``:
    that membership alone, for a person already known; ``session+…``: the session's row
    (by its key, unexpired) with the signed-in sessions of that key, their token, and the
    same columns for their person."""
    key = (connection.vendor, which)
    if key in _STATEMENTS:
        return _STATEMENTS[key]
    quote = connection.ops.quote_name
    memberships = quote(Membership._meta.db_table)
    organizations = quote(Organization._meta.db_table)
    if which == "member":
        statement = (f"SELECT {_member_columns(connection)} FROM {memberships} m "
                     f"JOIN {organizations} o ON o.{quote('id')} = m.{quote('organization_id')} "
                     f"WHERE o.{quote('slug')} = %s AND m.{quote('user_id')} = %s "
                     f"AND m.{quote('is_active')} = %s")
    else:
        user_model = auth.get_user_model()
        users, signed_in_sessions = (quote(user_model._meta.db_table),
                                     quote(SignedInSession._meta.db_table))
        columns = (f"{reading.select_list(user_model, 'u', using=connection)}, "
                   f"{reading.select_list(SignedInSession, 's', TIMES, using=connection)}")
        joins = ""
        if which.endswith("+member"):
            columns += f", {_member_columns(connection)}"
            joins += (f" LEFT JOIN {memberships} m ON m.{quote('user_id')} = u.{quote('id')} "
                      f"AND m.{quote('is_active')} = %s AND m.{quote('organization_id')} = "
                      f"(SELECT {quote('id')} FROM {organizations} WHERE {quote('slug')} = %s)"
                      f" LEFT JOIN {organizations} o "
                      f"ON o.{quote('id')} = m.{quote('organization_id')}")
        if which.startswith("session+"):
            key = quote("session_key")
            statement = (
                f"SELECT d.{quote('session_data')}, d.{quote('expire_date')}, "
                f"s.{quote('token')}, {columns} FROM {quote(Session._meta.db_table)} d "
                f"LEFT JOIN {signed_in_sessions} s ON s.{key} = d.{key} "
                f"LEFT JOIN {users} u ON u.{quote('id')} = s.{quote('user_id')}{joins} "
                f"WHERE d.{key} = %s AND d.{quote('expire_date')} > %s")
        else:
            statement = (
                f"SELECT {columns} FROM {users} u LEFT JOIN {signed_in_sessions} s "
                f"ON s.{quote('token')} = %s AND s.{quote('user_id')} = u.{quote('id')}{joins} "
                f"WHERE u.{quote('id')} = %s")
    _STATEMENTS[key] = statement
    return statement


def _read(user_id: Any, token: str | None,
          slug: str | None) -> tuple[Any, SessionTimes | None, Member | None] | None:
    """The person (None: no such account), their session's row and their membership."""
    connection = _connection()
    if slug is None:
        sql, params = _statement(connection, "person"), [token, user_id]
    else:
        sql, params = _statement(connection, "person+member"), [token, True, slug, user_id]
    with prepared.cursor(connection.alias) as cursor:
        cursor.execute(sql, params)
        values = cursor.fetchone()
    if values is None:
        return None
    return _taken(values, slug, connection)


def _taken(values: Any, slug: str | None,
           connection: BaseDatabaseWrapper) -> tuple[Any, SessionTimes | None, Member | None]:
    """The person, their session's row and membership from the columns of ``person…``."""
    user, rest = reading.take(auth.get_user_model(), values, using=connection)
    own, rest = rest[:len(TIMES)], rest[len(TIMES):]
    row = (SessionTimes(*reading.converted_row(SignedInSession, TIMES, own, using=connection))
           if own[0] is not None else None)  # no row: the LEFT JOIN's NULLs
    found = _member(rest, connection) if slug is not None else None
    if found is not None:
        found.membership.user = user  # the same person: not read again by a view
    return user, row, found


def _membership_only(user: Any, slug: str) -> Member | None:
    connection = _connection()
    with prepared.cursor(connection.alias) as cursor:
        cursor.execute(_statement(connection, "member"), [slug, user.pk, True])
        values = cursor.fetchone()
    found = _member(values, connection) if values is not None else None
    if found is not None:
        found.membership.user = user
    return found


def _member(values: Any, connection: BaseDatabaseWrapper) -> Member | None:
    membership, rest = reading.take(Membership, values, using=connection)
    organization, rest = reading.take(Organization, rest, using=connection)
    if membership is None or organization is None:
        return None
    membership.organization = organization
    return Member(membership, bool(rest[0]))
