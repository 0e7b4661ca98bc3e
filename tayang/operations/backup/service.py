"""Writing a backup archive and restoring one into an empty installation."""

from __future__ import annotations

import os
import tarfile
import tempfile
from collections import defaultdict
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, models
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from tayang.operations.backup import database
from tayang.operations.backup.archive import (
    END,
    FILES_DIR,
    MANIFEST,
    BackupError,
    Manifest,
    add_json,
    add_stream,
    open_for_writing,
    read_json,
)
from tayang.operations.backup.files import is_empty, restore_files, write_files


@dataclass(frozen=True)
class Summary:
    database: str
    files: int
    bytes: int


def backup(path: str) -> Summary:
    """Write the archive to ``path``: whole, or not at all (a temporary name until done)."""
    target = Path(path)
    if target.exists():
        raise BackupError(f"{path} sudah ada; pilih nama berkas lain.")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.sebagian-{os.getpid()}")
    try:
        with tempfile.TemporaryDirectory(prefix="tayang-cadangan-") as work:
            snapshot = Path(work) / "database"
            database.dump(snapshot)  # first: the files are copied after the snapshot
            manifest = Manifest(
                database=database.vendor(), database_file=database.member_name(),
                migrations=_applied_migrations(), created_at=timezone.now().isoformat(),
            )
            with open_for_writing(str(partial)) as archive:
                add_json(archive, MANIFEST, manifest.as_json())
                with snapshot.open("rb") as handle:
                    add_stream(archive, manifest.database_file, handle, snapshot.stat().st_size)
                files, size = write_files(archive, default_storage)
                add_json(archive, END, {"files": files, "bytes": size})
        partial.replace(target)
    finally:
        with suppress(FileNotFoundError):
            partial.unlink()
    return Summary(manifest.database, files, size)


def restore(path: str) -> tuple[Summary, list[str]]:
    """Restore the archive into this (empty) installation: (summary, warnings)."""
    try:
        archive = tarfile.open(path, "r:*")  # noqa: SIM115  (closed by the with below)
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{path} tidak dapat dibuka sebagai berkas cadangan Tayang.") from error
    with archive:
        manifest, end, database_member, file_members = _read_index(archive, path)
        _check_compatible(manifest)
        database.prepare_target()
        _check_empty()
        saved: list[str] = []
        try:
            saved = restore_files(archive, file_members, default_storage)
            with tempfile.TemporaryDirectory(prefix="tayang-pulih-") as work:
                snapshot = Path(work) / "database"
                source = archive.extractfile(database_member)
                if source is None:
                    raise BackupError("Basis data di dalam cadangan tidak dapat dibaca.")
                with snapshot.open("wb") as out:
                    while chunk := source.read(1024 * 1024):
                        out.write(chunk)
                database.restore(snapshot)
        except BaseException:
            for name in saved:  # nothing half-restored: the installation stays empty
                with suppress(Exception):
                    default_storage.delete(name)
            raise
    # An older backup is brought up to this release; newer ones were refused above.
    call_command("migrate", interactive=False, verbosity=0)
    warnings = _after_restore({member.name.removeprefix(FILES_DIR) for member in file_members})
    return Summary(manifest.database, end["files"], end["bytes"]), warnings


def _read_index(archive: tarfile.TarFile, path: str) -> tuple[
    Manifest, dict, tarfile.TarInfo, list[tarfile.TarInfo]
]:
    try:
        members = archive.getmembers()  # reads the archive through: a cut-short one fails
    except (OSError, EOFError, tarfile.TarError) as error:
        raise BackupError(f"{path} rusak atau terpotong.") from error
    by_name = {member.name: member for member in members}
    if MANIFEST not in by_name:
        raise BackupError(f"{path} bukan berkas cadangan Tayang ({MANIFEST} tidak ada).")
    if END not in by_name:
        raise BackupError(f"{path} tidak lengkap: penulisan cadangan terhenti sebelum selesai.")
    manifest = Manifest.from_json(read_json(archive, by_name[MANIFEST]))
    end = read_json(archive, by_name[END])
    files = [m for m in members if m.name.startswith(FILES_DIR) and m.isfile()]
    if manifest.database_file not in by_name or len(files) != end["files"]:
        raise BackupError(f"{path} tidak lengkap: isinya tidak sesuai dengan catatannya.")
    return manifest, end, by_name[manifest.database_file], files


def _check_compatible(manifest: Manifest) -> None:
    if manifest.database != database.vendor():
        raise BackupError(
            f"Cadangan ini berisi basis data {manifest.database}, sedangkan instalasi ini "
            f"memakai {database.vendor()}. Pulihkan ke instalasi dengan jenis basis data yang "
            "sama."
        )
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = [f"{app}.{name}" for app, names in manifest.migrations.items()
               for name in names if (app, name) not in known]
    if unknown:
        raise BackupError(
            "Cadangan ini dibuat oleh versi Tayang yang lebih baru (migrasi tidak dikenal: "
            f"{', '.join(unknown[:5])}). Pasang versi itu atau yang lebih baru, lalu pulihkan."
        )


def _check_empty() -> None:
    tables = set(connection.introspection.table_names())
    user_model = get_user_model()
    if user_model._meta.db_table in tables and user_model.objects.exists():
        raise BackupError(
            "Basis data tujuan sudah berisi data (ada akun pengguna). Pemulihan hanya ke "
            "instalasi kosong: basis data baru (boleh sudah dimigrasi, tanpa data demo) dan "
            "penyimpanan berkas kosong."
        )
    if not is_empty(default_storage):
        raise BackupError(
            "Penyimpanan berkas tujuan tidak kosong. Pemulihan hanya ke instalasi kosong."
        )


def _applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = defaultdict(list)
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied[app].append(name)
    return dict(applied)


def _after_restore(restored: set[str]) -> list[str]:
    """What the operator must know: files referred to but absent, unreadable credentials.

    Exports were not in the archive: finished ones are marked removed (their page says so),
    one being made when the backup was taken is marked stopped.
    """
    from tayang.channels.crypto import UnreadableSecrets
    from tayang.channels.models import Channel
    from tayang.exports.models import ExportJob
    from tayang.exports.tasks import STOPPED

    now = timezone.now()
    ExportJob.objects.filter(state=ExportJob.State.DONE).update(
        state=ExportJob.State.EXPIRED, file="", updated_at=now)
    ExportJob.objects.filter(state=ExportJob.State.RUNNING).update(
        state=ExportJob.State.FAILED, error=STOPPED, finished_at=now, updated_at=now)
    warnings = []
    missing = [name for name in _referenced_files() if name not in restored]
    if missing:
        warnings.append(f"{len(missing)} berkas yang dirujuk basis data tidak ada di cadangan, "
                        f"misalnya {missing[0]}.")
    unreadable = 0
    for channel in Channel.objects.exclude(sealed_secrets=""):
        try:
            channel.secrets()
        except UnreadableSecrets:
            unreadable += 1
    if unreadable:
        warnings.append(
            f"Kredensial {unreadable} kanal tidak dapat dibuka: pasang TAYANG_SECRET_KEY dan "
            "TAYANG_CHANNEL_KEY yang sama dengan instalasi asal, lalu jalankan ulang, atau "
            "simpan ulang kredensialnya di Kelola → Kanal publikasi."
        )
    return warnings


def _referenced_files() -> list[str]:
    """Every file name any model's file field refers to (exports excepted)."""
    names = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField) and model._meta.label != "exports.ExportJob":
                names += [name for name in model.objects.exclude(**{field.name: ""})
                          .values_list(field.name, flat=True).iterator() if name]
    return names
