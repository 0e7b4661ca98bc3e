"""``manage.py evaluation_rebuild [--organisasi SLUG]``: make the tallies of the dashboard and
the evaluation report again from the step visits, the history and the publications (after a
restore, or to check them)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tayang.evaluation.tallies import rebuild
from tayang.orgs.models import Organization


class Command(BaseCommand):
    help = ("Menyusun ulang rekap langkah SOP, kegiatan, penayangan dan keterlambatan (dasbor "
            "dan laporan evaluasi) dari kunjungan langkah, riwayat, dan penayangan.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisasi", default="",
                            help="slug organisasi; tanpa ini semua organisasi")

    def handle(self, *args: Any, **options: Any) -> None:
        organization = None
        if options["organisasi"]:
            found = Organization.objects.filter(slug=options["organisasi"]).first()
            if found is None:
                raise CommandError(f"Organisasi “{options['organisasi']}” tidak ditemukan.")
            organization = found.pk
        started = time.perf_counter()
        counted = rebuild(organization)
        self.stdout.write(f"Rekap langkah disusun ulang dari {counted:,} kunjungan langkah "
                          f"dalam {time.perf_counter() - started:.1f} detik."
                          .replace(",", "."))
