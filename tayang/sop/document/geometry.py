"""Points, boxes and the fixed measures of the printed page, all in PostScript points.

One set of numbers serves the PDF (Typst works in points) and the web page (which scales points
to CSS pixels), so that the two renderings of an SOP document cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

# A4 landscape, as Permenpan-RB 35/2012 prints the procedure table.
PAGE_WIDTH = 841.89
PAGE_HEIGHT = 595.28
MARGIN_X = 28.0
MARGIN_TOP = 40.0  # room for the running head (organization and SOP name)
MARGIN_BOTTOM = 34.0  # room for the footer (source and page number)
TABLE_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
BODY_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

# Text in the procedure table: size, line pitch (em) and cell padding. A paragraph of n lines is
# (n * LINE_PITCH) em tall: Typst sets the lines 1.1 em tall with 0.2 em between them, a browser
# gives each line 1.3 em; the taller of the two is what rows are sized for.
BODY_SIZE = 8.0
HEAD_SIZE = 7.5
LINE_PITCH = 1.3
CELL_INSET_X = 3.0
CELL_INSET_Y = 3.0
RULE_ALLOWANCE = 1.5  # a browser counts a cell's borders into its row; Typst does not

PX_PER_PT = 96 / 72  # CSS pixels per point


@dataclass(frozen=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True)
class Box:
    """An axis-aligned box given by its centre and size (symbols are placed by their centre)."""

    cx: float
    cy: float
    w: float
    h: float

    @property
    def left(self) -> float:
        return self.cx - self.w / 2

    @property
    def right(self) -> float:
        return self.cx + self.w / 2

    @property
    def top(self) -> float:
        return self.cy - self.h / 2

    @property
    def bottom(self) -> float:
        return self.cy + self.h / 2

    def port(self, side: str) -> Point:
        """Where a line meets the box on one side: ``top``, ``bottom``, ``left`` or ``right``."""
        return {
            "top": Point(self.cx, self.top),
            "bottom": Point(self.cx, self.bottom),
            "left": Point(self.left, self.cy),
            "right": Point(self.right, self.cy),
        }[side]


def text_height(lines: int, size: float = BODY_SIZE) -> float:
    """Height of a cell holding ``lines`` lines of text, padding included."""
    return lines * LINE_PITCH * size + 2 * CELL_INSET_Y + RULE_ALLOWANCE


def px(points: float) -> str:
    """Points as CSS pixels for an HTML attribute, without a trailing ``.0``."""
    return f"{points * PX_PER_PT:.2f}".rstrip("0").rstrip(".")
