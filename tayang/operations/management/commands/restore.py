"""``manage.py restore <file>``: an archive of ``manage.py backup`` into an empty installation.

Refused, with nothing changed, when the database already has accounts or the file storage has
files, when the archive is cut short, was made on another kind of database, or by a newer
release. Stop the web and worker processes first.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tayang.operations.backup.archive import BackupError
from tayang.operations.backup.service import restore


class Command(BaseCommand):
    help = "Pulihkan cadangan dari manage.py backup ke instalasi kosong."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="berkas cadangan (.tar atau .tar.gz)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary, warnings = restore(options["file"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Cadangan dipulihkan: basis data {summary.database}, {summary.files} berkas."
        )
        for warning in warnings:
            self.stderr.write(f"Perhatian: {warning}")
