"""``manage.py search_reindex``: rebuild the register's full-text index (after a restore)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tayang.items.search import rebuild


class Command(BaseCommand):
    help = "Bangun ulang indeks pencarian register."

    def handle(self, *args: Any, **options: Any) -> None:
        done = rebuild()
        self.stdout.write(f"{done} konten diindeks.")
