"""Make the WOFF2 subsets of the SOP document's fonts, for the web page only.

The SOP document page used to load the three Liberation Sans TTFs whole (about 410 KB each:
Cyrillic, Greek, Hebrew and hinting the page never needs). This script keeps what an
Indonesian SOP uses — Latin, Latin-1, Latin Extended A/B and Additional, punctuation,
currency, letter-like symbols, arrows, mathematical operators and simple shapes, plus every
character the bundled SOPs contain — drops the hinting (browsers on today's screens ignore
most of it) and writes WOFF2 (Brotli inside) next to the TTFs:

    .venv/bin/python scripts/subset_document_fonts.py          # rewrite the .woff2 files
    .venv/bin/python scripts/subset_document_fonts.py --check  # exit 1 if they are stale

Advance widths and kerning are kept unchanged, so the browser lays text out exactly as the
layout (measured on the TTF, ``tayang/sop/document/metrics.py``) expects. The TTFs stay: Typst
embeds them in the PDF, and the page's stylesheet falls back to them only for a character
outside :data:`UNICODE_RANGES` (``unicode-range``), so a browser never fetches them for an
ordinary document. The files are committed; run this again after changing the fonts or ranges.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
FONT_DIR = ROOT / "tayang" / "sop" / "document" / "fonts"
BUNDLED = ROOT / "tayang" / "sop" / "bundled"
FACES = ("LiberationSans-Regular", "LiberationSans-Bold", "LiberationSans-Italic")

# Kept in step with the ``unicode-range`` in tayang/sop/document/document.css (a test compares
# them).
UNICODE_RANGES = (
    (0x0000, 0x007E),  # Basic Latin (and controls: a newline never needs the TTF)
    (0x00A0, 0x024F),  # Latin-1 Supplement, Latin Extended-A and -B
    (0x02B0, 0x02FF),  # spacing modifier letters (ˆ ˜ ˚)
    (0x0300, 0x036F),  # combining diacritical marks
    (0x1E00, 0x1EFF),  # Latin Extended Additional
    (0x2000, 0x206F),  # general punctuation (– — ‘ ’ “ ” • … ‰)
    (0x20A0, 0x20CF),  # currency symbols
    (0x2100, 0x214F),  # letter-like symbols (№ ™ ℃)
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x22FF),  # mathematical operators (≤ ≥ ± − ≈)
    (0x25A0, 0x25FF),  # geometric shapes (■ ● ○ ◦)
    (0xFB00, 0xFB06),  # Latin ligatures
)


def wanted_codepoints() -> set[int]:
    codepoints = {code for first, last in UNICODE_RANGES for code in range(first, last + 1)}
    for definition in BUNDLED.glob("*.yaml"):
        codepoints.update(ord(char) for char in definition.read_text(encoding="utf-8"))
    return {code for code in codepoints if code >= 0x20}


def subset_face(face: str) -> bytes:
    options = subset.Options()
    options.flavor = "woff2"
    options.hinting = False
    options.desubroutinize = True
    options.layout_features = ["*"]  # kerning, ligatures: as the TTF sets them
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["FFTM"]  # FontForge's own timestamps
    options.recalc_timestamp = False  # the same fonts give the same bytes
    font = TTFont(FONT_DIR / f"{face}.ttf", recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted_codepoints())
    subsetter.subset(font)
    buffer = io.BytesIO()
    subset.save_font(font, buffer, options)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="only compare with the committed files")
    arguments = parser.parse_args(argv)
    stale = []
    for face in FACES:
        target = FONT_DIR / f"{face}.woff2"
        data = subset_face(face)
        if arguments.check:
            if not target.exists() or target.read_bytes() != data:
                stale.append(target.name)
            continue
        target.write_bytes(data)
        original = (FONT_DIR / f"{face}.ttf").stat().st_size
        print(f"{target.name}: {len(data) / 1024:.1f} KB (TTF {original / 1024:.1f} KB)")
    if stale:
        print("Berkas WOFF2 usang, jalankan ulang skrip ini: " + ", ".join(stale),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
