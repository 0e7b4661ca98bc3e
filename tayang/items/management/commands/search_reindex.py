"""``manage.py search_reindex``: rebuild the register's full-text index (after a restore)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tayang.items import fulltext
from tayang.items.search import INDEX, rebuild
from tayang.orgs.models import Organization


class Command(BaseCommand):
    help = "Bangun ulang indeks pencarian register."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", help="kode organisasi (bawaan: semua)")

    def handle(self, *args: Any, **options: Any) -> None:
        organization_id = None
        if options["org"]:
            organization_id = Organization.objects.get(slug=options["org"]).pk
        else:
            fulltext.clear(INDEX)
        done = rebuild(organization_id)
        self.stdout.write(f"{done} konten diindeks.")
