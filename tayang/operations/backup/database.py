"""The database half of a backup: one consistent snapshot, and putting it back.

* **SQLite** — SQLite's online backup API (``sqlite3.Connection.backup``) copies every page in
  one step under a read transaction: a consistent snapshot while the web and the worker go on
  writing (WAL). Restored with the same API into the installation's database file.
* **PostgreSQL** — ``pg_dump`` (custom format, compressed) rather than a dump of our own in a
  REPEATABLE READ transaction: ``pg_dump`` takes exactly such a snapshot itself, and also gets
  sequences, indexes and constraints right for every table, including those of other
  libraries' apps, and ``pg_restore`` loads it in one transaction (``--single-transaction``),
  so a failed restore leaves the database as it was. It needs Debian's ``postgresql-client``
  of the server's major version or newer: :func:`_pg_tool` says so when it is missing.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection

from tayang.operations.backup.archive import BackupError

SQLITE_FILE = "database/tayang.sqlite3"
POSTGRES_FILE = "database/tayang.pgdump"


def vendor() -> str:
    return connection.vendor  # "sqlite" or "postgresql"


def member_name() -> str:
    return SQLITE_FILE if vendor() == "sqlite" else POSTGRES_FILE


def prepare_target() -> None:
    """A SQLite installation's folder exists before its (empty) database is looked at."""
    if vendor() == "sqlite":
        Path(connection.settings_dict["NAME"]).parent.mkdir(parents=True, exist_ok=True)


def dump(target: Path) -> None:
    """Write the snapshot of the current database to ``target``."""
    if vendor() == "sqlite":
        source = sqlite3.connect(connection.settings_dict["NAME"], timeout=30)
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)  # every page in one step: one consistent snapshot
        finally:
            copy.close()
            source.close()
        return
    if vendor() != "postgresql":
        raise BackupError(f"Cadangan basis data {vendor()} belum didukung.")
    _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
          f"--file={target}"], "pg_dump")


def restore(source: Path) -> None:
    """Replace the (empty) current database by the snapshot in ``source``."""
    connection.close()
    if vendor() == "sqlite":
        name = connection.settings_dict["NAME"]
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        snapshot = sqlite3.connect(source)
        target = sqlite3.connect(name, timeout=30)
        try:
            snapshot.backup(target)
        finally:
            target.close()
            snapshot.close()
        return
    # --clean drops what ``migrate`` may already have made in the empty installation.
    _run([_pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--clean", "--if-exists",
          "--single-transaction", "--exit-on-error",
          f"--dbname={connection.settings_dict['NAME']}", str(source)], "pg_restore")


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"Program {name} tidak ditemukan. Pasang klien PostgreSQL (Debian: apt install "
            "postgresql-client) dengan versi yang sama atau lebih baru dari servernya."
        )
    tool = _major(subprocess.run([found, "--version"], capture_output=True, text=True,
                                 check=False).stdout)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        server = int(cursor.fetchone()[0]) // 10000
    if tool is not None and tool < server:
        raise BackupError(
            f"{name} versi {tool} lebih lama dari server PostgreSQL versi {server}; pasang "
            f"postgresql-client-{server} atau yang lebih baru."
        )
    return found


def _major(version_text: str) -> int | None:
    match = re.search(r"(\d+)(?:\.\d+)?", version_text)
    return int(match.group(1)) if match else None


def _run(command: list[str], label: str) -> None:
    settings = connection.settings_dict
    env = {**os.environ, "PGHOST": str(settings.get("HOST") or ""),
           "PGPORT": str(settings.get("PORT") or ""), "PGUSER": str(settings.get("USER") or ""),
           "PGPASSWORD": str(settings.get("PASSWORD") or ""), "PGDATABASE": settings["NAME"]}
    if sslmode := (settings.get("OPTIONS") or {}).get("sslmode"):
        env["PGSSLMODE"] = str(sslmode)
    for key in ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD"):
        if not env[key]:
            env.pop(key)
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{label} gagal: {done.stderr.strip()[-800:]}")
