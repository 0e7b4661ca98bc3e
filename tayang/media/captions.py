"""Captions of a video (and the transcript of an audio file) as WebVTT: a bounded parser of
what people upload, and a simple file made from a typed transcript (issue 14, point 4).

The parser reads the subset of WebVTT a caption editor writes: the ``WEBVTT`` header line,
then blocks separated by blank lines — ``NOTE`` comments, ``STYLE`` and ``REGION`` blocks
(before the first cue, kept out of what is stored), and cues: an optional identifier, a
timing line ``[hh:]mm:ss.ttt --> [hh:]mm:ss.ttt [settings]`` and the cue's text. The size,
the number of cues and each line's length are bounded before anything is collected; anything
else is refused with the line it stopped at, in Indonesian. What is stored is not the upload
but the file written again from the cues (:func:`to_vtt`): timings and text only, no styles,
regions or settings from outside. Pure Python, no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_BYTES = 256 * 1024  # a two-hour film's captions are ≈150 kB
MAX_CUES = 5_000
MAX_LINE = 1_000  # characters of one line
MAX_CUE_TEXT = 500  # characters of one cue's text
MAX_SECONDS = 24 * 3600

_TIME = r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
_TIMING = re.compile(rf"^{_TIME}[ \t]+-->[ \t]+{_TIME}(?:[ \t]+.*)?$")
_TAG = re.compile(r"<[^>]{0,200}>")


class CaptionError(ValueError):
    """The upload is not a WebVTT file Tayang accepts; the message says why, in Indonesian."""


@dataclass(frozen=True)
class Cue:
    start: float  # seconds
    end: float
    text: str

    @property
    def plain(self) -> str:
        """The cue's words without WebVTT's tags (``<v Kepala Dinas>``, ``<i>``)."""
        return " ".join(_TAG.sub("", self.text).split())


def parse(data: bytes) -> list[Cue]:
    """The cues of a WebVTT file, or :class:`CaptionError`."""
    if len(data) > MAX_BYTES:
        raise CaptionError(f"Berkas takarir terlalu besar: paling besar {MAX_BYTES // 1024} KB.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CaptionError("Berkas takarir harus berupa teks UTF-8.") from error
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        raise CaptionError("Berkas takarir berisi karakter NUL; bukan berkas WebVTT.")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    first = lines[0] if lines else ""
    if not (first == "WEBVTT" or first.startswith(("WEBVTT ", "WEBVTT\t"))):
        raise CaptionError("Bukan berkas WebVTT: baris pertama harus «WEBVTT».")
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE:
            raise CaptionError(f"Baris {number} terlalu panjang (paling banyak {MAX_LINE} "
                               "karakter).")
    cues: list[Cue] = []
    index = 1
    while index < len(lines) and lines[index].strip():  # the header's other lines
        if "-->" in lines[index]:
            raise CaptionError("Baris kosong diperlukan sesudah «WEBVTT» sebelum takarir "
                               "pertama.")
        index += 1
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        block_start = index
        block: list[str] = []
        while index < len(lines) and lines[index].strip():
            block.append(lines[index])
            index += 1
        if block[0].startswith(("NOTE", "STYLE", "REGION")) and "-->" not in block[0]:
            if not block[0].startswith("NOTE") and cues:
                raise CaptionError(f"Baris {block_start + 1}: blok {block[0].split()[0]} hanya "
                                   "boleh sebelum takarir pertama.")
            continue
        cues.append(_cue(block, block_start + 1))
        if len(cues) > MAX_CUES:
            raise CaptionError(f"Terlalu banyak takarir: paling banyak {MAX_CUES}.")
    if not cues:
        raise CaptionError("Berkas WebVTT ini tidak berisi satu pun takarir.")
    return cues


def _cue(block: list[str], line_number: int) -> Cue:
    timing_at = 1 if "-->" not in block[0] else 0
    if timing_at >= len(block) or "-->" not in block[timing_at]:
        raise CaptionError(f"Baris {line_number}: waktu takarir tidak ada (contoh: "
                           "«00:00:01.000 --> 00:00:04.000»).")
    match = _TIMING.match(block[timing_at])
    if match is None:
        raise CaptionError(f"Baris {line_number + timing_at}: waktu takarir tidak dapat "
                           "dibaca (contoh: «00:00:01.000 --> 00:00:04.000»).")
    start = _seconds(*match.groups()[:4])
    end = _seconds(*match.groups()[4:8])
    if end <= start or end > MAX_SECONDS:
        raise CaptionError(f"Baris {line_number + timing_at}: waktu selesai harus sesudah waktu "
                           "mulai.")
    text = "\n".join(line.strip() for line in block[timing_at + 1:])
    if len(text) > MAX_CUE_TEXT:
        raise CaptionError(f"Baris {line_number}: teks satu takarir paling banyak "
                           f"{MAX_CUE_TEXT} karakter.")
    if "-->" in text:
        raise CaptionError(f"Baris {line_number}: baris kosong diperlukan di antara dua "
                           "takarir.")
    return Cue(start, end, text)


def _seconds(hours: str | None, minutes: str, seconds: str, millis: str) -> float:
    if hours is not None and len(hours) > 3:
        return MAX_SECONDS + 1  # refused by the caller as out of range
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def to_vtt(cues: list[Cue]) -> str:
    """A WebVTT file of ``cues``: the header, then each cue's timing and text."""
    blocks = ["WEBVTT"]
    for cue in cues:
        blocks.append(f"{_stamp(cue.start)} --> {_stamp(cue.end)}\n{cue.text}")
    return "\n\n".join(blocks) + "\n"


def _stamp(value: float) -> str:
    millis = round(value * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    seconds, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


WORDS_PER_SECOND = 2.5  # 150 words a minute, an announcer's pace
MIN_CUE_SECONDS = 1.5
MAX_CUE_CHARACTERS = 84  # two lines of 42, the usual limit for captions
MAX_TRANSCRIPT = 50_000

_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def from_transcript(transcript: str) -> list[Cue]:
    """Cues from a typed transcript: one a sentence (a long one cut at a word into pieces of
    at most two caption lines), timed at an announcer's pace one after the other. A start
    the editor corrects against the video, not a finished file."""
    text = " ".join(transcript[:MAX_TRANSCRIPT].split())
    if not text:
        raise CaptionError("Transkrip masih kosong.")
    pieces: list[str] = []
    for sentence in _SENTENCE.split(text):
        words = sentence.split()
        piece: list[str] = []
        for word in words:
            if piece and len(" ".join([*piece, word])) > MAX_CUE_CHARACTERS:
                pieces.append(" ".join(piece))
                piece = []
            piece.append(word[:MAX_CUE_CHARACTERS])
        if piece:
            pieces.append(" ".join(piece))
    if len(pieces) > MAX_CUES:
        raise CaptionError(f"Transkrip terlalu panjang: paling banyak {MAX_CUES} takarir.")
    cues, at = [], 0.0
    for piece in pieces:
        length = max(MIN_CUE_SECONDS, len(piece.split()) / WORDS_PER_SECOND)
        cues.append(Cue(round(at, 3), round(at + length, 3), piece))
        at += length
    return cues


def transcript_of(vtt: str) -> list[str]:
    """The words of stored captions, one cue a line (the transcript shown beside audio)."""
    try:
        return [cue.plain for cue in parse(vtt.encode()) if cue.plain]
    except CaptionError:
        return []
