"""What the web processes can see of the workers: a heartbeat row per running worker.

A row, not a cache key: the embedded installation's cache is each process's own memory, and a
worker on another machine must be visible to every web process through what they all share.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """One running ``manage.py worker``, renewed by its sweep thread every round."""

    name = models.CharField(_("pekerja"), max_length=200, unique=True)  # host:pid
    host = models.CharField(_("mesin"), max_length=150)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField(_("mulai"))
    seen_at = models.DateTimeField(_("kabar terakhir"))

    class Meta:
        verbose_name = _("detak pekerja")
        verbose_name_plural = _("detak pekerja")
        indexes = [models.Index(fields=["seen_at"], name="heartbeat_seen_idx")]

    def __str__(self) -> str:
        return self.name
