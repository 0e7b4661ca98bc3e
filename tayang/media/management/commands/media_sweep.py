"""``manage.py media_sweep``: remove what interrupted uploads left (see tayang.media.sweep).

The worker runs the same sweep every ten minutes; this command is for a server without a
worker, or to run it at once.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tayang.media.sweep import sweep_uploads


class Command(BaseCommand):
    help = "Menghapus berkas unggahan sementara dan berkas tanpa data yang ditinggalkan unggahan " \
           "yang terputus."

    def handle(self, *args: Any, **options: Any) -> None:
        found = sweep_uploads()
        self.stdout.write(
            f"{found['temporary']} berkas sementara dan {found['pending']} berkas tanpa data "
            "dihapus."
        )
