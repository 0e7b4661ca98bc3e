"""``manage.py public_reindex``: rebuild the public sites' articles from the publications.

For an upgrade (items published before the public site existed); ``--full`` after renaming a
procedure (its name is the category of items without a choice field). Idempotent and
incremental: only missing or stale articles are built, one transaction per organization;
missing media derivatives are enqueued as tasks.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tayang.orgs.models import Organization
from tayang.public.reindex import reindex


class Command(BaseCommand):
    help = "Bangun ulang berita situs publik dari penayangan yang tercatat."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", help="kode organisasi (bawaan: semua)")
        parser.add_argument("--full", action="store_true",
                            help="bangun ulang semua berita, bukan hanya yang belum sesuai "
                                 "(mis. setelah nama SOP diubah)")

    def handle(self, *args: Any, **options: Any) -> None:
        organization_id = None
        if options["org"]:
            organization_id = Organization.objects.get(slug=options["org"]).pk
        shown, hidden = reindex(organization_id, full=options["full"])
        self.stdout.write(f"{shown} berita tayang, {hidden} disembunyikan.")
