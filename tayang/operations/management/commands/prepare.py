"""``manage.py prepare``: everything ``make run`` does before serving, in one process.

Migrate, collect the static files when they changed, create or complete the demo data in demo
mode (printing the accounts), add to the public index what is missing, and remove expired
exports. One process instead of five: each Django start costs a second or two on a busy
machine, and ``make run`` on an existing database must answer within seconds.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from tayang.operations import collected


class Command(BaseCommand):
    help = "Siapkan instalasi sebelum server berjalan (migrasi, berkas statis, demo, indeks)."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0, skip_checks=True)
        if not settings.DEBUG and not collected.up_to_date():
            self.stdout.write("Menyiapkan berkas statis (sekali setelah ada perubahan)…")
            call_command("collectstatic", interactive=False, verbosity=0, skip_checks=True)
            collected.record()
        if settings.DEMO_MODE:
            call_command("demo", stdout=self.stdout, skip_checks=True)
        # Items published before the public website existed (an older var/ database).
        call_command("public_reindex", missing=True, stdout=self.stdout, skip_checks=True)
        # Background exports past their keeping time (docs/records.md) are removed.
        from tayang.exports.jobs import remove_expired

        remove_expired()
