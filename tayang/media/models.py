"""Uploaded files: photos, videos and documents handed in as documentation of an activity.

A stored file never changes and is never deleted while an item's history refers to it; which
files are part of the content, in which order and with which alt text, is said by the item's
values (``[{"id": 12, "alt": "..."}]``), so that each revision records it exactly.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tayang.orgs.models import Organization


def _upload_path(asset: MediaAsset, filename: str) -> str:
    # The original name is kept in a column; the stored name is the content hash, so a file
    # name chosen by the uploader never reaches the filesystem.
    return f"org/{asset.organization_id}/{asset.sha256[:2]}/{asset.sha256}.{asset.extension}"


def _derivative_path(asset: MediaAsset, filename: str) -> str:
    return f"org/{asset.organization_id}/derivatives/{filename}"


def _web_path(derivative: Derivative, filename: str) -> str:
    # Named by the start of the original's content hash (``storing.NAMED_DIGITS``), its kind
    # and width; a name already taken (the same photo handed in twice) is made unique by the
    # storage, so each asset's sizes are its own files.
    return f"org/{derivative.asset.organization_id}/web/{filename}"


class MediaAsset(models.Model):
    class Kind(models.TextChoices):
        PHOTO = "photo", _("Foto")
        VIDEO = "video", _("Video")
        AUDIO = "audio", _("Audio")
        DOCUMENT = "document", _("Dokumen")

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(
        "items.Item", on_delete=models.PROTECT, null=True, blank=True, related_name="assets"
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    file = models.FileField(upload_to=_upload_path, max_length=300)
    original_name = models.CharField(_("nama berkas asli"), max_length=255)
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    duration_seconds = models.FloatField(null=True, blank=True)
    thumbnail = models.ImageField(upload_to=_derivative_path, max_length=300, blank=True)
    # No index (migration 0004): no query reads files by who uploaded them.
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("berkas dokumentasi")
        verbose_name_plural = _("berkas dokumentasi")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class Derivative(models.Model):
    """A file made from an asset for the public website: a resized photo or a video's poster.

    Made in the background once the asset's item is published (``tayang.public.tasks``), never
    on upload: most handed-in files are never published. Rows are only added, and a missing
    derivative is never an error: the website then shows the original.
    """

    class Kind(models.TextChoices):
        RESIZED = "resized", _("Foto diperkecil")
        POSTER = "poster", _("Bingkai poster video")

    # No index of its own: ``derivative_unique`` leads with the asset (migration 0004).
    asset = models.ForeignKey(MediaAsset, on_delete=models.CASCADE, related_name="derivatives",
                              db_index=False)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    file = models.FileField(upload_to=_web_path, max_length=300)
    content_type = models.CharField(max_length=100, default="image/jpeg")
    size = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("turunan berkas")
        verbose_name_plural = _("turunan berkas")
        ordering = ["asset", "kind", "width"]
        constraints = [
            models.UniqueConstraint(
                fields=["asset", "kind", "width"], name="derivative_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.asset} ({self.kind} {self.width}px)"


class PendingFile(models.Model):
    """A file being written to storage whose row is not committed yet.

    Written (and committed) before the file, deleted in the transaction that commits the row
    referring to it (:mod:`tayang.media.storing`). One still here after an hour is the trace of
    a process killed mid-way: the sweep (``manage.py media_sweep``, run by the worker) deletes
    its file unless a row refers to it, then the record.
    """

    name = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("berkas sedang disimpan")
        verbose_name_plural = _("berkas sedang disimpan")

    def __str__(self) -> str:
        return self.name
