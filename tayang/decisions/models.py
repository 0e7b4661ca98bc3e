"""A person's decision PIN, and the decision links sent to them.

Neither a PIN nor a link's token is ever stored: the PIN as a hash made by Django's password
hashers, the token as the SHA-256 of its random part (see :mod:`tayang.decisions.tokens`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tayang.items.models import Item


class DecisionPin(models.Model):
    """The short PIN a person types on a link page, and how many wrong ones were typed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="decision_pin"
    )
    pin_hash = models.CharField(max_length=256)
    set_at = models.DateTimeField(_("diatur"))
    # Wrong PINs in a row; the fifth locks every link of the person until an admin unlocks.
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    locked_at = models.DateTimeField(_("dikunci"), null=True, blank=True)
    unlocked_at = models.DateTimeField(null=True, blank=True)
    unlocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("PIN keputusan")
        verbose_name_plural = _("PIN keputusan")

    def __str__(self) -> str:
        return f"PIN {self.user}"

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


class DecisionLink(models.Model):
    """A link that lets one person decide one item at one step, once, at one version."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="decision_links"
    )
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="decision_links")
    step = models.CharField(max_length=80)
    item_version = models.PositiveIntegerField()
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("dikirim"))
    expires_at = models.DateTimeField(_("berlaku sampai"))
    used_at = models.DateTimeField(_("dipakai"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("tautan keputusan")
        verbose_name_plural = _("tautan keputusan")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # A person's open links (their PIN page), and an item's (the admin's list).
            models.Index(fields=["user", "used_at", "revoked_at", "expires_at"],
                         name="decision_link_open_idx"),
        ]

    def __str__(self) -> str:
        return f"Tautan #{self.pk} ({self.user}, konten {self.item_id}, {self.step})"

    @property
    def is_closed(self) -> bool:
        return self.used_at is not None or self.revoked_at is not None
