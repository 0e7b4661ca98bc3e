"""``manage.py public_reindex``: rebuild the public sites' articles from the publications.

For an upgrade (items published before the public site existed) and after renaming a
procedure (its name is the category of items without a choice field). Idempotent; missing
media derivatives are enqueued as tasks. ``--missing`` only syncs what is missing or stale
(``tayang.public.repair``): what ``scripts/run.sh`` runs at every start.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tayang.orgs.models import Organization
from tayang.public.index import reindex
from tayang.public.repair import reindex_missing


class Command(BaseCommand):
    help = "Bangun ulang berita situs publik dari penayangan yang tercatat."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", help="kode organisasi (bawaan: semua)")
        parser.add_argument("--missing", action="store_true",
                            help="hanya yang belum atau tidak lagi terindeks (cepat)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["missing"]:
            shown, hidden = reindex_missing()
            if shown or hidden or options["verbosity"] > 1:
                self.stdout.write(f"{shown} berita ditambahkan, {hidden} disembunyikan.")
            return
        organization_id = None
        if options["org"]:
            organization_id = Organization.objects.get(slug=options["org"]).pk
        shown, hidden = reindex(organization_id)
        self.stdout.write(f"{shown} berita tayang, {hidden} disembunyikan.")
