"""Two-factor sign-in with an authenticator app: enrolment, checking codes, recovery codes.

The TOTP secret is sealed at rest with the same Fernet keys as channel credentials
(:mod:`tayang.channels.crypto`). Ten recovery codes are shown once when 2FA is switched on;
each signs in once instead of a code. Switching 2FA off or an admin's reset ends every
session of the account.
"""

from __future__ import annotations

import hashlib
import secrets
import time

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from tayang.accounts import totp
from tayang.accounts.models import RecoveryCode, TwoFactor
from tayang.accounts.sessions import end_sessions
from tayang.channels import crypto

RECOVERY_CODES = 10


def enabled(user: AbstractBaseUser) -> bool:
    return enabled_for(user.pk)


def enabled_for(user_id: int) -> bool:
    return TwoFactor.objects.filter(user_id=user_id, confirmed_at__isnull=False).exists()


def _secret(record: TwoFactor) -> str:
    return crypto.decrypt(record.sealed_secret)["totp"]


def pending_secret(user: AbstractBaseUser) -> str:
    """The secret being enrolled (a new one unless enrolment has begun already)."""
    record = TwoFactor.objects.filter(user=user).first()
    if record is not None and record.confirmed:
        raise ValueError("2FA is already on")
    if record is None:
        record = TwoFactor.objects.create(
            user=user, sealed_secret=crypto.encrypt({"totp": totp.new_secret()}))
    return _secret(record)


def qr_svg(user: AbstractBaseUser, secret: str) -> str:
    uri = totp.provisioning_uri(secret, user.get_username())
    import segno  # 9 MB, for the one page that sets two-factor sign-in up

    return segno.make(uri, error="m").svg_inline(scale=5, title="Kode QR aplikasi autentikator")


def _digest(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").replace(" ", "").lower().encode()).hexdigest()


def _new_codes(user: AbstractBaseUser) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]
    RecoveryCode.objects.bulk_create(RecoveryCode(user=user, digest=_digest(c)) for c in codes)
    return codes


@transaction.atomic
def confirm(user: AbstractBaseUser, code: str) -> list[str] | None:
    """Switch 2FA on with the first code from the app; the recovery codes, or ``None``."""
    record = TwoFactor.objects.select_for_update().filter(user=user, confirmed_at=None).first()
    if record is None:
        return None
    step = totp.matching_step(_secret(record), code, time.time())
    if step is None:
        return None
    record.confirmed_at, record.last_step = timezone.now(), step
    record.save(update_fields=["confirmed_at", "last_step"])
    return _new_codes(user)


@transaction.atomic
def verify(user: AbstractBaseUser, code: str) -> bool:
    """A code from the app (each accepted once) or an unused recovery code."""
    record = TwoFactor.objects.select_for_update().filter(
        user=user, confirmed_at__isnull=False).first()
    if record is None:
        return False
    step = totp.matching_step(_secret(record), code, time.time(), after=record.last_step)
    if step is not None:
        record.last_step = step
        record.save(update_fields=["last_step"])
        return True
    used = RecoveryCode.objects.filter(user=user, digest=_digest(code), used_at=None).update(
        used_at=timezone.now())
    return bool(used)


def recovery_left(user: AbstractBaseUser) -> int:
    return RecoveryCode.objects.filter(user=user, used_at=None).count()


@transaction.atomic
def new_recovery_codes(user: AbstractBaseUser) -> list[str]:
    return _new_codes(user)


@transaction.atomic
def switch_off(user: AbstractBaseUser, reason: str, *, keep: str = "") -> None:
    """2FA off (by its owner, or reset by an admin): every session but ``keep`` ends."""
    TwoFactor.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
    end_sessions(user, reason, keep=keep)
