"""What Tayang keeps about signing in: locks, second factors, sessions.

Counters of failed attempts live in Django's cache (:mod:`.lockout`); a lock of an existing
account is also written here, so that every process sees it and an admin can list and lift
it. Nothing here holds a password; TOTP secrets are sealed (:mod:`tayang.channels.crypto`)
and recovery codes are stored as SHA-256 digests.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SignInLock(models.Model):
    """An account locked after too many failed sign-ins, until ``until`` or an admin lifts it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="sign_in_lock")
    until = models.DateTimeField(_("terkunci sampai"))
    failures = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kunci masuk")
        verbose_name_plural = _("kunci masuk")

    def __str__(self) -> str:
        return f"{self.user} sampai {self.until:%Y-%m-%d %H:%M}"

    @property
    def active(self) -> bool:
        return self.until > timezone.now()


class TwoFactor(models.Model):
    """A person's authenticator app (TOTP, RFC 6238), once confirmed with a first code."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="two_factor")
    sealed_secret = models.TextField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The last time step accepted: a code is never accepted twice (RFC 6238 §5.2).
    last_step = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("verifikasi dua langkah")
        verbose_name_plural = _("verifikasi dua langkah")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


class RecoveryCode(models.Model):
    """A one-time code for signing in without the phone; stored as its SHA-256 digest."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="recovery_codes")
    digest = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kode pemulihan")
        verbose_name_plural = _("kode pemulihan")


class SignedInSession(models.Model):
    """One signed-in browser: listed on the profile page, ended from there or by a reset.

    ``token`` is a random value kept in the session's own data (it survives the session key
    changing at sign-in or password change); the middleware ends any session whose row is
    gone or ended, idle too long or too old. ``session_key`` is the Django session's key, kept
    current when the key cycles, so that one statement reads the session with this row, the
    person and their membership (:mod:`tayang.accounts.signed_in`); it is a shortcut only:
    the row is always matched by ``token`` too, and found the slower way when the key is stale.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="signed_in_sessions")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    address = models.CharField(max_length=64, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_reason = models.CharField(max_length=100, blank=True)
    session_key = models.CharField(max_length=40, null=True, blank=True)

    class Meta:
        verbose_name = _("sesi masuk")
        verbose_name_plural = _("sesi masuk")
        ordering = ["-last_seen_at"]
        indexes = [
            # The signed-in prefix's one statement joins the session's row to this one by it.
            models.Index(fields=["session_key"], name="signedin_by_session_key"),
        ]
