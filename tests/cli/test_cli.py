"""The ``tayang`` command: check, list, show and simulate, as a person would run them."""

import subprocess
import sys
from pathlib import Path

import pytest

from tayang.cli import main
from tayang.sop.bundled import bundled_paths, bundled_sops

BROKEN = """\
tayang: 1
key: contoh
identity:
  organization: Dinas Contoh
  name: SOP Contoh
roles:
  - key: peliput
    name: Peliput
fields:
  - key: caption
    label: Caption
    kind: text
    max_length: dua ratus
steps:
  - key: serahkan
    activity: Menyerahkan bahan
    kind: handin
    roles: [penulis]
"""


def test_check_accepts_every_bundled_definition(capsys):
    assert main(["check", "--bundled"]) == 0
    output = capsys.readouterr().out
    assert output.count(": baik") == len(bundled_paths())


def test_check_refuses_a_broken_file_naming_file_line_and_field(tmp_path: Path, capsys):
    path = tmp_path / "rusak.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    assert main(["check", str(path)]) == 1
    output = capsys.readouterr().out
    assert f"{path}:13: fields[0].max_length:" in output
    assert f"{path}:18: steps[0].roles" in output
    assert "penulis" in output
    assert "1 dari 1 berkas ditolak" in output


def test_check_without_files_is_a_usage_error(capsys):
    assert main(["check"]) == 2
    assert "sebutkan berkas" in capsys.readouterr().err


def test_list_names_every_bundled_sop(capsys):
    assert main(["list"]) == 0
    output = capsys.readouterr().out
    for key in bundled_sops():
        assert key in output


@pytest.mark.parametrize("key", sorted(bundled_sops()))
def test_show_prints_every_step_executor_and_time(key, capsys):
    assert main(["show", key, "--width", "1200"]) == 0
    output = capsys.readouterr().out
    sop = bundled_sops()[key]
    flat = " ".join(output.split())
    for step in sop.steps:
        assert " ".join(step.activity.split())[:50] in flat
        if step.time:
            assert step.time.text in flat
    for role in sop.roles:
        assert role.name in flat
    for basis in sop.identity.legal_bases:
        assert basis in flat


@pytest.mark.parametrize("key", sorted(bundled_sops()))
def test_simulate_walks_every_bundled_sop_to_the_end(key, capsys):
    assert main(["simulate", key, "--start", "2026-11-24T08:00"]) == 0
    output = capsys.readouterr().out
    assert "Jalur: 1 →" in output
    assert "Selesai pada" in output or "Diarsipkan pada" in output


def test_simulate_shows_send_back_and_due_times_in_the_chosen_zone(capsys):
    key = "gunungkidul-dpmptsp-upload-konten"
    assert main(["simulate", key, "--start", "2026-11-24T22:30", "--timezone",
                 "Asia/Jayapura", "--send-back", "4", "--pace", "20"]) == 0
    output = capsys.readouterr().out
    assert "waktu WIT" in output
    assert "Jalur: 1 → 2 → 3 → 4 → 3 → 4 → 5" in output
    # Handed in at 22:50 WIT on the activity day: "Hari H" runs out at local midnight.
    assert "25-11 00:00" in output
    assert "TERLAMBAT" in output  # the later steps are acted on after midnight


def test_simulate_unknown_sop_is_a_usage_error(capsys):
    assert main(["simulate", "tidak-ada"]) == 2
    assert "bukan berkas maupun SOP bawaan" in capsys.readouterr().err


def test_simulate_bad_route_is_a_usage_error(capsys):
    assert main(["simulate", "gunungkidul-dpmptsp-upload-konten", "--route", "kategori"]) == 2
    assert "ISIAN=NILAI" in capsys.readouterr().err


def test_console_script_runs_without_django():
    code = (
        "import sys; from tayang.cli import main; rc = main(['check', '--bundled']);"
        "assert 'django' not in sys.modules, 'the CLI imported Django'; sys.exit(rc)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_show_prints_the_identity_agencies_print(capsys):
    example = Path(__file__).resolve().parents[1] / "sop" / "fixtures" / "full-example.yaml"
    assert main(["show", str(example), "--width", "1500"]) == 0
    output = capsys.readouterr().out
    for line in (
        "Diterbitkan oleh: Sekretariat Daerah Kabupaten Sukamaju",
        "Dibuat: 6 Januari 2025    Revisi: 1 Juli 2025 (revisi ke-1)    Efektif: 14 Juli 2025",
        "Disahkan oleh: Dra. SRI LESTARI, M.Si · Kepala Dinas Komunikasi dan Informatika "
        "Kabupaten Sukamaju · Pembina Utama Muda, IV/c · NIP. 19700101 200003 2 001",
        "Tujuan: Menjamin setiap berita kegiatan",
        "Ruang lingkup: Seluruh bidang Dinas",
    ):
        assert line in output, line
    flat = " ".join(output.split())
    assert "Bahasa Indonesia yang baik dan benar [tertulis di Keterangan]" in flat
    assert "Terima: dengan tanggapan tertulis" in flat


def test_show_prints_a_seeds_signer_with_rank_and_its_duties_written_in_keterangan(capsys):
    assert main(["show", "kalteng-disperindag-pengumuman-informasi", "--width", "1500"]) == 0
    flat = " ".join(capsys.readouterr().out.split())
    assert ("Disahkan oleh: LENI, S.Sos, M.AP · Kepala Dinas Perdagangan Dan Perindustrian "
            "Kalimantan Tengah · Pembina Utama Muda · NIP. 19670626 199003 2 009") in flat
    assert ("Wajib memperhatikan Aksesibilitas bagi Penyandang Disabilitas "
            "[cek: alt_text; tertulis di Keterangan]") in flat
