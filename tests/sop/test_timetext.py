"""Reading a time standard (*Waktu*) as the agencies write it, and describing it back."""

from __future__ import annotations

import re

import pytest

from tayang.sop.model import TimeAnchor, TimeKind, TimeStandard
from tayang.sop.timetext import describe, parse_time_standard


@pytest.mark.parametrize(
    ("written", "kind", "target", "limit"),
    [
        ("60 menit", TimeKind.MINUTES, 60, 60),
        ("30 Menit", TimeKind.MINUTES, 30, 30),
        ("1-3 jam", TimeKind.HOURS, 1, 3),
        ("1 - 3 Jam", TimeKind.HOURS, 1, 3),
        ("1–3 jam", TimeKind.HOURS, 1, 3),  # en dash, as word processors type it
        ("1 s.d. 3 jam", TimeKind.HOURS, 1, 3),
        ("2 sampai 4 hari", TimeKind.DAYS, 2, 4),
        ("2 jam", TimeKind.HOURS, 2, 2),
        ("1 hari", TimeKind.DAYS, 1, 1),
        ("  1   hari ", TimeKind.DAYS, 1, 1),
    ],
)
def test_durations_are_counted_from_the_step(written, kind, target, limit):
    standard = parse_time_standard(written)
    assert (standard.kind, standard.target, standard.limit) == (kind, target, limit)
    assert standard.anchor is TimeAnchor.STEP
    assert standard.text == written.strip()  # the agency's wording is kept for the document
    assert standard.is_range is (target != limit)


def test_a_duration_may_be_counted_from_the_handin():
    standard = parse_time_standard("60 menit", anchor=TimeAnchor.HANDIN)
    assert standard.anchor is TimeAnchor.HANDIN


def test_the_displayed_text_may_differ_from_the_standard():
    standard = parse_time_standard(
        "Hari H", text="Hari H setelah kegiatan berlangsung", anchor=TimeAnchor.ACTIVITY
    )
    assert standard.text == "Hari H setelah kegiatan berlangsung"


@pytest.mark.parametrize("written", ["Hari H", "hari h", "H", "H+0"])
@pytest.mark.parametrize("anchor", [TimeAnchor.ACTIVITY, TimeAnchor.HANDIN])
def test_hari_h_is_the_same_day_as_its_anchor(written, anchor):
    standard = parse_time_standard(written, anchor=anchor)
    assert (standard.kind, standard.target, standard.limit) == (TimeKind.SAME_DAY, 0, 0)
    assert standard.anchor is anchor


@pytest.mark.parametrize(("written", "days"), [("H+1", 1), ("h + 2", 2), ("H+10", 10)])
def test_h_plus_n_is_a_day_offset(written, days):
    standard = parse_time_standard(written, anchor=TimeAnchor.HANDIN)
    assert (standard.kind, standard.target, standard.limit) == (TimeKind.DAY_OFFSET, days, days)
    assert standard.anchor is TimeAnchor.HANDIN


@pytest.mark.parametrize("written", ["Hari H", "H+1"])
@pytest.mark.parametrize("anchor", [None, TimeAnchor.STEP])
def test_day_standards_must_say_what_they_count_from(written, anchor):
    # The seeds use both "Hari H setelah kegiatan" and "Hari H setelah pengumpulan".
    with pytest.raises(ValueError, match="harus menyebut dihitung dari mana") as caught:
        parse_time_standard(written, anchor=anchor)
    assert "from: activity" in str(caught.value)
    assert "from: handin" in str(caught.value)


@pytest.mark.parametrize("written", ["Tentatif", "tentatif", "TENTATIF", "tentative"])
def test_tentatif_has_no_limit(written):
    standard = parse_time_standard(written)
    assert standard.kind is TimeKind.TENTATIVE
    assert standard.is_tentative
    assert not standard.is_range


@pytest.mark.parametrize("written", ["sebentar", "", "segera", "H*1", "1,5 jem", "60 detik"])
def test_unknown_forms_are_refused_naming_the_expected_ones(written):
    with pytest.raises(ValueError) as caught:
        parse_time_standard(written)
    message = str(caught.value)
    assert f'waktu "{written}" tidak dikenali' in message
    for form in ('"N menit"', '"N jam"', '"N hari"', '"1-3 jam"', '"Hari H"', '"H+1"'):
        assert form in message
    assert '"Tentatif"' in message


def test_a_whole_sentence_is_pointed_to_the_text_key():
    with pytest.raises(ValueError, match="ditulis di «text:»"):
        parse_time_standard("Hari H setelah kegiatan berlangsung", anchor=TimeAnchor.ACTIVITY)


def test_a_reversed_range_is_refused_with_the_corrected_form():
    with pytest.raises(ValueError) as caught:
        parse_time_standard("3-1 jam")
    assert "terbalik" in str(caught.value)
    assert 'yang diharapkan: "1-3 jam"' in str(caught.value)


@pytest.mark.parametrize("written", ["0 jam", "0 menit", "0-0 jam", "0-2 hari"])
def test_zero_durations_and_ranges_are_refused(written):
    with pytest.raises(ValueError, match="harus lebih dari nol"):
        parse_time_standard(written)


@pytest.mark.parametrize(
    ("standard", "described"),
    [
        (parse_time_standard("60 menit"), "60 menit (sejak tahap dimulai)"),
        (parse_time_standard("1 - 3 Jam"), "1-3 jam (sejak tahap dimulai)"),
        (parse_time_standard("1 hari", anchor=TimeAnchor.HANDIN), "1 hari (sejak penyerahan)"),
        (
            parse_time_standard("Hari H", anchor=TimeAnchor.ACTIVITY),
            "Hari H (sejak kegiatan)",
        ),
        (parse_time_standard("H+1", anchor=TimeAnchor.HANDIN), "H+1 (sejak penyerahan)"),
        (parse_time_standard("Tentatif"), "Tentatif"),
    ],
)
def test_describe(standard: TimeStandard, described: str):
    assert describe(standard) == described


@pytest.mark.parametrize(
    ("written", "kind", "target", "limit"),
    [
        ("3 hari kerja", TimeKind.WORKDAYS, 3, 3),
        ("1-3 hari kerja", TimeKind.WORKDAYS, 1, 3),
        ("tiga hari kerja", TimeKind.WORKDAYS, 3, 3),
        ("1 x 24 jam", TimeKind.HOURS, 24, 24),
        ("2 X 24 Jam", TimeKind.HOURS, 48, 48),
        ("1 minggu", TimeKind.WEEKS, 1, 1),
        ("seminggu", TimeKind.WEEKS, 1, 1),
        ("2 pekan", TimeKind.WEEKS, 2, 2),
        ("1 bulan", TimeKind.MONTHS, 1, 1),
        ("enam bulan", TimeKind.MONTHS, 6, 6),
        ("1 jam 30 menit", TimeKind.MINUTES, 90, 90),
        ("1,5 jam", TimeKind.MINUTES, 90, 90),
        ("1.5 jam", TimeKind.MINUTES, 90, 90),
        ("setengah jam", TimeKind.MINUTES, 30, 30),
        ("satu setengah jam", TimeKind.MINUTES, 90, 90),
        ("1,5 hari", TimeKind.HOURS, 36, 36),
        ("1 (satu) hari", TimeKind.DAYS, 1, 1),
        ("3 (tiga) hari kerja", TimeKind.WORKDAYS, 3, 3),
        ("sehari", TimeKind.DAYS, 1, 1),
        ("dua belas jam", TimeKind.HOURS, 12, 12),
        ("tiga puluh menit", TimeKind.MINUTES, 30, 30),
        ("1 hingga 2 minggu", TimeKind.WEEKS, 1, 2),
    ],
)
def test_time_as_agencies_write_it(written, kind, target, limit):
    standard = parse_time_standard(written)
    assert (standard.kind, standard.target, standard.limit) == (kind, target, limit)
    assert standard.text == written  # printed as written


@pytest.mark.parametrize(("written", "days"), [("H-1", -1), ("h - 3", -3), ("H-dua", -2)])
def test_h_minus_n_is_before_the_activity(written, days):
    standard = parse_time_standard(written, anchor=TimeAnchor.ACTIVITY)
    assert (standard.kind, standard.target) == (TimeKind.DAY_OFFSET, days)
    assert describe(standard) == f"H-{-days} (sejak kegiatan)"
    with pytest.raises(ValueError, match="hanya dapat dihitung dari kegiatan"):
        parse_time_standard(written, anchor=TimeAnchor.HANDIN)


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("3 (dua) hari", "angka «3» dan tulisan «(dua)» berbeda"),
        ("1,5 bulan", "memakai pecahan bulan"),
        ("1,5 hari kerja", "memakai pecahan hari kerja"),
        ("0 menit", "harus lebih dari nol"),
        ("3 - 1 hari kerja", 'yang diharapkan: "1-3 hari kerja"'),
    ],
)
def test_wrong_times_say_what_is_expected(written, says):
    with pytest.raises(ValueError, match=re.escape(says)):
        parse_time_standard(written)
