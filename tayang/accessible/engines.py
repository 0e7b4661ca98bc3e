"""The programs that make the accessible formats: espeak-ng speaks, liblouis writes Braille.

Both are Debian packages (``scripts/setup.sh`` installs them); a machine without one makes
the product say that format is unavailable (:class:`EngineMissing`), never fail a
publication. They run as separate programs with an argument list (no shell), the text on
standard input (an announcement that starts with "-" is never read as an option), a bounded
input and a timeout. Pure Python, no Django.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import dataclass

# Bounds before any engine is called: an announcement is a page or two, never a book.
MAX_CHARACTERS = 20_000
SPEECH_TIMEOUT = 60.0  # seconds; a 300-word text takes well under one
BRAILLE_TIMEOUT = 20.0
VOICE = "id"  # espeak-ng's Indonesian voice
WORDS_PER_MINUTE = 150  # a calm reading pace (espeak-ng's default is 175)
OPUS_RATE = 16_000  # Hz: Opus's wide band, all a voice needs (espeak-ng speaks at 22,050)
OPUS_BITRATE = 24_000  # bits/s: small files (≈220 kB a minute) that stay clear
# libopus's least effort: 5–7 × faster than its default on these machines (300 words: 0.8 s
# instead of 6 s, bench/accessible.py) for a file ≈20 % larger; a synthetic voice loses
# nothing a listener hears.
OPUS_OPTIONS = {"compression_level": "0"}
BRAILLE_TABLES = "en-us-brf.dis,en-us-g1.ctb"  # uncontracted: liblouis has no Indonesian table
CELLS_PER_LINE = 40
LINES_PER_PAGE = 25


class EngineMissing(RuntimeError):
    """The program for a format is not installed on this machine."""


class EngineFailed(RuntimeError):
    """The program ran and failed (or took too long); the message says how."""


@dataclass(frozen=True)
class Audio:
    data: bytes  # Ogg Opus
    duration: float  # seconds


def bounded(text: str) -> str:
    """``text`` cut to :data:`MAX_CHARACTERS`, at a word boundary."""
    if len(text) <= MAX_CHARACTERS:
        return text
    cut = text[:MAX_CHARACTERS]
    return cut[: cut.rfind(" ")] if " " in cut else cut


def speech_available() -> bool:
    return shutil.which("espeak-ng") is not None


def braille_available() -> bool:
    return shutil.which("lou_translate") is not None


def speak(text: str) -> Audio:
    """``text`` (already as it is said, :func:`tayang.accessible.spoken.spoken`) as Ogg Opus."""
    program = shutil.which("espeak-ng")
    if program is None:
        raise EngineMissing("espeak-ng tidak terpasang")
    wave = _run(
        [program, "-v", VOICE, "-s", str(WORDS_PER_MINUTE), "-b", "1", "--stdin", "--stdout"],
        bounded(text), SPEECH_TIMEOUT, "espeak-ng",
    )
    # PyAV (FFmpeg's libraries, ~15 MB) in a child process: the worker does not keep it
    # (tayang/apart.py).
    from tayang import apart

    audio = apart.call(__name__, "encode_opus", wave, timeout=SPEECH_TIMEOUT)
    if not isinstance(audio, Audio):
        raise AssertionError
    return audio


def encode_opus(wave: bytes) -> Audio:
    """A WAV file as mono Ogg Opus at :data:`OPUS_BITRATE`; its duration read while encoding."""
    import av  # loaded only by the worker that makes audio

    output = io.BytesIO()
    samples = 0
    with av.open(io.BytesIO(wave), format="wav") as source, \
            av.open(output, "w", format="ogg") as target:
        stream = target.add_stream("libopus", rate=OPUS_RATE, layout="mono",
                                   options=OPUS_OPTIONS)
        stream.bit_rate = OPUS_BITRATE
        resampler = av.AudioResampler(format="s16", layout="mono", rate=OPUS_RATE)
        frames = [*source.decode(audio=0), None]
        for frame in frames:
            for resampled in resampler.resample(frame):
                samples += resampled.samples
                target.mux(stream.encode(resampled))
        target.mux(stream.encode(None))
    return Audio(output.getvalue(), samples / OPUS_RATE)


def braille(text: str) -> str:
    """``text`` as Braille ASCII (North American BRF cells), one line per paragraph."""
    program = shutil.which("lou_translate")
    if program is None:
        raise EngineMissing("liblouis (lou_translate) tidak terpasang")
    paragraphs = [" ".join(line.split()) for line in bounded(text).splitlines()]
    source = "\n".join(p for p in paragraphs if p) + "\n"
    return _run([program, "--forward", BRAILLE_TABLES], source, BRAILLE_TIMEOUT,
                "liblouis").decode("ascii", errors="replace")


def brf_pages(cells: str) -> str:
    """Braille lines laid out for an embosser: 40 cells a line, 25 lines a page.

    Lines break at a blank cell (between words); a word longer than a line is split. A blank
    line separates paragraphs; each page but the last ends with a form feed, lines with CR LF
    (what embossers and Braille notetakers expect of a ``.brf``).
    """
    lines: list[str] = []
    for paragraph in cells.splitlines():
        if not paragraph.strip():
            continue
        if lines:
            lines.append("")
        lines.extend(_wrap(paragraph.strip()))
    pages = [lines[start:start + LINES_PER_PAGE] for start in range(0, len(lines), LINES_PER_PAGE)]
    return "\f".join("\r\n".join(page) + "\r\n" for page in pages)


def _wrap(paragraph: str) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in paragraph.split(" "):
        while len(word) > CELLS_PER_LINE:
            if current:
                lines.append(current)
                current = ""
            lines.append(word[: CELLS_PER_LINE - 1] + "-")
            word = word[CELLS_PER_LINE - 1:]
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= CELLS_PER_LINE:
            current += " " + word
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def _run(command: list[str], text: str, timeout: float, name: str) -> bytes:
    try:
        done = subprocess.run(command, input=text.encode(), capture_output=True,
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired as error:
        raise EngineFailed(f"{name} tidak selesai dalam {timeout:.0f} detik") from error
    except OSError as error:
        raise EngineMissing(f"{name} tidak dapat dijalankan: {error}") from error
    if done.returncode != 0 or not done.stdout:
        detail = done.stderr.decode(errors="replace").strip()[:300]
        raise EngineFailed(f"{name} gagal (kode {done.returncode}): {detail}")
    return done.stdout
