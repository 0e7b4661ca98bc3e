"""``manage.py demo``: demo organizations for every bundled SOP, with one account per role."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tayang.demo.organizations import DEMO_PASSWORD, build


class Command(BaseCommand):
    help = "Buat organisasi demo untuk setiap SOP bawaan (hanya dalam mode demo)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError(
                "Data demo hanya dapat dibuat dalam mode demo (TAYANG_DEMO=1), "
                "tidak pernah di lingkungan produksi."
            )
        summary = build()
        # The demo's history was made by the actions, which leave the evaluation's tallies to
        # the worker's sweep: added here at once, so the demo database has no backlog.
        from tayang.evaluation.sweep import sweep

        sweep(rounds=10_000)
        self.stdout.write(f"Akun demo (kata sandi semua akun: {DEMO_PASSWORD}):")
        for organization, accounts in summary:
            self.stdout.write(f"  {organization}")
            for username, purpose in accounts:
                self.stdout.write(f"    {username:<34} {purpose}")
