"""``manage.py publish_sweep``: one round of the publishing sweep (cron or by hand)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tayang.channels.sweep import sweep


class Command(BaseCommand):
    help = "Mengantrekan penayangan yang jatuh tempo atau terputus, sekali jalan."

    def handle(self, *args: Any, **options: Any) -> None:
        found = sweep()
        self.stdout.write(
            f"Terputus dipulihkan: {found['interrupted']}; diantrekan: {found['enqueued']}; "
            f"penarikan: {found['withdrawals']}"
        )
