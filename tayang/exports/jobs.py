"""Starting background exports, who sees them, and removing them when they expire.

Who sees a job: the person who asked for it, and the organization's admins (who are asked
"where is the file I made?" and should be able to look). Nobody outside the organization:
every lookup goes through :func:`visible_jobs` of the request's membership.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone

from tayang.exports.files import (
    ExportError,
    export_query,
    register_count,
    register_period,
)
from tayang.exports.models import ExportJob
from tayang.exports.tasks import TEMP_PREFIX, run_export
from tayang.items.models import Item
from tayang.numerals import thousands
from tayang.operations.storage import local_root
from tayang.orgs.models import Membership, Organization
from tayang.records.dossier import file_count

# Jobs of one person still waiting or running: enough for a register in three formats; more is
# a double click or a script, and would only make everyone else's exports wait.
ACTIVE_LIMIT = 3
# An expired job's row stays this long (its page says the file was removed), then goes.
KEEP_EXPIRED_ROWS = timedelta(days=30)
REGISTER_KINDS = {
    "pdf": ExportJob.Kind.REGISTER_PDF,
    "xlsx": ExportJob.Kind.REGISTER_XLSX,
    "csv": ExportJob.Kind.REGISTER_CSV,
}
ACTIVE = (ExportJob.State.QUEUED, ExportJob.State.RUNNING)


def visible_jobs(membership: Membership) -> QuerySet[ExportJob]:
    """The jobs this member may see: their own; an admin, all of the organization's."""
    jobs = ExportJob.objects.filter(organization=membership.organization)
    if not membership.is_admin:
        jobs = jobs.filter(requested_by=membership.user)
    return jobs.select_related("requested_by")


def start_register_export(organization: Organization, user: AbstractBaseUser,
                          query: QueryDict, fmt: str) -> ExportJob:
    """A job for the register with these filters (the page's own query string)."""
    kept = export_query(query)
    count = register_count(organization, kept)
    filters = any(kept.get(key) for key in ("q", "status", "sop", "unit"))  # beyond the period
    label = (f"Register ({fmt.upper()}) · {register_period(kept)}"
             f"{' · disaring' if filters else ''} · {thousands(count)} konten")
    return _start(organization, user, REGISTER_KINDS[fmt], {"query": kept.urlencode()},
                  label, total=count)


def start_dossier_export(organization: Organization, user: AbstractBaseUser,
                         item: Item) -> ExportJob:
    name = item.register_code or f"konten {item.pk}"
    label = f"Berkas lengkap {name} · {item.title or '(tanpa judul)'}"
    return _start(organization, user, ExportJob.Kind.DOSSIER, {"item": item.pk}, label,
                  total=file_count(item))


def _start(organization: Organization, user: AbstractBaseUser, kind: str,
           parameters: dict[str, object], label: str, *, total: int) -> ExportJob:
    """The same export already on its way is not started twice (a double click, a reload)."""
    mine = ExportJob.objects.filter(organization=organization, requested_by=user,
                                    state__in=ACTIVE)
    for job in mine.filter(kind=kind):
        if job.parameters == parameters:
            return job
    if mine.count() >= ACTIVE_LIMIT:
        raise ExportError(
            f"Anda masih punya {ACTIVE_LIMIT} unduhan yang sedang disiapkan. Tunggu sampai "
            "salah satunya selesai, lalu coba lagi."
        )
    now = timezone.now()
    job = ExportJob.objects.create(
        organization=organization, requested_by=user, kind=kind, parameters=parameters,
        label=label[:300], total=total, created_at=now, updated_at=now,
        expires_at=ExportJob.expiry(now),
    )
    # On commit: a worker must never look for a job that is not there yet.
    transaction.on_commit(partial(run_export.enqueue, job.pk))
    return job


def remove_expired(now: datetime | None = None) -> dict[str, int]:
    """Delete the files of jobs past ``expires_at`` and mark the jobs expired.

    A job still queued or running when it expires never found a worker (or lost it) and goes
    the same way. Rows expired for longer than :data:`KEEP_EXPIRED_ROWS` are deleted, and so
    are temporary files a stopped worker left behind (older than a day).
    """
    now = now or timezone.now()
    removed = 0
    for job in ExportJob.objects.filter(expires_at__lte=now).exclude(
        state=ExportJob.State.EXPIRED
    ):
        if job.file:
            job.file.delete(save=False)
            removed += 1
        ExportJob.objects.filter(pk=job.pk).update(
            state=ExportJob.State.EXPIRED, file="", updated_at=now
        )
    deleted, _ = ExportJob.objects.filter(
        state=ExportJob.State.EXPIRED, expires_at__lte=now - KEEP_EXPIRED_ROWS
    ).delete()
    return {"files": removed, "rows": deleted, "temporary": _remove_leftovers(now)}


def _remove_leftovers(now: datetime) -> int:
    folder = local_root(ExportJob._meta.get_field("file").storage)
    if folder is None:  # an object store writes a whole object or nothing: no leftovers
        return 0
    root = Path(folder) / "exports"
    if not root.is_dir():
        return 0
    cutoff = (now - timedelta(days=1)).timestamp()
    count = 0
    for path in root.glob(f"*/{TEMP_PREFIX}*"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            count += 1
    return count
