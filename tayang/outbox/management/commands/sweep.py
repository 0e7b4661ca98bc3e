"""``manage.py sweep``: one round of every registered sweep (cron, or by hand)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tayang.outbox import sweeps


class Command(BaseCommand):
    help = "Menjalankan setiap penyapuan berkala (penayangan, pemberitahuan) sekali."

    def handle(self, *args: Any, **options: Any) -> None:
        for name, counts in sweeps.run_all().items():
            described = ", ".join(f"{key}: {value}" for key, value in counts.items()) or "-"
            self.stdout.write(f"{name}: {described}")
