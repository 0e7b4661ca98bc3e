"""One accessible format of one item: the outbox row that makes it and the file it made."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tayang.items.models import Item


class Format(models.TextChoices):
    AUDIO = "audio", _("Audio")
    BRAILLE = "braille", _("Braille")
    LARGE_PRINT = "large_print", _("Cetak besar")


# What each format is stored as: extension and content type.
FILE_TYPES = {
    Format.AUDIO: ("opus", "audio/ogg; codecs=opus"),
    Format.BRAILLE: ("brf", "application/x-brf"),
    Format.LARGE_PRINT: ("pdf", "application/pdf"),
}
# How the public page's addresses name them.
SLUGS = {Format.AUDIO: "audio", Format.BRAILLE: "braille", Format.LARGE_PRINT: "cetak-besar"}


class AccessibleFormat(models.Model):
    """An item's audio, Braille or large print, made in the background from its text.

    An outbox row (:mod:`tayang.outbox.rows`): requested in the transaction that hands the
    item in or changes its text (``source_hash`` says from which text), claimed by a worker
    under a lease, retried with back-off. A format whose program is not installed ends
    *unavailable*, one that keeps failing *failed*; neither ever fails the publication.
    The file of the previous text stays until the new one is made.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Menunggu")
        WORKING = "working", _("Sedang dibuat")
        RETRYING = "retrying", _("Menunggu (dicoba lagi)")
        READY = "ready", _("Siap")
        FAILED = "failed", _("Gagal")
        UNAVAILABLE = "unavailable", _("Tidak tersedia")

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="accessible_formats")
    format = models.CharField(_("format"), max_length=12, choices=Format.choices)
    state = models.CharField(max_length=12, choices=State.choices, default=State.QUEUED)
    source_hash = models.CharField(max_length=64)
    due_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    lease_until = models.DateTimeField(null=True, blank=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=80)
    journal = models.JSONField(default=dict, blank=True)
    error = models.TextField(_("sebab"), blank=True)
    error_detail = models.TextField(blank=True)
    file = models.FileField(max_length=300, blank=True)
    file_hash = models.CharField(max_length=64, blank=True)  # the text the file was made from
    size = models.PositiveIntegerField(null=True, blank=True)
    duration = models.FloatField(_("durasi (detik)"), null=True, blank=True)
    made_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("format aksesibel")
        verbose_name_plural = _("format aksesibel")
        ordering = ["item", "format"]
        constraints = [
            models.UniqueConstraint(fields=["item", "format"], name="accessible_format_once")
        ]
        indexes = [models.Index(fields=["state", "due_at"], name="accessible_due_idx")]

    def __str__(self) -> str:
        return f"{self.get_format_display()} — {self.item_id}"

    @property
    def is_waiting(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.WORKING, self.State.RETRYING)

    @property
    def shown_state(self) -> str:
        """The state in the item page's four words: menunggu, siap, gagal, tidak tersedia."""
        return "menunggu" if self.is_waiting else self.get_state_display().lower()
