"""``tayang show`` and ``tayang simulate`` with outside parties (tests/sop/fixtures/parties/)."""

from __future__ import annotations

from pathlib import Path

from tayang.cli import main

PARTIES = Path(__file__).parents[1] / "sop" / "fixtures" / "parties"
COURT = str(PARTIES / "pn-kembali-kepaniteraan.yaml")
POLICE = str(PARTIES / "polres-verifikasi-satker.yaml")


def test_show_lists_the_parties_and_the_send_back_by_route(capsys):
    assert main(["show", COURT, "--width", "1500"]) == 0
    out = capsys.readouterr().out
    assert ("Pihak luar (menjawab melalui tautan e-mail, tanpa akun): Kepaniteraan Perdata; "
            "Kepaniteraan Pidana") in out
    assert "Kembalikan bila jenis_perkara = Perdata: kembali ke perbaiki_perdata" in out
    assert "Kembalikan bila jenis_perkara = Pidana: kembali ke perbaiki_pidana" in out
    assert "hanya dicapai bila dikembalikan" in out
    assert "lanjut: perbaiki_perdata" not in out  # the hand-in leads past the return steps
    assert "lanjut: periksa" in out


def test_simulate_sends_back_to_the_clerks_office_of_the_route(capsys):
    assert main(["simulate", COURT, "--start", "2026-11-24T08:00", "--route",
                 "jenis_perkara=pidana", "--send-back", "periksa", "--width", "1500"]) == 0
    out = capsys.readouterr().out
    assert "Jalur: 1 → 4 → 3 → 4 → 5" in out
    assert "Kepaniteraan Pidana" in out


def test_simulate_walks_the_police_through_the_partys_answer(capsys):
    assert main(["simulate", POLICE, "--start", "2026-11-24T08:00", "--send-back",
                 "verifikasi", "--width", "1500"]) == 0
    out = capsys.readouterr().out
    assert "Jalur: 1 → 2 → 1 → 2 → 3 → 4" in out
    assert "Satuan kerja pengolah informasi" in out
