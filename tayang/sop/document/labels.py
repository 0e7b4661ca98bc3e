"""Where an arrow's label goes ("Ya", "Tolak", "Kegiatan biasa rutin"), once the arrow is drawn.

A label belongs next to where its arrow leaves the symbol, which is where a reader looks for the
way out of a decision. It is tried on each side of the first run, then beside the second run a
little further each time, and put on the first spot where it covers no symbol (a diamond by its
true shape, so a label may stand in the corner beside a vertex), no line and no other label.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tayang.sop.document.geometry import LINE_PITCH, Box, Point
from tayang.sop.document.metrics import font, wrap

LABEL_SIZE = 6.5
GAP = 2.0  # between a label and its line
INDENT = 3.0  # from where the line starts or turns


@dataclass(frozen=True)
class Label:
    x: float
    y: float  # baseline of the first line
    lines: tuple[str, ...]
    anchor: str = "start"

    @property
    def text(self) -> str:
        return " ".join(self.lines)


@dataclass(frozen=True)
class Obstacle:
    """A symbol a label must not cover."""

    box: Box
    diamond: bool = False

    def covered_by(self, box: Box) -> bool:
        shape = self.box
        if not self.diamond:
            return _overlap(box, shape)
        dx = max(box.left - shape.cx, shape.cx - box.right, 0.0)
        dy = max(box.top - shape.cy, shape.cy - box.bottom, 0.0)
        return dx / (shape.w / 2 + 1) + dy / (shape.h / 2 + 1) < 1


def place_label(
    text: str, points: tuple[Point, ...], *, width_limit: float, x_range: tuple[float, float],
    obstacles: list[Obstacle], placed: list[Box], crosses: Callable[[Box], bool],
) -> Label | None:
    """The label of the arrow drawn along ``points``; its box is added to ``placed``."""
    if not text:
        return None
    lines = tuple(wrap(text, width_limit, LABEL_SIZE))
    width = max(font().width(line, LABEL_SIZE) for line in lines)
    height = LABEL_SIZE * LINE_PITCH * len(lines)
    low, high = x_range[0] + 2, x_range[1] - 2 - width

    def box_at(x: float, y: float) -> Box:
        return Box(min(max(x, low), high) + width / 2, y + height / 2, width, height)

    spots = _spots(points, width, height)
    for x, y in spots:
        box = box_at(x, y)
        free = not any(obstacle.covered_by(box) for obstacle in obstacles)
        if free and not any(_overlap(box, other) for other in placed) and not crosses(box):
            break
    else:
        box = box_at(*spots[0])
    placed.append(box)
    return Label(box.left, box.top + LABEL_SIZE * 0.8, lines)


def _spots(points: tuple[Point, ...], width: float, height: float) -> list[tuple[float, float]]:
    """Top-left corners to try, best first."""
    start, towards = points[0], points[1]
    spots: list[tuple[float, float]] = []
    if abs(start.y - towards.y) < 1e-6:  # leaving sideways: above or below the line
        right = towards.x > start.x
        near = start.x + INDENT if right else start.x - INDENT - width
        far = towards.x - INDENT - width if right else towards.x + INDENT
        turns_up = len(points) > 2 and points[2].y < towards.y
        above, below = start.y - GAP - height, start.y + GAP
        for x in (near, far):  # on the side away from the turn first
            spots += [(x, below), (x, above)] if turns_up else [(x, above), (x, below)]
    else:  # leaving downwards or upwards: beside the line
        y = start.y + GAP if towards.y > start.y else start.y - GAP - height
        spots += [(start.x + INDENT, y), (start.x - INDENT - width, y)]
    if len(points) > 2:
        turn, after = points[1], points[2]
        vertical = abs(turn.x - after.x) < 1e-6
        length = abs(after.x - turn.x) + abs(after.y - turn.y)
        for step in (0.0, 6.0, 12.0, 18.0):
            if step + (height if vertical else width) > length:
                break
            if vertical:
                y = turn.y + GAP + step if after.y > turn.y else turn.y - GAP - height - step
                spots += [(turn.x - INDENT - width, y), (turn.x + INDENT, y)]
            else:
                x = turn.x + INDENT + step if after.x > turn.x else \
                    turn.x - INDENT - width - step
                spots += [(x, turn.y - GAP - height), (x, turn.y + GAP)]
    return spots


def _overlap(a: Box, b: Box) -> bool:
    return abs(a.cx - b.cx) < (a.w + b.w) / 2 + 1 and abs(a.cy - b.cy) < (a.h + b.h) / 2 + 1
