"""The WebVTT parser of uploaded captions: valid files accepted and written again clean,
invalid and oversized ones refused with an Indonesian message (issue 14, point 4)."""

from __future__ import annotations

import itertools

import pytest

from tayang.media.captions import (
    MAX_BYTES,
    MAX_CUES,
    CaptionError,
    Cue,
    from_transcript,
    parse,
    to_vtt,
    transcript_of,
)

VALID = (
    "\ufeffWEBVTT - takarir pengumuman\r\n"
    "Kind: captions\r\n"
    "\r\n"
    "STYLE\r\n"
    "::cue { color: yellow }\r\n"
    "\r\n"
    "NOTE dibuat oleh Humas\r\n"
    "\r\n"
    "1\r\n"
    "00:00:01.000 --> 00:00:04.500 line:90% align:center\r\n"
    "<v Kepala Dinas>Selamat pagi, warga Palangka Raya.\r\n"
    "\r\n"
    "00:05.000 --> 00:08.250\r\n"
    "Pasar murah digelar\r\n"
    "pada 6 Desember 2026.\r\n"
    "\r\n"
    "NOTE catatan di tengah boleh\r\n"
    "\r\n"
    "01:00:00.000 --> 01:00:02.000\r\n"
    "<i>Musik</i>\r\n"
).encode()


def test_a_valid_file_gives_its_cues_and_is_written_again_without_styles_or_settings():
    cues = parse(VALID)
    assert cues == [
        Cue(1.0, 4.5, "<v Kepala Dinas>Selamat pagi, warga Palangka Raya."),
        Cue(5.0, 8.25, "Pasar murah digelar\npada 6 Desember 2026."),
        Cue(3600.0, 3602.0, "<i>Musik</i>"),
    ]
    written = to_vtt(cues)
    assert written.startswith("WEBVTT\n\n00:00:01.000 --> 00:00:04.500\n<v Kepala Dinas>")
    assert "STYLE" not in written and "line:90%" not in written
    assert parse(written.encode()) == cues
    assert transcript_of(written) == ["Selamat pagi, warga Palangka Raya.",
                                      "Pasar murah digelar pada 6 Desember 2026.", "Musik"]


@pytest.mark.parametrize(("data", "message"), [
    (b"", "baris pertama harus «WEBVTT»"),
    (b"1\n00:00:01.000 --> 00:00:02.000\nHalo\n", "baris pertama harus «WEBVTT»"),
    (b"WEBVTTX\n\n00:00:01.000 --> 00:00:02.000\nHalo\n", "baris pertama harus «WEBVTT»"),
    (b"WEBVTT\n", "tidak berisi satu pun takarir"),
    (b"WEBVTT\n00:00:01.000 --> 00:00:02.000\nHalo\n", "Baris kosong diperlukan"),
    (b"WEBVTT\n\n00:00:01,000 --> 00:00:02,000\nHalo\n", "Baris 3: waktu takarir tidak dapat"),
    (b"WEBVTT\n\n00:00:03.000 --> 00:00:02.000\nHalo\n", "waktu selesai harus sesudah"),
    (b"WEBVTT\n\n00:61:00.000 --> 00:62:00.000\nHalo\n", "tidak dapat dibaca"),
    (b"WEBVTT\n\nid saja\nHalo\n", "waktu takarir tidak ada"),
    (b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA\n00:00:03.000 --> 00:00:04.000\nB\n",
     "baris kosong diperlukan di antara"),
    (b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA\n\nSTYLE\n::cue {}\n", "hanya boleh sebelum"),
    ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHalo\n".encode("utf-16"), "UTF-8"),
    (b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n\xff\xfe\n", "UTF-8"),
    (b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA\x00\n", "NUL"),
    (b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n" + b"a" * 2000 + b"\n", "terlalu panjang"),
])
def test_an_invalid_file_is_refused_with_the_reason(data: bytes, message: str):
    with pytest.raises(CaptionError) as refused:
        parse(data)
    assert message in str(refused.value)


def test_an_oversized_file_is_refused_before_it_is_read():
    with pytest.raises(CaptionError, match="terlalu besar"):
        parse(b"WEBVTT\n\n" + b" " * MAX_BYTES)


def test_too_many_cues_are_refused():
    cue = b"00:00:01.000 --> 00:00:02.000\nx\n\n"
    with pytest.raises(CaptionError, match="Terlalu banyak takarir"):
        parse(b"WEBVTT\n\n" + cue * (MAX_CUES + 1))


def test_a_transcript_becomes_timed_sentence_cues_that_parse_again():
    transcript = ("Selamat pagi. Pasar murah digelar pada 6 Desember 2026 di halaman kantor "
                  "Dinas Perdagangan dan Perindustrian Provinsi Kalimantan Tengah, mulai pukul "
                  "09.00 WIB sampai selesai. Terima kasih!")
    cues = from_transcript(transcript)
    assert cues[0] == Cue(0.0, 1.5, "Selamat pagi.")
    assert cues[-1].text == "Terima kasih!"
    assert all(len(cue.text) <= 84 for cue in cues) and len(cues) == 4
    assert all(a.end == b.start for a, b in itertools.pairwise(cues))
    assert " ".join(cue.text for cue in cues) == transcript
    assert parse(to_vtt(cues).encode()) == cues
    with pytest.raises(CaptionError, match="kosong"):
        from_transcript("   \n ")
