"""What the SOP document prints in its cells, and which arrows it must draw, from a definition."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import date

from tayang.sop.bundled import bundled_sops
from tayang.sop.document.content import (
    identity_text,
    indonesian_date,
    notes_text,
    requirement_texts,
    row_text,
)
from tayang.sop.document.metrics import line_count, wrap
from tayang.sop.document.transitions import TransitionKind, transitions

A = "gunungkidul-dpmptsp-upload-konten"
C = "dinsos-diy-media-informasi"


def test_machine_only_requirements_are_not_printed_twice():
    """Seed A's definition adds "Caption Kegiatan" (checked: filled) beside the signed
    "Caption Kegiatan dengan maksimal 200 karakter"; the document prints the signed three."""
    step = bundled_sops()[A].steps[0]
    assert len(step.requirements) == 4
    assert requirement_texts(step) == (
        "Dokumentasi minimal 5",
        "Narasi Berita",
        "Caption Kegiatan dengan maksimal 200 karakter",
    )


def test_a_condition_worded_like_the_notes_is_printed_once():
    sop = bundled_sops()[C]
    assert notes_text(sop.step("filter_kepala_dinas")) == (
        "Informasi yang berupa data penting atau kebijakan harus melalui Kepala Dinas",
    )
    assert row_text(sop.step("tampilkan")).notes == ()


def test_dates_in_indonesian_and_blanks_as_a_dash():
    assert indonesian_date(date(2024, 1, 3)) == "3 Januari 2024"
    assert indonesian_date(date(2026, 12, 31)) == "31 Desember 2026"
    assert indonesian_date(None) == "-"
    identity = identity_text(bundled_sops()[C].identity)
    assert (identity.number, identity.made_on, identity.revised_on) == (
        "000.8.3.3/102", "3 Januari 2024", "-"
    )
    bantul = identity_text(bundled_sops()["bantul-disnakertrans-website-medsos"].identity)
    assert bantul.approver_nip == "NIP. 197503251996032003"


def test_transitions_of_seed_c_with_the_way_around_the_kepala_dinas():
    found = {(t.kind, t.source, t.target, t.label) for t in transitions(bundled_sops()[C])}
    assert (TransitionKind.SKIP, "filter_pimpinan_unit", "tampilkan",
            "Kegiatan biasa rutin") in found
    assert (TransitionKind.NEXT, "filter_pimpinan_unit", "filter_kepala_dinas", "Ya") in found
    assert (TransitionKind.REJECT, "filter_kepala_dinas", "sunting", "Tidak") in found
    assert (TransitionKind.NEXT, "sunting", "filter_pimpinan_unit", "") in found


def test_wrapping_follows_the_font():
    text = "Menerima hasil Dokumentasi Kegiatan dan konten berita dari Tim Pelaksana"
    assert line_count(text, 1000, 8) == 1
    lines = wrap(text, 100, 8)
    assert " ".join(lines) == text and len(lines) > 2
    assert line_count("", 100, 8) == 0
    assert wrap("Pertimbangan", 20, 8)[0] != "Pertimbangan"  # a word too long is cut


def test_the_document_is_made_without_django():
    """Layout and renderers are plain Python: the command line uses them with no settings."""
    code = textwrap.dedent(
        """
        import sys
        from tayang.sop.bundled import bundled_sops
        from tayang.sop.document import html, layout, pdf, svg
        sop = bundled_sops()["dinsos-diy-media-informasi"]
        html.render_standalone(sop)
        pdf.render_pdf(sop)
        print(",".join(sorted(m for m in sys.modules if m.split(".")[0] == "django")))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_keterangan_says_who_hears_of_a_late_step_and_where_duties_are_relaxed():
    from tayang.sop import load_text

    sop = load_text("""
tayang: 1
key: eskalasi
identity: {organization: Dinas Contoh, name: Publikasi}
roles:
  - {key: staf, name: Staf}
  - {key: sekretaris, name: Sekretaris Dinas}
fields:
  - {key: judul, label: Judul, kind: text, title: true}
steps:
  - {key: serahkan, activity: Menyerahkan, kind: handin, roles: [staf]}
  - {key: tayangkan, activity: Menayangkan, kind: publish, roles: [staf], time: 2 jam,
     notes: Diunggah ke situs web, escalate_to: [sekretaris], escalate_again: 1 hari,
     allow_same_person: true}
""")
    assert row_text(sop.step("tayangkan"), sop).notes == (
        "Diunggah ke situs web",
        "Bila melewati batas waktu, dilaporkan kepada Sekretaris Dinas, diulang 1 hari kemudian.",
        "Boleh dikerjakan oleh orang yang sama dengan penyerah atau pemberi persetujuan "
        "sebelumnya.",
    )


def test_the_rules_tayang_adds_are_printed_beside_the_hand_in_not_in_the_agencys_list():
    from tayang.sop.bundled import bundled_sop

    sop = bundled_sop("gunungkidul-dpmptsp-upload-konten")
    text = row_text(sop.first_step, sop)
    assert not any("Aturan Tayang" in line for line in text.requirements)
    assert text.notes[-1] == (
        "Aturan Tayang: teks alternatif tiap foto; judul kegiatan paling banyak 200 karakter"
    )
    assert all("Aturan Tayang" not in note for s in sop.steps[1:]
               for note in row_text(s, sop).notes)
