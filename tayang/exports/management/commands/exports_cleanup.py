"""``manage.py exports_cleanup``: remove the files of background exports past their expiry.

Run it once a day (cron or a systemd timer); finished files are kept
``TAYANG_EXPORT_KEEP_DAYS`` days (7 by default). Safe to run at any time and as often as
wanted: a file still being made is never touched before its job expires.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tayang.exports.jobs import remove_expired


class Command(BaseCommand):
    help = "Hapus berkas unduhan latar belakang yang sudah melewati masa simpannya."

    def handle(self, *args: Any, **options: Any) -> None:
        removed = remove_expired()
        self.stdout.write(
            f"{removed['files']} berkas dihapus, {removed['rows']} catatan lama dihapus, "
            f"{removed['temporary']} berkas sementara dibersihkan."
        )
