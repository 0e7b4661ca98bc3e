"""The WOFF2 subsets the SOP document page loads (scripts/subset_document_fonts.py).

They must be what the script makes from the TTFs (committed, never stale), cover exactly the
``unicode-range`` the stylesheet declares for them, and keep the TTFs' advance widths — the
layout measures text on the TTF, and the browser must break lines where it did.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from tayang.sop.document.html import subset_covers, subset_ranges
from tayang.sop.document.metrics import FONT_DIR, FONT_FILES

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "subset_document_fonts.py"
FACES = ("LiberationSans-Regular", "LiberationSans-Bold", "LiberationSans-Italic")


def script():
    spec = importlib.util.spec_from_file_location("subset_document_fonts", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_subsets_are_what_the_script_makes():
    assert script().main(["--check"]) == 0


def test_the_stylesheet_declares_the_scripts_ranges():
    assert subset_ranges() == script().UNICODE_RANGES


@pytest.mark.parametrize("face", FACES)
def test_a_subset_keeps_the_widths_of_every_character_it_covers(face):
    whole = TTFont(FONT_DIR / f"{face}.ttf")
    subset = TTFont(FONT_DIR / f"{face}.woff2")
    assert subset.flavor == "woff2"
    sizes = {kind: (FONT_DIR / f"{face}.{kind}").stat().st_size for kind in ("woff2", "ttf")}
    assert sizes["woff2"] < sizes["ttf"] / 8
    whole_map, subset_map = whole.getBestCmap(), subset.getBestCmap()
    in_range = {code for code in whole_map if subset_covers(chr(code))}
    assert in_range and set(subset_map) == in_range  # all of the range, nothing beyond it
    for code in in_range:
        widths = subset["hmtx"][subset_map[code]][0], whole["hmtx"][whole_map[code]][0]
        assert widths[0] == widths[1], hex(code)
    assert "GPOS" in subset  # kerning kept


def test_every_font_the_stylesheet_names_is_shipped():
    for name in FONT_FILES:
        assert (FONT_DIR / name).is_file(), name
