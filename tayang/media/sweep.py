"""Removing what interrupted uploads left: temporary files and files without a row.

A process killed mid-upload (``kill -9``, a crash, a lost server) cannot clean up after itself:

* Django's temporary upload files stay in ``FILE_UPLOAD_TEMP_DIR``; those older than
  ``TAYANG_UPLOAD_TEMP_MAX_AGE_HOURS`` (no upload takes that long) are deleted — at start-up
  (:func:`sweep_temporary_files`, from the app's ``ready``) and by the worker;
* a file written to storage whose row was never committed keeps its
  :class:`~tayang.media.models.PendingFile` record; after :data:`PENDING_GRACE` the file is
  deleted (unless a row refers to it) and the record with it.

The worker runs :func:`sweep_uploads` every :data:`INTERVAL` (``manage.py worker``); it can also
be run by hand or from cron as ``manage.py media_sweep``. Both parts are safe to run from any
number of processes at once.
"""

from __future__ import annotations

import logging
import os
import time
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from tayang.media.models import PendingFile
from tayang.media.storing import remove

log = logging.getLogger(__name__)

PENDING_GRACE = timedelta(hours=1)
INTERVAL = 600.0  # seconds between two sweeps of one worker
_last_sweep = 0.0


def sweep_uploads(now: datetime | None = None) -> dict[str, int]:
    """Both sweeps; returns how many temporary files and pending files were removed."""
    return {"temporary": sweep_temporary_files(), "pending": sweep_pending_files(now)}


def sweep_uploads_when_due() -> dict[str, int]:
    """:func:`sweep_uploads` at most every :data:`INTERVAL` in this process."""
    global _last_sweep
    if time.monotonic() - _last_sweep < INTERVAL and _last_sweep:
        return {}
    _last_sweep = time.monotonic()
    return sweep_uploads()


def ensure_temporary_folder() -> None:
    """Create the folder uploads stream to (Django's check refuses a missing one)."""
    Path(settings.FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)


def sweep_temporary_files(max_age_hours: float | None = None) -> int:
    folder = Path(settings.FILE_UPLOAD_TEMP_DIR)
    hours = settings.TAYANG_UPLOAD_TEMP_MAX_AGE_HOURS if max_age_hours is None else max_age_hours
    oldest = time.time() - hours * 3600
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return 0
    for entry in entries:
        try:
            if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < oldest:
                os.unlink(entry.path)
                removed += 1
        except FileNotFoundError:  # another process swept it first
            continue
    if removed:
        log.info("%d berkas unggahan sementara yang tertinggal dihapus dari %s", removed, folder)
    return removed


def sweep_pending_files(now: datetime | None = None) -> int:
    cutoff = (now or timezone.now()) - PENDING_GRACE
    removed = 0
    for record in PendingFile.objects.filter(created_at__lt=cutoff).order_by("pk")[:1000]:
        # A file a committed row refers to is kept; its record goes all the same.
        if remove(record.name) and PendingFile.objects.filter(pk=record.pk).delete()[0]:
            removed += 1
    return removed
