"""``manage.py backup <file>``: the database and every stored file in one archive.

See :mod:`tayang.operations.backup` for what is in it and why it is consistent; a name ending
in ``.gz`` compresses it. Safe while Tayang runs.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tayang.operations.backup.archive import BackupError
from tayang.operations.backup.service import backup


class Command(BaseCommand):
    help = "Tulis cadangan lengkap (basis data dan semua berkas) ke satu berkas arsip."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="berkas cadangan yang ditulis (.tar atau .tar.gz)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup(options["file"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Cadangan tertulis: {options['file']} (basis data {summary.database}, "
            f"{summary.files} berkas, {summary.bytes / 1024 / 1024:.1f} MB berkas). Unduhan "
            "latar belakang (exports/) tidak disertakan."
        )
