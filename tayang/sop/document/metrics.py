"""How wide a text is and how many lines it wraps to, from the shipped font's own metrics.

The flowchart is drawn over the procedure table, so every row's height must be known before
anything is drawn, in Python, for the PDF and the web page alike. Reading the advance widths
from the TrueType file the PDF embeds (Liberation Sans, metric-compatible with Arial) gives the
same line breaks Typst and a browser find, without asking either of them. Kerning is ignored,
which only ever makes a line look a little longer than it is: estimates err on the tall side.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FONT_DIR = Path(__file__).with_name("fonts")
REGULAR = FONT_DIR / "LiberationSans-Regular.ttf"
BOLD = FONT_DIR / "LiberationSans-Bold.ttf"
FAMILY = "Liberation Sans"
_FACES = ("LiberationSans-Regular", "LiberationSans-Bold", "LiberationSans-Italic")
# The WOFF2 subsets the document's page loads, and the whole TTFs it falls back to
# (document.css); served by tayang.web.document, which must not load the layout to name them.
FONT_FILES = tuple(f"{face}.{kind}" for kind in ("woff2", "ttf") for face in _FACES)
FONT_TYPES = {"woff2": "font/woff2", "ttf": "font/ttf"}

# Slack on every measured width: Typst and browsers may break at fewer places than a space.
SAFETY = 1.03


@dataclass(frozen=True)
class FontMetrics:
    """Advance widths of one font face, in em."""

    widths: dict[int, float]  # code point -> advance width (em)
    fallback: float  # for characters the font lacks

    def width(self, text: str, size: float) -> float:
        """Width of ``text`` set at ``size`` points, in points."""
        get = self.widths.get
        return sum(get(ord(char), self.fallback) for char in text) * size


@cache
def font(bold: bool = False) -> FontMetrics:
    return _read(BOLD if bold else REGULAR)


def _read(path: Path) -> FontMetrics:
    data = path.read_bytes()
    tables = _tables(data)
    units = struct.unpack_from(">H", data, tables["head"] + 18)[0]
    metric_count = struct.unpack_from(">H", data, tables["hhea"] + 34)[0]
    advances = struct.unpack_from(f">{metric_count * 2}H", data, tables["hmtx"])[::2]
    widths = {
        code: advances[min(glyph, metric_count - 1)] / units
        for code, glyph in _cmap(data, tables["cmap"]).items()
    }
    return FontMetrics(widths=widths, fallback=widths.get(ord("M"), 0.8))


def _tables(data: bytes) -> dict[str, int]:
    count = struct.unpack_from(">H", data, 4)[0]
    offsets = {}
    for index in range(count):
        tag, _, offset, _ = struct.unpack_from(">4sIII", data, 12 + 16 * index)
        offsets[tag.decode("latin-1")] = offset
    return offsets


def _cmap(data: bytes, base: int) -> dict[int, int]:
    """The Unicode BMP map (platform 3, encoding 1, format 4): enough for Indonesian text."""
    count = struct.unpack_from(">H", data, base + 2)[0]
    for index in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, base + 4 + 8 * index)
        if (platform, encoding) == (3, 1):
            return _format4(data, base + offset)
    raise ValueError("font has no Unicode BMP character map")


def _format4(data: bytes, at: int) -> dict[int, int]:
    segments = struct.unpack_from(">H", data, at + 6)[0] // 2
    ends_at = at + 14
    starts_at = ends_at + 2 * segments + 2
    deltas_at = starts_at + 2 * segments
    ranges_at = deltas_at + 2 * segments
    ends = struct.unpack_from(f">{segments}H", data, ends_at)
    starts = struct.unpack_from(f">{segments}H", data, starts_at)
    deltas = struct.unpack_from(f">{segments}h", data, deltas_at)
    ranges = struct.unpack_from(f">{segments}H", data, ranges_at)
    mapping: dict[int, int] = {}
    for segment in range(segments):
        start, end = starts[segment], ends[segment]
        if start == 0xFFFF:
            continue
        for code in range(start, end + 1):
            if ranges[segment] == 0:
                glyph = (code + deltas[segment]) & 0xFFFF
            else:
                where = ranges_at + 2 * segment + ranges[segment] + 2 * (code - start)
                glyph = struct.unpack_from(">H", data, where)[0]
                if glyph:
                    glyph = (glyph + deltas[segment]) & 0xFFFF
            if glyph:
                mapping[code] = glyph
    return mapping


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """``text`` broken into lines no wider than ``width`` points, as a greedy typesetter would.

    Lines break at spaces only; a word wider than the whole line is cut between characters
    (where Typst would hyphenate or let it overflow), so the count is never too low.
    """
    face = font(bold)
    space = face.width(" ", size) * SAFETY
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current: list[str] = []
        used = 0.0
        for word in paragraph.split():
            word_width = face.width(word, size) * SAFETY
            if word_width > width:
                if current:
                    lines.append(" ".join(current))
                pieces = _cut(word, width, size, face)
                lines.extend(pieces[:-1])
                current, used = [pieces[-1]], face.width(pieces[-1], size) * SAFETY
                continue
            needed = word_width + (space if current else 0.0)
            if current and used + needed > width:
                lines.append(" ".join(current))
                current, used = [word], word_width
            else:
                current.append(word)
                used += needed
        lines.append(" ".join(current))
    return lines


def _cut(word: str, width: float, size: float, face: FontMetrics) -> list[str]:
    pieces: list[str] = []
    current = ""
    for char in word:
        if current and face.width(current + char, size) * SAFETY > width:
            pieces.append(current)
            current = char
        else:
            current += char
    pieces.append(current)
    return pieces


def line_count(text: str, width: float, size: float, bold: bool = False) -> int:
    return len(wrap(text, width, size, bold)) if text.strip() else 0
