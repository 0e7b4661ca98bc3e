"""The decision PIN: set on the person's own page, asked on every link page, locked after five
wrong tries until an organization admin unlocks it.

The PIN is what makes a forwarded message decide nothing: the link alone only opens the PIN
form. It is hashed with Django's password hashers (``PASSWORD_HASHERS``) and never stored,
logged or shown. Wrong tries are counted on the person's row under a row lock, so five
requests at once cannot get past the fifth.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from itertools import pairwise

from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from tayang.decisions.models import DecisionLink, DecisionPin

MIN_DIGITS, MAX_DIGITS = 4, 8
MAX_FAILURES = 5
_DIGITS = re.compile(rf"^[0-9]{{{MIN_DIGITS},{MAX_DIGITS}}}$")


@sensitive_variables("pin")
def pin_problem(pin: str) -> str:
    """Why ``pin`` cannot be a PIN ("" when it can), in Bahasa Indonesia."""
    if not _DIGITS.match(pin):
        return (f"PIN terdiri dari {MIN_DIGITS} sampai {MAX_DIGITS} angka (0–9), tanpa huruf "
                "atau spasi.")
    steps = {int(b) - int(a) for a, b in pairwise(pin)}
    if steps in ({0}, {1}, {-1}):
        return ("PIN ini terlalu mudah ditebak (angka sama semua atau berurutan). "
                "Pilih susunan angka lain.")
    return ""


def pin_of(user: AbstractBaseUser) -> DecisionPin | None:
    if not user.is_authenticated:
        return None
    return DecisionPin.objects.filter(user_id=user.pk).first()


@sensitive_variables("pin")
def set_pin(user: AbstractBaseUser, pin: str, *, now: datetime | None = None) -> DecisionPin:
    """Set or change the PIN. A lock stays: only an admin lifts it (a thief who knows the
    password must not be able to reset the count by choosing a new PIN)."""
    problem = pin_problem(pin)
    if problem:
        raise ValueError(problem)
    now = now or timezone.now()
    with transaction.atomic():
        row = DecisionPin.objects.select_for_update().filter(user_id=user.pk).first()
        if row is None:
            row = DecisionPin(user_id=user.pk)
        row.pin_hash = make_password(pin)
        row.set_at = now
        if not row.is_locked:
            row.failed_attempts = 0
        row.save()
    return row


def remove_pin(user: AbstractBaseUser, *, now: datetime | None = None) -> int:
    """Remove the PIN; every open link of the person is revoked. Returns how many."""
    now = now or timezone.now()
    with transaction.atomic():
        DecisionPin.objects.filter(user_id=user.pk, locked_at__isnull=True).delete()
        return DecisionLink.objects.filter(
            user_id=user.pk, used_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=now, revoked_by=user)


class PinResult(StrEnum):
    RIGHT = "right"
    WRONG = "wrong"
    LOCKED_NOW = "locked_now"  # this wrong PIN was the fifth
    LOCKED = "locked"  # already locked: the PIN is not even compared
    NO_PIN = "no_pin"


@dataclass(frozen=True)
class PinCheck:
    result: PinResult
    tries_left: int = 0


@sensitive_variables("pin")
def check_pin(user_id: int, pin: str, *, now: datetime | None = None) -> PinCheck:
    """Compare ``pin`` with the person's PIN, counting wrong ones; the fifth locks."""
    now = now or timezone.now()
    with transaction.atomic():
        row = DecisionPin.objects.select_for_update().filter(user_id=user_id).first()
        if row is None:
            return PinCheck(PinResult.NO_PIN)
        if row.is_locked:
            return PinCheck(PinResult.LOCKED)
        if check_password(pin, row.pin_hash):
            if row.failed_attempts:
                row.failed_attempts = 0
                row.save(update_fields=["failed_attempts"])
            return PinCheck(PinResult.RIGHT)
        row.failed_attempts += 1
        if row.failed_attempts >= MAX_FAILURES:
            row.locked_at = now
            row.save(update_fields=["failed_attempts", "locked_at"])
            return PinCheck(PinResult.LOCKED_NOW)
        row.save(update_fields=["failed_attempts"])
        return PinCheck(PinResult.WRONG, MAX_FAILURES - row.failed_attempts)


def unlock(user_id: int, admin: AbstractBaseUser, *, now: datetime | None = None) -> bool:
    """Lift a lock (an organization admin); whether there was one."""
    now = now or timezone.now()
    return bool(
        DecisionPin.objects.filter(user_id=user_id, locked_at__isnull=False).update(
            locked_at=None, failed_attempts=0, unlocked_at=now, unlocked_by=admin
        )
    )
