"""``manage.py public_reindex``: bring the public sites' articles in step with the publications.

For an upgrade (items published before the public site existed) and repairs; ``--full`` after
renaming a procedure (its name is the category of items without a choice field). Idempotent
and incremental (:mod:`tayang.public.reindex`): only missing or stale articles are built, one
transaction per organization; missing media derivatives are enqueued as tasks. ``--missing``
(what ``make run`` runs at every start) is the same incremental pass, silent when nothing was
out of step, that leaves article bodies rendered by an earlier version to the pages (each is
rendered afresh at its first visit and stored); without it they are all rendered again.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tayang.orgs.models import Organization
from tayang.public.reindex import reindex


class Command(BaseCommand):
    help = "Selaraskan berita situs publik dengan penayangan yang tercatat."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", help="kode organisasi (bawaan: semua)")
        parser.add_argument("--full", action="store_true",
                            help="bangun ulang semua berita, bukan hanya yang belum sesuai "
                                 "(mis. setelah nama SOP diubah)")
        parser.add_argument("--missing", action="store_true",
                            help="hanya yang belum atau tidak lagi terindeks; diam bila sudah "
                                 "sesuai (dipakai saat mulai)")

    def handle(self, *args: Any, **options: Any) -> None:
        organization_id = None
        if options["org"]:
            organization_id = Organization.objects.get(slug=options["org"]).pk
        # At start, stale article bodies are left to the pages (tayang.public.body).
        shown, hidden = reindex(organization_id, full=options["full"],
                                bodies=not options["missing"])
        if shown or hidden or not options["missing"] or options["verbosity"] > 1:
            self.stdout.write(f"{shown} berita tayang, {hidden} disembunyikan.")
