"""The worker's half of a background export, through Django's Tasks interface.

``run_export`` takes the job's id, not the job: the job may have expired, or been made by
another worker, before this one picks the task up. It claims the job by moving it from
*queued* to *running* in one conditional UPDATE, so running the task twice (a retry, a
second worker) makes the file once and the second run does nothing at all.

The file is written to a temporary file beside its final place and then renamed into it:
a reader never sees half a file, and a failure leaves no file behind, only the job marked
*failed* with a message the person can act on.
"""

from __future__ import annotations

import logging
import os
import tempfile
from contextlib import suppress
from pathlib import Path

from django.core.files import File
from django.core.files.base import ContentFile
from django.db.models import F
from django.http import QueryDict
from django.tasks import task
from django.utils import timezone

from tayang.exports.files import ExportError, Made, dossier_file, register_file
from tayang.exports.models import ExportJob
from tayang.exports.progress import ProgressWriter
from tayang.items.models import Item
from tayang.media.errors import StorageFailed
from tayang.records.typesetting import RecordError

logger = logging.getLogger(__name__)

TEMP_PREFIX = ".sementara-"
REGISTER_FORMAT = {
    ExportJob.Kind.REGISTER_PDF: "pdf",
    ExportJob.Kind.REGISTER_XLSX: "xlsx",
    ExportJob.Kind.REGISTER_CSV: "csv",
}

SERVER_ERROR = (
    "Berkas tidak dapat disiapkan karena terjadi kesalahan di server. Silakan coba lagi; "
    "bila tetap gagal, hubungi pengelola Tayang."
)
PDF_ERROR = (
    "Dokumen PDF tidak dapat disusun. Silakan coba lagi; bila tetap gagal, hubungi pengelola "
    "Tayang."
)
MISSING_FILE = (
    "Salah satu berkas unggahan konten ini tidak ditemukan di penyimpanan server, sehingga "
    "berkas lengkapnya tidak dapat disiapkan. Hubungi pengelola Tayang."
)
STORAGE_ERROR = (
    "Berkas tidak dapat disimpan di server (penyimpanan penuh atau tidak dapat ditulisi). "
    "Hubungi pengelola Tayang."
)
STOPPED = "Penyiapan terhenti karena server dihentikan. Silakan mulai unduhan ini lagi."


@task()
def run_export(job_id: int) -> dict[str, object]:
    """Make the job's file, reporting progress; mark it done, or failed with a message."""
    started = timezone.now()
    claimed = ExportJob.objects.filter(pk=job_id, state=ExportJob.State.QUEUED).update(
        state=ExportJob.State.RUNNING, started_at=started, updated_at=started
    )
    if not claimed:  # done, failed, expired, taken by another worker, or gone
        state = ExportJob.objects.filter(pk=job_id).values_list("state", flat=True).first()
        return {"job": job_id, "state": state, "built": False}
    job = ExportJob.objects.select_related("organization").get(pk=job_id)
    stored = ""
    try:
        with timezone.override(job.organization.zone):
            made = make(job, ProgressWriter(job.pk))
        try:
            stored = store(job, made)
        except Exception as error:  # whatever the storage raises, the person reads one message
            raise StorageFailed() from error
        finished = timezone.now()
        marked = ExportJob.objects.filter(pk=job.pk, state=ExportJob.State.RUNNING).update(
            state=ExportJob.State.DONE, file=stored, filename=made.filename,
            content_type=made.content_type, size=len(made.data), done=F("total"), error="",
            finished_at=finished, updated_at=finished, expires_at=ExportJob.expiry(finished),
        )
        if not marked:  # expired by the clean-up while it was being made: keep nothing
            job.file.storage.delete(stored)
            return {"job": job_id, "state": "expired", "built": False}
    except BaseException as error:
        if stored:
            job.file.storage.delete(stored)
        _fail(job, error)
        if not isinstance(error, Exception):
            raise  # the worker is being stopped: let it stop
        return {"job": job_id, "state": ExportJob.State.FAILED, "built": False}
    return {"job": job_id, "state": ExportJob.State.DONE, "built": True, "bytes": len(made.data)}


def make(job: ExportJob, progress: ProgressWriter) -> Made:
    """The job's file, from the rows as they are now."""
    now = timezone.now()
    if job.kind == ExportJob.Kind.DOSSIER:
        item = (
            Item.objects.select_related("organization", "procedure", "procedure_version", "unit")
            .filter(pk=job.parameters.get("item"), organization=job.organization).first()
        )
        if item is None:
            raise ExportError("Konten ini tidak ditemukan lagi.")
        return dossier_file(item, now=now, progress=progress)
    query = QueryDict(job.parameters.get("query", ""))
    return register_file(job.organization, query, REGISTER_FORMAT[job.kind], now=now,
                         progress=progress)


class _Written(File):
    """A finished temporary file: the file storage moves it into place instead of copying."""

    def __init__(self, path: str) -> None:
        super().__init__(open(path, "rb"), name=os.path.basename(path))  # noqa: SIM115
        self.path = path

    def temporary_file_path(self) -> str:
        return self.path


def store(job: ExportJob, made: Made) -> str:
    """Save the bytes under the job's name, whole or not at all; the stored name."""
    storage = job.file.storage
    name = job.file.field.generate_filename(job, made.filename)
    try:
        folder = Path(storage.path(name)).parent
    except NotImplementedError:  # an object store writes a whole object or nothing
        return storage.save(name, ContentFile(made.data))
    folder.mkdir(parents=True, exist_ok=True)
    temporary = ""
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=TEMP_PREFIX, delete=False) as out:
            temporary = out.name
            out.write(made.data)
            out.flush()
            os.fsync(out.fileno())
        written = _Written(temporary)
        try:
            return storage.save(name, written)  # a rename on the same file system
        finally:
            written.close()
    finally:
        if temporary:  # still there only if the rename did not happen
            with suppress(FileNotFoundError):
                os.unlink(temporary)


def message_for(error: BaseException) -> str:
    """What the job page says: never the exception's own (English, technical) text."""
    if isinstance(error, ExportError):
        return str(error)
    if isinstance(error, RecordError):
        return PDF_ERROR
    if isinstance(error, FileNotFoundError):
        return MISSING_FILE
    if isinstance(error, OSError | StorageFailed):
        return STORAGE_ERROR
    if not isinstance(error, Exception):
        return STOPPED
    return SERVER_ERROR


def _fail(job: ExportJob, error: BaseException) -> None:
    if isinstance(error, ExportError):
        logger.warning("Ekspor %s gagal: %s", job.pk, error)
    else:
        logger.exception("Ekspor %s gagal", job.pk, exc_info=error)
    finished = timezone.now()
    ExportJob.objects.filter(pk=job.pk, state=ExportJob.State.RUNNING).update(
        state=ExportJob.State.FAILED, error=message_for(error), finished_at=finished,
        updated_at=finished, expires_at=ExportJob.expiry(finished),
    )
