"""An export made in the background: who asked for what, how far it has got, and its file.

The parameters are what the request said (the register's filters as the query string the
screen had, or the item's id), so the worker makes exactly the file the person asked for
from the rows as they are when it runs. The file lives under ``MEDIA_ROOT/exports/<org id>/``,
which is never served by a general URL: only the job's own download view hands it out.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tayang.orgs.models import Organization


def _export_path(job: ExportJob, filename: str) -> str:
    # One folder per organization, the job's id in front so two exports of the same register
    # never share a name; the person's download name is kept in its own column.
    return f"exports/{job.organization_id}/{job.pk}-{filename}"


class ExportJob(models.Model):
    class Kind(models.TextChoices):
        REGISTER_PDF = "register_pdf", _("Register (PDF)")
        REGISTER_XLSX = "register_xlsx", _("Register (XLSX)")
        REGISTER_CSV = "register_csv", _("Register (CSV)")
        DOSSIER = "dossier", _("Berkas lengkap konten (ZIP)")

    class State(models.TextChoices):
        QUEUED = "queued", _("Menunggu giliran")
        RUNNING = "running", _("Sedang disiapkan")
        DONE = "done", _("Siap diunduh")
        FAILED = "failed", _("Gagal")
        EXPIRED = "expired", _("Sudah dihapus")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="export_jobs"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs",
        verbose_name=_("diminta oleh"),
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    # Register: {"query": "<the register's query string>"}; dossier: {"item": <id>}.
    parameters = models.JSONField(_("parameter"), default=dict, blank=True)
    label = models.CharField(_("keterangan"), max_length=300)
    state = models.CharField(
        _("status"), max_length=10, choices=State.choices, default=State.QUEUED
    )
    done = models.PositiveIntegerField(_("sudah dikerjakan"), default=0)
    total = models.PositiveIntegerField(_("jumlah"), default=0)
    file = models.FileField(upload_to=_export_path, max_length=300, blank=True)
    filename = models.CharField(_("nama berkas"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("ukuran"), default=0)
    error = models.TextField(_("pesan kesalahan"), blank=True)
    created_at = models.DateTimeField(_("diminta"), default=timezone.now)
    started_at = models.DateTimeField(_("mulai dikerjakan"), null=True, blank=True)
    updated_at = models.DateTimeField(_("kabar terakhir"), default=timezone.now)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    expires_at = models.DateTimeField(_("dihapus setelah"))

    class Meta:
        verbose_name = _("ekspor")
        verbose_name_plural = _("ekspor")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["organization", "requested_by", "-created_at"],
                         name="export_job_mine"),
            models.Index(fields=["expires_at"], name="export_job_expiry"),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_state_display()})"  # type: ignore[attr-defined]

    @staticmethod
    def expiry(now: datetime) -> datetime:
        """When a job asked for at ``now`` (or finished then) has its file removed."""
        return now + timedelta(days=settings.TAYANG_EXPORT_KEEP_DAYS)

    @property
    def is_active(self) -> bool:
        """Still to be made: the job page keeps asking for news."""
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def is_register(self) -> bool:
        return self.kind != self.Kind.DOSSIER

    @property
    def unit_label(self) -> str:
        """What "n dari m" counts: the register's items, or the dossier's files."""
        return "konten" if self.is_register else "berkas"

    @property
    def format_label(self) -> str:
        return {self.Kind.REGISTER_PDF: "PDF", self.Kind.REGISTER_XLSX: "XLSX",
                self.Kind.REGISTER_CSV: "CSV"}.get(self.kind, "ZIP")  # type: ignore[call-overload]

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def assembling(self) -> bool:
        """Every row or file is in and the document itself is being put together (the PDF's
        typesetting, the ZIP), which has no count of its own."""
        return self.state == self.State.RUNNING and self.total > 0 and self.done >= self.total
