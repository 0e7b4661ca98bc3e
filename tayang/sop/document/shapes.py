"""The outlines of the flowchart symbols and arrowheads, as polygons both renderers draw.

Arrowheads are plain filled triangles rather than SVG markers, so that they look the same in a
browser, in the PDF and in any converter that drops markers.
"""

from __future__ import annotations

from tayang.sop.document.geometry import Box, Point

ARROW_LENGTH = 5.0
ARROW_HALF_WIDTH = 2.3


def diamond(box: Box) -> tuple[Point, ...]:
    """A decision (*keputusan*)."""
    return (
        Point(box.cx, box.top), Point(box.right, box.cy),
        Point(box.cx, box.bottom), Point(box.left, box.cy),
    )


def off_page(box: Box) -> tuple[Point, ...]:
    """An off-page connector (*penghubung antarhalaman*): a pentagon pointing down."""
    shoulder = box.top + box.h * 0.6
    return (
        Point(box.left, box.top), Point(box.right, box.top), Point(box.right, shoulder),
        Point(box.cx, box.bottom), Point(box.left, shoulder),
    )


def arrowhead(points: tuple[Point, ...]) -> tuple[Point, ...]:
    """A triangle whose tip is the last point of a polyline, pointing along its last segment."""
    tip, before = points[-1], points[-2]
    dx, dy = tip.x - before.x, tip.y - before.y
    length = (dx * dx + dy * dy) ** 0.5 or 1.0
    ux, uy = dx / length, dy / length
    base = Point(tip.x - ux * ARROW_LENGTH, tip.y - uy * ARROW_LENGTH)
    return (
        tip,
        Point(base.x - uy * ARROW_HALF_WIDTH, base.y + ux * ARROW_HALF_WIDTH),
        Point(base.x + uy * ARROW_HALF_WIDTH, base.y - ux * ARROW_HALF_WIDTH),
    )


def shaft(points: tuple[Point, ...]) -> tuple[Point, ...]:
    """The polyline shortened to the arrowhead's base, so the line never pokes through the tip."""
    tip, before = points[-1], points[-2]
    dx, dy = tip.x - before.x, tip.y - before.y
    length = (dx * dx + dy * dy) ** 0.5 or 1.0
    cut = min(ARROW_LENGTH * 0.8, length)
    end = Point(tip.x - dx / length * cut, tip.y - dy / length * cut)
    return (*points[:-1], end)
