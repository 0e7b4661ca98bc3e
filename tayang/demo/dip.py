"""A demo Daftar Informasi Publik for each demo organization, fixed by a demo decree."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from tayang.dip.models import Classification, Decree, Entry
from tayang.orgs.models import Organization

_ENTRIES = (
    ("DIP-2026-001", "Profil badan publik, struktur organisasi dan tugas pokok fungsi",
     Classification.PERIODIC, "1 tahun"),
    ("DIP-2026-002", "Laporan keuangan dan realisasi anggaran tahun berjalan",
     Classification.PERIODIC, "5 tahun"),
    ("DIP-2026-003", "Informasi harga bahan pokok dan ketersediaan stok di pasar",
     Classification.IMMEDIATE, "1 tahun"),
    ("DIP-2026-004", "Daftar peraturan, keputusan dan kebijakan yang berlaku",
     Classification.ANYTIME, "Selama berlaku"),
    ("DIP-2026-005", "Dokumen lelang yang masih dalam proses evaluasi",
     Classification.EXEMPT, "5 tahun"),
)


def build_dip(organization: Organization) -> None:
    """Idempotent: entries are matched by number."""
    today = timezone.localdate()
    decree, _ = Decree.objects.get_or_create(
        organization=organization, number=f"188.4/{organization.pk:03d}/KPTS/2026",
        defaults={"issued_on": date(today.year, 1, 5),
                  "title": "Penetapan Daftar Informasi Publik"},
    )
    for index, (number, summary, classification, retention) in enumerate(_ENTRIES):
        # The second periodic entry is left seven months old, so the PPID sees the flag.
        updated = today - timedelta(days=210) if index == 1 else today - timedelta(days=10)
        Entry.objects.get_or_create(
            organization=organization, number=number,
            defaults={
                "decree": decree, "summary": summary, "holder": "Sekretariat",
                "responsible": "PPID Pelaksana", "made_when": str(today.year),
                "made_where": organization.short_name or organization.name,
                "softcopy": True, "hardcopy": index % 2 == 0, "retention": retention,
                "classification": classification, "updated_on": updated,
            },
        )
