"""The archive's layout: names, the opening manifest and the closing summary."""

from __future__ import annotations

import io
import json
import tarfile
import time
from dataclasses import dataclass, field
from typing import IO, Any

FORMAT = 1
MANIFEST = "tayang-backup.json"
END = "tayang-backup-end.json"
DATABASE_DIR = "database/"
FILES_DIR = "files/"
# Made again on request: background exports, and the typeset PDFs kept by tayang/web/stored_pdf.
EXCLUDED = ("exports/", "typeset/")


class BackupError(Exception):
    """Why a backup or a restore cannot be done, in Bahasa Indonesia, for the operator."""


@dataclass
class Manifest:
    database: str  # "sqlite" or "postgresql"
    database_file: str  # name of the database member
    migrations: dict[str, list[str]]
    created_at: str
    excluded: list[str] = field(default_factory=lambda: list(EXCLUDED))
    format: int = FORMAT

    def as_json(self) -> dict[str, Any]:
        return {"format": self.format, "database": self.database,
                "database_file": self.database_file, "migrations": self.migrations,
                "created_at": self.created_at, "excluded": self.excluded}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        if data.get("format") != FORMAT:
            raise BackupError(
                f"Format cadangan {data.get('format')!r} tidak dikenal versi Tayang ini "
                f"(dikenal: {FORMAT})."
            )
        return cls(database=data["database"], database_file=data["database_file"],
                   migrations=data["migrations"], created_at=data["created_at"],
                   excluded=data.get("excluded", []), format=data["format"])


def add_json(archive: tarfile.TarFile, name: str, data: dict[str, Any]) -> None:
    body = json.dumps(data, indent=2, ensure_ascii=False).encode()
    add_stream(archive, name, io.BytesIO(body), len(body))


def add_stream(archive: tarfile.TarFile, name: str, stream: IO[bytes], size: int) -> None:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(time.time())
    info.mode = 0o640
    archive.addfile(info, stream)


def read_json(archive: tarfile.TarFile, member: tarfile.TarInfo) -> dict[str, Any]:
    handle = archive.extractfile(member)
    if handle is None:
        raise BackupError(f"{member.name} di dalam cadangan tidak dapat dibaca.")
    return json.loads(handle.read())


def open_for_writing(path: str) -> tarfile.TarFile:
    return tarfile.open(path, "w:gz" if path.endswith((".gz", ".tgz")) else "w")
