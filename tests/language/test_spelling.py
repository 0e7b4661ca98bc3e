"""Spelling against Debian's Indonesian dictionary (hunspell-id), read by chunspell (issue 14,
point 6): misspelt words of a known text are found with proposals, a correct text has none,
an organization's accepted words are never flagged, and a missing dictionary says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from tayang.language.spelling import DEFAULT_DICTIONARY, DictionaryMissing, dictionary, misspellings

pytestmark = pytest.mark.skipif(
    not Path(f"{DEFAULT_DICTIONARY}.dic").is_file(),
    reason="hunspell-id tidak terpasang (scripts/setup.sh memasangnya)",
)

MISSPELT = (
    "Pemerintah kabupatn akan melaksanakn pasar murah di halamn kantor. Warga dianjurkn "
    "membawa kartu tanda pendudk dan datang tepat wakttu."
)
CORRECT = (
    "Pemerintah kabupaten akan melaksanakan pasar murah di halaman kantor pada hari Senin, "
    "6 Desember 2026 pukul 09.00 WIB. Warga dianjurkan membawa kartu tanda penduduk (KTP) dan "
    "datang tepat waktu. Anak-anak dan warga se-Indonesia boleh hadir. Informasi lebih lanjut "
    "di https://disperindag.example.go.id/berita atau ppid@example.go.id, Jl. Merdeka No. 5."
)


def test_misspelt_words_are_found_with_their_place_and_proposals():
    found = misspellings(MISSPELT, dictionary())
    assert [f.word for f in found] == ["kabupatn", "melaksanakn", "halamn", "dianjurkn",
                                       "pendudk", "wakttu"]
    for finding in found:
        assert MISSPELT[finding.start:finding.end] == finding.word
    proposals = {f.word: f.suggestions for f in found}
    assert "kabupaten" in proposals["kabupatn"]
    assert "melaksanakan" in proposals["melaksanakn"]
    assert "halaman" in proposals["halamn"]
    assert "penduduk" in proposals["pendudk"]
    assert "waktu" in proposals["wakttu"]


def test_a_correct_text_has_no_finding():
    assert misspellings(CORRECT, dictionary()) == []


def test_accepted_words_are_never_flagged_whatever_their_case():
    text = "Pasar murah di Palangka Raya, Jalan Tjilik Riwut, program Betang Sejahtera."
    flagged = {f.word for f in misspellings(text, dictionary(), suggest=False)}
    assert {"Palangka", "Tjilik", "Riwut"} <= flagged
    accepted = ["palangka", "TJILIK", "Riwut", "Betang"]
    assert misspellings(text, dictionary(), accepted) == []


def test_a_repeated_word_is_reported_at_each_place_and_looked_up_once():
    found = misspellings("halamn depan, halamn belakang", dictionary())
    assert [(f.start, f.suggestions[:1]) for f in found] == [(0, ("halaman",)),
                                                             (14, ("halaman",))]


def test_a_missing_dictionary_is_said_not_raised_as_anything_else(tmp_path):
    with pytest.raises(DictionaryMissing):
        dictionary(str(tmp_path / "xx_XX"))
