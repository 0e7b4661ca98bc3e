"""Orthogonal routing of the flowchart's arrows between symbols already placed in the lanes.

Hand-drawn SOP flowcharts follow a few habits: an arrow leaves a symbol at the bottom or at a
side and enters the next one from the top; it runs straight down a lane, or across to the
target's lane and then down; an arrow back (a rejection) leaves at a side, runs up a channel
beside the symbols and enters its target from the side. The router tries those shapes for
each arrow, throws away any that would cut through a symbol, and keeps the cheapest by length,
bends, crossings with arrows already drawn, and lines that would run on top of one another.
Arrows are routed one by one (the main flow first), so earlier arrows claim the best paths.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise

from tayang.sop.document.geometry import Box, Point

CLEARANCE = 2.5  # a line passing a symbol keeps at least this far from it
CHANNEL_GAP = 5.0  # first channel beside a symbol
TRACK_GAP = 4.0  # between parallel channels
NEAR = 2.5  # two parallel lines closer than this read as one
ARRIVAL = 8.0  # the straight run into a symbol, long enough to show the arrowhead
SHORT = 7.0  # a run shorter than this, other than the last, looks like a kink
CHANNEL_REACH = 40.0  # how far beside the two symbols a channel is looked for

BEND_COST = 12.0
CROSSING_COST = 40.0
OVERLAP_COST = 400.0
PORT_COST = 2000.0
SIDE_ENTRY_COST = 60.0  # a forward arrow entering from the side instead of the top
BOTTOM_PORT_COST = 35.0  # an arrow back leaving or entering at the bottom instead of a side
SHORT_COST = 10.0
IN_LINE_COST = 150.0  # two arrows on one line with only a small gap between them

NORMALS = {"top": (0, -1), "bottom": (0, 1), "left": (-1, 0), "right": (1, 0)}


@dataclass(frozen=True)
class Node:
    """Something an arrow can start or end at: a symbol or an off-page connector."""

    id: str
    box: Box


@dataclass(frozen=True)
class Route:
    cost: float
    points: tuple[Point, ...]
    out_side: str
    in_side: str


class Segment:
    """One straight run of an arrow, horizontal or vertical, with its extent precomputed (the
    router compares thousands of candidate runs against the ones drawn)."""

    __slots__ = ("a", "b", "high", "horizontal", "level", "low", "target")

    def __init__(self, a: Point, b: Point, target: str) -> None:
        self.a, self.b, self.target = a, b, target
        self.horizontal = abs(a.y - b.y) < 1e-6
        if self.horizontal:
            self.level, self.low, self.high = a.y, min(a.x, b.x), max(a.x, b.x)
        else:
            self.level, self.low, self.high = a.x, min(a.y, b.y), max(a.y, b.y)


@dataclass
class Router:
    """Routes arrows on one page. ``x_min``/``x_max`` bound the lanes; ``centers`` and
    ``borders`` are the x of lane centres and of the lines between lanes: channels run down a
    lane's centre or beside its borders, never on a border, where the table's rule would hide
    them."""

    nodes: list[Node]
    x_min: float
    x_max: float
    centers: list[float]
    borders: list[float]
    segments: list[Segment] = field(default_factory=list)
    ports: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)

    def best(self, source: Node, target: Node) -> Route | None:
        """The cheapest clean path, or None when every path would cut through a symbol.

        Candidates are tried cheapest-looking first (length, bends, ports); the costly checks
        against symbols and other arrows stop as soon as no remaining candidate can win.
        """
        candidates = sorted(self._candidates(source, target), key=lambda c: c.cost)
        best: Route | None = None
        for candidate in candidates:
            if best is not None and candidate.cost >= best.cost:
                break
            extra = self._cost(source, target, candidate)
            if extra is not None and (best is None or candidate.cost + extra < best.cost):
                best = Route(candidate.cost + extra, candidate.points, candidate.out_side,
                             candidate.in_side)
        return best

    def commit(self, source: Node, target: Node, route: Route) -> None:
        """Draws ``route``: later arrows avoid it and its ports."""
        self.segments.extend(_segments(route.points, target.id))
        for node, side, direction in ((source, route.out_side, "out"),
                                      (target, route.in_side, "in")):
            _, count = self.ports.get((node.id, side), (direction, 0))
            self.ports[(node.id, side)] = (direction, count + 1)

    def add(self, node: Node) -> None:
        self.nodes.append(node)

    def free(self, box: Box) -> bool:
        """Whether ``box`` (an off-page connector to be placed) overlaps nothing drawn."""
        if any(_overlap(box, node.box) for node in self.nodes):
            return False
        return not any(_hits(segment, box) for segment in self.segments)

    def crosses(self, box: Box) -> bool:
        """Whether a drawn line runs through ``box`` (a label to be placed)."""
        return any(_hits(segment, box, 0.5) for segment in self.segments)

    def fallback(self, source: Node, target: Node) -> Route:
        """Nothing clean: a plain elbow, drawn through whatever is in the way."""
        a, b = source.box, target.box
        y = b.top - CHANNEL_GAP
        points = _simplify((a.port("bottom"), Point(a.cx, y), Point(b.cx, y), b.port("top")))
        return Route(0.0, points, "bottom", "top")

    # --- candidates ---------------------------------------------------------------------------

    def _candidates(self, source: Node, target: Node) -> Iterator[Route]:
        """Every orthogonal path from a port of the source to a port of the target with at most
        one channel (a vertical run beside the symbols) or one gap (a horizontal run between
        rows), with what the choice of ports costs by flowchart habit."""
        a, b = source.box, target.box
        channels = self._channels(a, b)
        for out_side, out_cost in _out_ports(a, b):
            for in_side, in_cost in _in_ports(a, b):
                start, end = a.port(out_side), b.port(in_side)
                first = _step(start, out_side, CHANNEL_GAP)
                last = _step(end, in_side, ARRIVAL)
                gaps = [last.y, first.y, *(y for y in _gaps(a, b))]
                (ox, oy), (ix, iy) = NORMALS[out_side], NORMALS[in_side]
                routes: list[tuple[Point, ...]] = [
                    (start, first, Point(last.x, first.y), last, end),
                    (start, first, Point(first.x, last.y), last, end),
                ]
                # A run that would double back on the stub out of or into a symbol is never
                # worth building.
                routes += [
                    (start, first, Point(x, first.y), Point(x, last.y), last, end)
                    for x in channels if (x - first.x) * ox >= 0 and (x - last.x) * ix >= 0
                ]
                routes += [
                    (start, first, Point(first.x, y), Point(last.x, y), last, end)
                    for y in gaps if (y - first.y) * oy >= 0 and (y - last.y) * iy >= 0
                ]
                for route in routes:
                    points = _simplify(route)
                    if _leaves(points, out_side) and _arrives(points, in_side) and \
                            _turns_only(points):
                        yield Route(out_cost + in_cost + _shape_cost(points), points,
                                    out_side, in_side)

    def _channels(self, a: Box, b: Box) -> list[float]:
        """Where a vertical run may go: beside either box, or down a lane near them."""
        near = (min(a.left, b.left) - 2 * CHANNEL_REACH, max(a.right, b.right) + 2 * CHANNEL_REACH)
        xs = set()
        for box in (a, b):
            for k in range(4):
                offset = CHANNEL_GAP + TRACK_GAP * k
                xs.update((box.left - offset, box.right + offset))
        for center in self.centers:
            xs.update((center, center - TRACK_GAP, center + TRACK_GAP))
        for border in self.borders:
            xs.update((border - TRACK_GAP, border + TRACK_GAP))
        return sorted(
            round(x, 2) for x in xs if near[0] <= x <= near[1] and self._between_borders(x)
        )

    # --- cost ---------------------------------------------------------------------------------

    def _cost(self, source: Node, target: Node, route: Route) -> float | None:
        """What drawing ``route`` costs beside what is drawn already; None if it cuts a
        symbol."""
        segments = list(_segments(route.points, target.id))
        if not segments or not self._clear(segments, source, target):
            return None
        cost = 0.0
        for mine in segments:
            for other in self.segments:
                cost += _interaction(mine, other)
        for node, side, direction in ((source, route.out_side, "out"),
                                      (target, route.in_side, "in")):
            used = self.ports.get((node.id, side))
            if used and (used[0] != direction or direction == "out"):
                cost += PORT_COST
        return cost

    def _clear(self, segments: list[Segment], source: Node, target: Node) -> bool:
        last = len(segments) - 1
        for index, segment in enumerate(segments):
            if not segment.horizontal and not self._between_borders(segment.level):
                return False
            for node in self.nodes:
                if node.id == source.id and index == 0:
                    continue
                if node.id == target.id and index == last:
                    continue
                if _hits(segment, node.box):
                    return False
        return True

    def _between_borders(self, x: float) -> bool:
        inside = self.x_min + 2 <= x <= self.x_max - 2
        return inside and all(abs(x - border) >= 2 for border in self.borders)


def _shape_cost(points: tuple[Point, ...]) -> float:
    """Length, bends and kinks: what a path costs before anything else is drawn."""
    lengths = [abs(b.x - a.x) + abs(b.y - a.y) for a, b in pairwise(points)]
    short = sum(1 for length in lengths[:-1] if length < SHORT)
    return sum(lengths) + BEND_COST * (len(lengths) - 1) + SHORT_COST * short


def _overlap(a: Box, b: Box) -> bool:
    return (abs(a.cx - b.cx) < (a.w + b.w) / 2 + CLEARANCE
            and abs(a.cy - b.cy) < (a.h + b.h) / 2 + CLEARANCE)


def _out_ports(a: Box, b: Box) -> list[tuple[str, float]]:
    """Where an arrow may leave ``a``: never at the top, where the flow comes in."""
    if b.top > a.bottom:  # forwards: down or sideways
        return [("bottom", 0.0), ("left", 0.0), ("right", 0.0)]
    return [("left", 0.0), ("right", 0.0), ("bottom", BOTTOM_PORT_COST)]


def _in_ports(a: Box, b: Box) -> list[tuple[str, float]]:
    """Where an arrow may enter ``b``: forwards from the top; backwards from a side."""
    if b.top > a.bottom:
        return [("top", 0.0), ("left", SIDE_ENTRY_COST), ("right", SIDE_ENTRY_COST)]
    return [("left", 0.0), ("right", 0.0), ("bottom", BOTTOM_PORT_COST)]


def _gaps(a: Box, b: Box) -> Iterator[float]:
    """Heights for a horizontal run: just above the lower box, or below both when side by
    side."""
    upper, lower = (a, b) if a.cy < b.cy else (b, a)
    if lower.top > upper.bottom:
        for k in range(3):
            yield lower.top - CHANNEL_GAP - TRACK_GAP * k
        yield upper.bottom + CHANNEL_GAP
    bottom = max(a.bottom, b.bottom)
    for k in range(2):
        yield bottom + CHANNEL_GAP + TRACK_GAP * k


def _step(point: Point, side: str, distance: float) -> Point:
    dx, dy = NORMALS[side]
    return Point(point.x + dx * distance, point.y + dy * distance)


def _direction(a: Point, b: Point) -> tuple[int, int]:
    dx, dy = b.x - a.x, b.y - a.y
    return (0 if abs(dx) < 1e-6 else (1 if dx > 0 else -1),
            0 if abs(dy) < 1e-6 else (1 if dy > 0 else -1))


def _turns_only(points: tuple[Point, ...]) -> bool:
    """No segment doubles back on the one before it."""
    for a, b, c in zip(points, points[1:], points[2:], strict=False):
        first, second = _direction(a, b), _direction(b, c)
        if first == (-second[0], -second[1]):
            return False
    return True


def _leaves(points: tuple[Point, ...], side: str) -> bool:
    return len(points) >= 2 and _direction(points[0], points[1]) == NORMALS[side]


def _arrives(points: tuple[Point, ...], side: str) -> bool:
    dx, dy = NORMALS[side]
    return len(points) >= 2 and _direction(points[-2], points[-1]) == (-dx, -dy)


def _simplify(points: Iterable[Point]) -> tuple[Point, ...]:
    """Drops repeated points and the middle one of three in a line (going the same way)."""
    kept: list[Point] = []
    for point in points:
        if kept:
            last = kept[-1]
            if abs(last.x - point.x) < 1e-6 and abs(last.y - point.y) < 1e-6:
                continue
            if len(kept) >= 2:
                before = kept[-2]
                vertical = abs(before.x - last.x) < 1e-6 and abs(last.x - point.x) < 1e-6
                flat = abs(before.y - last.y) < 1e-6 and abs(last.y - point.y) < 1e-6
                if (vertical and (last.y - before.y) * (point.y - last.y) > 0) or (
                    flat and (last.x - before.x) * (point.x - last.x) > 0
                ):
                    kept[-1] = point
                    continue
        kept.append(point)
    return tuple(kept)


def _segments(points: tuple[Point, ...], target: str) -> Iterator[Segment]:
    for a, b in pairwise(points):
        yield Segment(a, b, target)


def _hits(segment: Segment, box: Box, clearance: float = CLEARANCE) -> bool:
    left, right = box.left - clearance, box.right + clearance
    top, bottom = box.top - clearance, box.bottom + clearance
    if segment.horizontal:
        return top < segment.level < bottom and segment.low < right and segment.high > left
    return left < segment.level < right and segment.low < bottom and segment.high > top


def _interaction(mine: Segment, other: Segment) -> float:
    """What drawing ``mine`` beside ``other`` costs: a crossing, or lines running together."""
    if mine.horizontal == other.horizontal and abs(mine.level - other.level) >= NEAR:
        return 0.0
    if mine.horizontal == other.horizontal:
        overlap = min(mine.high, other.high) - max(mine.low, other.low)
        if abs(mine.level - other.level) >= NEAR:
            return 0.0
        if overlap <= 0.5:
            in_line = mine.target != other.target and -overlap < 3 * TRACK_GAP
            return IN_LINE_COST if in_line else 0.0
        if mine.target == other.target and abs(mine.level - other.level) < 1e-6:
            return 0.0  # two arrows joining on their way into the same symbol
        return OVERLAP_COST
    horizontal, vertical = (mine, other) if mine.horizontal else (other, mine)
    inside_x = horizontal.low - 0.01 <= vertical.level <= horizontal.high + 0.01
    inside_y = vertical.low - 0.01 <= horizontal.level <= vertical.high + 0.01
    if not (inside_x and inside_y):
        return 0.0
    if mine.target == other.target:
        return 0.0
    return CROSSING_COST
