"""``manage.py analyze_database``: fresh statistics for the query planner (e.g. nightly)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tayang.items.planner import analyze


class Command(BaseCommand):
    help = "Perbarui statistik basis data agar perencana kueri memakai indeks yang tepat."

    def handle(self, *args: Any, **options: Any) -> None:
        analyze()
        self.stdout.write("Statistik basis data diperbarui.")
