"""Throttled sign-in: per account and per address, decided before any password is hashed.

Counters live in Django's cache (local memory by default, Redis in production through
``TAYANG_REDIS_URL``), so a refused attempt costs a cache lookup, not half a second of
password hashing: guessing is neither a way in nor a way to load the server.

* **Per account**: ``TAYANG_SIGNIN_MAX_FAILURES`` (10) failed passwords or codes in a row
  lock the name for ``TAYANG_SIGNIN_LOCK_MINUTES`` (15). While locked, even the right
  password is refused. Any name is counted and locked alike, existing or not, so the answers
  never tell which names exist; a lock of an existing account is also written to the
  database (:class:`~tayang.accounts.models.SignInLock`), where its organization's admins (and
  the superuser, for everyone) see it and may lift it.
* **Per address**: ``TAYANG_SIGNIN_ADDRESS_MAX_FAILURES`` (50) failures within
  ``TAYANG_SIGNIN_WINDOW_MINUTES`` (60) from one address (an IPv6 /64) refuse that address
  until the window has passed: spraying many names from one place stops too.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.utils import timezone

from tayang.accounts.address import address_group
from tayang.accounts.models import SignInLock

log = logging.getLogger("tayang.security")


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def max_failures() -> int:
    return _setting("TAYANG_SIGNIN_MAX_FAILURES", 10)


def lock_time() -> timedelta:
    return timedelta(minutes=_setting("TAYANG_SIGNIN_LOCK_MINUTES", 15))


def _window() -> int:
    return _setting("TAYANG_SIGNIN_WINDOW_MINUTES", 60) * 60


def _name_key(username: str) -> str:
    return hashlib.sha256(username.strip().casefold().encode()).hexdigest()[:32]


def _keys(username: str) -> tuple[str, str]:
    name = _name_key(username)
    return f"tayang:signin:fail:{name}", f"tayang:signin:lock:{name}"


def _address_key(address: str) -> str:
    return f"tayang:signin:addr:{address_group(address)}"


@dataclass(frozen=True)
class Refusal:
    message: str
    until: datetime


def _local(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%H.%M}"


def refusal(username: str, address: str) -> Refusal | None:
    """Why this attempt is refused without looking at the password; ``None`` to go on."""
    now = timezone.now()
    until = cache.get(_keys(username)[1])
    lock = SignInLock.objects.filter(user__username__iexact=username.strip(),
                                     until__gt=now).first()
    if lock is not None and (until is None or lock.until > until):
        until = lock.until
    if until is not None and until > now:
        return Refusal(
            "Terlalu banyak percobaan masuk yang gagal untuk nama pengguna ini, jadi akun "
            f"dikunci sementara sampai pukul {_local(until)}. Setelah itu Anda dapat mencoba "
            "lagi; admin organisasi Anda dapat membuka kuncinya lebih cepat. Lupa kata sandi? "
            "Gunakan tautan «Lupa kata sandi».",
            until,
        )
    failures = cache.get(_address_key(address), 0)
    if failures >= _setting("TAYANG_SIGNIN_ADDRESS_MAX_FAILURES", 50):
        until = now + timedelta(seconds=_window())
        return Refusal(
            "Terlalu banyak percobaan masuk yang gagal dari jaringan ini. Tunggu sekitar satu "
            "jam lalu coba lagi, atau hubungi admin organisasi Anda.",
            until,
        )
    return None


def _incr(key: str, timeout: int) -> int:
    if cache.add(key, 1, timeout):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout)
        return 1


def failed(username: str, address: str) -> None:
    """Count a failed password or code; lock the name when it reaches the limit."""
    fail_key, lock_key = _keys(username)
    failures = _incr(fail_key, _window())
    _incr(_address_key(address), _window())
    log.warning("sign-in failed name=%s address=%s failures=%d", _name_key(username)[:12],
                address, failures)
    if failures < max_failures():
        return
    until = timezone.now() + lock_time()
    cache.set(lock_key, until, int(lock_time().total_seconds()) + 5)
    cache.delete(fail_key)
    user = get_user_model().objects.filter(username__iexact=username.strip()).first()
    if user is not None:
        SignInLock.objects.update_or_create(user=user, defaults={"until": until,
                                                                 "failures": failures})
    log.warning("sign-in locked name=%s until=%s", _name_key(username)[:12], until.isoformat())


def succeeded(username: str) -> None:
    """A right password (and code): the account's count starts again (the address's not)."""
    cache.delete(_keys(username)[0])


def lift(user: AbstractBaseUser) -> bool:
    """An admin lifts the lock of ``user``; whether there was one."""
    fail_key, lock_key = _keys(user.get_username())
    had = cache.get(lock_key) is not None
    cache.delete_many([fail_key, lock_key])
    deleted, _ = SignInLock.objects.filter(user=user).delete()
    return had or bool(deleted)


def locked_usernames(organization: object) -> set[str]:
    """Usernames of ``organization``'s members that are locked now (for the members page)."""
    return set(SignInLock.objects.filter(
        user__memberships__organization=organization, until__gt=timezone.now()
    ).values_list("user__username", flat=True))
