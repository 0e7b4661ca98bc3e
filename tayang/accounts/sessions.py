"""Signed-in sessions: recorded at sign-in, listed on the profile page, ended on demand.

Every sign-in writes a :class:`SignedInSession` row and keeps its random token in the
session. :class:`SessionGuardMiddleware` then signs out any session whose row was ended
(from the profile page, by a password change or reset, by a 2FA reset), that has been idle
longer than ``TAYANG_SESSION_IDLE_MINUTES`` (30) or is older than
``TAYANG_SESSION_MAX_HOURS`` (12): the limits OWASP ASVS level 2 asks for.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from tayang.accounts.address import client_address
from tayang.accounts.models import SignedInSession

TOKEN = "tayang_session_token"
TOUCH_EVERY = timedelta(minutes=2)  # last_seen is written at most this often


def _idle() -> timedelta:
    return timedelta(minutes=int(getattr(settings, "TAYANG_SESSION_IDLE_MINUTES", 30)))


def _max_age() -> timedelta:
    return timedelta(hours=int(getattr(settings, "TAYANG_SESSION_MAX_HOURS", 12)))


def _started(sender: object, request: HttpRequest, user: AbstractBaseUser,
             **kwargs: object) -> None:
    token = secrets.token_urlsafe(32)
    session = request.session
    session[TOKEN] = token
    if session.session_key is None:  # login() flushed another person's session: a key now
        session.save()
    SignedInSession.objects.create(
        user=user, token=token, address=client_address(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:200],
        session_key=session.session_key,
    )


def _ended(sender: object, request: HttpRequest, user: AbstractBaseUser | None,
           **kwargs: object) -> None:
    token = request.session.get(TOKEN) if hasattr(request, "session") else None
    if token:
        SignedInSession.objects.filter(token=token, ended_at=None).update(
            ended_at=timezone.now(), ended_reason="keluar")


user_logged_in.connect(_started, dispatch_uid="tayang.accounts.session_started")
user_logged_out.connect(_ended, dispatch_uid="tayang.accounts.session_ended")


def follow_key(session: SessionBase) -> None:
    """The session's key was cycled (password change, an old secret key's hash, 2FA): the
    signed-in session's row learns the new one, so the prefix's one statement still finds
    it (a stale key costs one more statement, :mod:`tayang.accounts.signed_in`)."""
    token = session.get(TOKEN)
    if token and session.session_key:
        SignedInSession.objects.filter(token=token).update(session_key=session.session_key)


def current_token(request: HttpRequest) -> str:
    return str(request.session.get(TOKEN, ""))


def end_sessions(user: AbstractBaseUser, reason: str, *, keep: str = "") -> int:
    """End every open session of ``user`` (but ``keep``, a token); how many were ended."""
    return (SignedInSession.objects.filter(user=user, ended_at=None).exclude(token=keep or None)
            .update(ended_at=timezone.now(), ended_reason=reason[:100]))


class SessionTimes(NamedTuple):
    """What deciding whether a signed-in session goes on reads of its row."""

    id: int
    created_at: datetime
    last_seen_at: datetime
    ended_at: datetime | None


TIMES = SessionTimes._fields  # the columns, in this order


def why_end(row: SessionTimes | None, now: datetime) -> str:
    """Why the signed-in session of ``row`` ends now (told to the person), or "" when it goes
    on; an idle or too old one is marked ended, a live one's last_seen_at kept current."""
    if row is None or row.ended_at is not None:
        return "Sesi Anda telah diakhiri. Silakan masuk lagi."
    if now - row.created_at > _max_age() or now - row.last_seen_at > _idle():
        SignedInSession.objects.filter(pk=row.id, ended_at=None).update(
            ended_at=now, ended_reason="kedaluwarsa")
        return "Sesi Anda berakhir karena terlalu lama tidak aktif. Silakan masuk lagi."
    if now - row.last_seen_at > TOUCH_EVERY:
        SignedInSession.objects.filter(pk=row.id).update(last_seen_at=now)
    return ""


class SessionGuardMiddleware:
    """Signs out sessions that were ended, idle too long or too old (see the module).

    The check is lazy, like ``request.user`` itself: it runs when a view first asks who is
    signed in, with the reading of the person (:mod:`tayang.accounts.signed_in`: one
    statement for the session, this row, the person and the workspace's membership). Pages
    that never ask (the public website) never touch the session, so they stay cacheable and carry no
    ``Vary: Cookie``. It replaces the ``request.user`` of Django's AuthenticationMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        from tayang.accounts.signed_in import attach  # it reads this module's rules

        self.get_response = get_response
        self._attach = attach

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.user = SimpleLazyObject(self._attach(request).user)  # type: ignore[assignment]
        return self.get_response(request)
