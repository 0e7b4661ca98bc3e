"""An organization's accepted words, and the stored spelling findings of each item's text."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tayang.items.models import Item
from tayang.orgs.models import Organization

MAX_WORD = 60


class AcceptedWord(models.Model):
    """A word the organization writes on purpose (a place, a person, a programme: *Palangka*,
    *Tjilik Riwut*, *Betang*): never flagged by the spelling check, in any of its items.
    Compared case-insensitively (``key``)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="accepted_words")
    word = models.CharField(_("kata"), max_length=MAX_WORD)
    key = models.CharField(max_length=MAX_WORD)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                 null=True, blank=True, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kata diterima")
        verbose_name_plural = _("kata diterima")
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "key"], name="accepted_word_once")
        ]

    def __str__(self) -> str:
        return self.word


class SpellingCheck(models.Model):
    """The spelling findings of an item's checked text (title, caption, narrative).

    An outbox row (:mod:`tayang.outbox.rows`): requested in the transaction that saved or
    handed in a changed text (``source_hash`` and ``revision`` say which), checked by the
    worker and stored here for every reader (the form's live check shows the same, unstored):
    the author at hand-in and each reviewer see the same findings. ``findings`` is
    ``{field key: [{"word", "start", "end", "suggestions"}]}`` for the text of ``revision``.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Menunggu")
        WORKING = "working", _("Sedang diperiksa")
        RETRYING = "retrying", _("Menunggu (dicoba lagi)")
        READY = "ready", _("Selesai")
        FAILED = "failed", _("Gagal")
        UNAVAILABLE = "unavailable", _("Tidak tersedia")

    item = models.OneToOneField(Item, on_delete=models.CASCADE, related_name="spelling")
    state = models.CharField(max_length=12, choices=State.choices, default=State.QUEUED)
    revision = models.PositiveIntegerField(default=0)
    source_hash = models.CharField(max_length=64)
    checked_hash = models.CharField(max_length=64, blank=True)  # the text ``findings`` are of
    findings = models.JSONField(default=dict, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    lease_until = models.DateTimeField(null=True, blank=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=80)
    journal = models.JSONField(default=dict, blank=True)
    error = models.TextField(_("sebab"), blank=True)
    error_detail = models.TextField(blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pemeriksaan ejaan")
        verbose_name_plural = _("pemeriksaan ejaan")
        indexes = [models.Index(fields=["state", "due_at"], name="spelling_due_idx")]

    def __str__(self) -> str:
        return f"Ejaan — {self.item_id} r{self.revision}"

    @property
    def is_waiting(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.WORKING, self.State.RETRYING)
