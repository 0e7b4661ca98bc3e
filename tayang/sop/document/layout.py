"""The SOP document's procedure table and its flowchart, laid out as plain data.

From a checked :class:`~tayang.sop.model.Sop` this computes the table's columns (No, Kegiatan,
one lane per executor, Kelengkapan, Waktu, Output, Keterangan), the height of every row (from
the shipped font's metrics), how the rows fall on A4 landscape pages, where each flowchart
symbol stands in its lanes, the off-page connectors where the flow crosses a page break, and
the path of every arrow. The HTML and PDF renderers only draw what is here, and the tests count
what is here, so this module imports neither Django nor a renderer.

Symbols follow Permenpan-RB 35/2012: the first activity is drawn as the start terminator
("Mulai") and the last as the end terminator ("Selesai"); decisions are diamonds; every other
activity is a process box. When the flow can end elsewhere than at the last row (a last step
that is a decision, or an earlier step leading to the end), the end terminator is drawn as a
symbol of its own below the last step instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from string import ascii_uppercase

from tayang.sop.document import shapes
from tayang.sop.document.content import RowText, row_text
from tayang.sop.document.geometry import BODY_HEIGHT, Box, Point
from tayang.sop.document.labels import Label, Obstacle, place_label
from tayang.sop.document.routing import Node, Route, Router
from tayang.sop.document.table import Column, columns, header_heights, paginate, row_height
from tayang.sop.document.transitions import Transition, TransitionKind, transitions
from tayang.sop.model import END, Sop, Step, StepKind

SYMBOL_HEIGHTS = {"terminator": 18.0, "process": 20.0, "decision": 30.0}
SPAN_SHARE = 0.6  # how much of the distance between its outer lanes a wide symbol covers
OFF_BORDER = 10.0  # a symbol centred on a lane border is moved this far off it
SYMBOL_PAD = 15.0  # free space above and below a symbol, for arrows and their labels
END_GAP = 14.0  # between the last step and a separate end terminator
CONNECTOR_SIZE = 14.0
CONNECTOR_ZONE = 24.0  # added to the last row of a page and the first row of the next


class SymbolKind(StrEnum):
    TERMINATOR = "terminator"
    PROCESS = "process"
    DECISION = "decision"
    CONNECTOR = "connector"  # off-page connector


@dataclass(frozen=True)
class Row:
    step: str
    number: int
    text: RowText
    page: int
    y: float  # from the top of the page's table, header included
    height: float
    top_zone: float = 0.0  # room for connectors arriving from the previous page
    bottom_zone: float = 0.0  # room for connectors leaving to the next page


@dataclass(frozen=True)
class Symbol:
    id: str
    kind: SymbolKind
    page: int
    box: Box
    step: str = ""  # the step it stands for; empty for connectors and a separate end
    label: str = ""  # Mulai, Selesai, or a connector's letter
    title: str = ""  # what it stands for, in words (screen readers, tooltips)
    direction: str = ""  # connectors: "out" leaves the page, "in" arrives on it

    @property
    def outline(self) -> tuple[Point, ...]:
        if self.kind is SymbolKind.DECISION:
            return shapes.diamond(self.box)
        if self.kind is SymbolKind.CONNECTOR:
            return shapes.off_page(self.box)
        return ()

    @property
    def radius(self) -> float:
        return self.box.h / 2 if self.kind is SymbolKind.TERMINATOR else 0.0


@dataclass(frozen=True)
class Arrow:
    """One drawn arrow on one page: a polyline whose last point is the arrow's tip."""

    page: int
    points: tuple[Point, ...]
    label: Label | None = None

    @property
    def head(self) -> tuple[Point, ...]:
        return shapes.arrowhead(self.points)

    @property
    def shaft(self) -> tuple[Point, ...]:
        return shapes.shaft(self.points)


@dataclass(frozen=True)
class Edge:
    """A transition as drawn: one path, or two joined by a pair of off-page connectors."""

    transition: Transition
    arrows: tuple[Arrow, ...]
    connector: str = ""

    @property
    def id(self) -> str:
        return self.transition.key


@dataclass(frozen=True)
class Page:
    index: int
    rows: tuple[Row, ...]
    height: float  # of the table on this page, header included


@dataclass(frozen=True)
class DocumentLayout:
    sop: Sop
    columns: tuple[Column, ...]
    header_heights: tuple[float, float]
    pages: tuple[Page, ...]
    symbols: tuple[Symbol, ...]
    edges: tuple[Edge, ...]

    @property
    def lanes(self) -> tuple[Column, ...]:
        return tuple(column for column in self.columns if column.key == "lane")

    @property
    def header_height(self) -> float:
        return sum(self.header_heights)

    @property
    def width(self) -> float:
        return sum(column.width for column in self.columns)

    def symbols_on(self, page: int) -> list[Symbol]:
        return [symbol for symbol in self.symbols if symbol.page == page]

    def arrows_on(self, page: int) -> list[tuple[list[Edge], Arrow]]:
        """Each arrow drawn on ``page`` once, with the transitions it draws (an arrow out of
        an off-page connector may continue several)."""
        found: dict[Arrow, list[Edge]] = {}
        for edge in self.edges:
            for arrow in edge.arrows:
                if arrow.page == page:
                    found.setdefault(arrow, []).append(edge)
        return [(edges, arrow) for arrow, edges in found.items()]

    def count(self, kind: SymbolKind) -> int:
        return sum(1 for symbol in self.symbols if symbol.kind is kind)


def layout(sop: Sop) -> DocumentLayout:
    table = columns(sop)
    lanes = {column.role: column for column in table if column.key == "lane"}
    return _Builder(sop, table, lanes, header_heights(table)).build()


# --- the builder --------------------------------------------------------------------------------


@dataclass
class _Builder:
    sop: Sop
    columns: tuple[Column, ...]
    lanes: dict[str, Column]
    header: tuple[float, float]
    symbols: dict[str, Symbol] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)
    labels: dict[int, list[Box]] = field(default_factory=dict)  # placed labels, by page

    @cached_property
    def separate_end(self) -> bool:
        """Whether the end is a terminator of its own rather than the last activity."""
        last = self.sop.steps[-1]
        if len(self.sop.steps) == 1 or last.kind is StepKind.DECISION:
            return True
        return any(t.target == END and t.source != last.key for t in transitions(self.sop))

    def build(self) -> DocumentLayout:
        found = transitions(self.sop)
        kinds = {step.key: self._kind(step) for step in self.sop.steps}
        self._rows(kinds)
        self._place_symbols(kinds)
        edges = self._edges(found)
        pages = tuple(
            Page(index, rows, self.header[0] + self.header[1] + sum(r.height for r in rows))
            for index, rows in enumerate(self._pages())
        )
        return DocumentLayout(
            sop=self.sop, columns=self.columns, header_heights=self.header, pages=pages,
            symbols=tuple(self.symbols.values()), edges=tuple(edges),
        )

    def _kind(self, step: Step) -> SymbolKind:
        if step.kind is StepKind.DECISION:
            return SymbolKind.DECISION
        if step is self.sop.steps[0]:
            return SymbolKind.TERMINATOR
        if step is self.sop.steps[-1] and not self.separate_end:
            return SymbolKind.TERMINATOR
        return SymbolKind.PROCESS

    # --- rows and pages -----------------------------------------------------------------------

    def _rows(self, kinds: dict[str, SymbolKind]) -> None:
        heights: list[float] = []
        for step in self.sop.steps:
            symbol = SYMBOL_HEIGHTS[kinds[step.key].value] + 2 * SYMBOL_PAD
            if step is self.sop.steps[-1] and self.separate_end:
                symbol += END_GAP + SYMBOL_HEIGHTS["terminator"]
            heights.append(max(row_height(row_text(step, self.sop), self.columns), symbol))
        pages = paginate(heights, BODY_HEIGHT - sum(self.header), CONNECTOR_ZONE)
        for page_index, indexes in enumerate(pages):
            y = sum(self.header)
            for position, index in enumerate(indexes):
                step = self.sop.steps[index]
                top = CONNECTOR_ZONE if page_index > 0 and position == 0 else 0.0
                bottom = (
                    CONNECTOR_ZONE
                    if page_index < len(pages) - 1 and position == len(indexes) - 1 else 0.0
                )
                height = heights[index] + top + bottom
                self.rows.append(Row(step.key, step.number, row_text(step, self.sop), page_index, y,
                                     height, top, bottom))
                y += height

    def _pages(self) -> Iterator[tuple[Row, ...]]:
        count = max(row.page for row in self.rows) + 1
        for page in range(count):
            yield tuple(row for row in self.rows if row.page == page)

    def _row(self, step_key: str) -> Row:
        return next(row for row in self.rows if row.step == step_key)

    # --- symbols ------------------------------------------------------------------------------

    def _place_symbols(self, kinds: dict[str, SymbolKind]) -> None:
        last = self.sop.steps[-1]
        for step in self.sop.steps:
            row = self._row(step.key)
            kind = kinds[step.key]
            centers = [self.lanes[key].center for key in step.lanes]
            lane_width = self.lanes[step.lanes[0]].width
            base = _symbol_width(kind, lane_width)
            width = base + (max(centers) - min(centers)) * SPAN_SHARE
            height = SYMBOL_HEIGHTS[kind.value]
            zone_top = row.y + row.top_zone
            zone = row.height - row.top_zone - row.bottom_zone
            separate = step is last and self.separate_end
            if separate:
                stack = height + END_GAP + SYMBOL_HEIGHTS["terminator"]
                cy = zone_top + (zone - stack) / 2 + height / 2
            else:
                cy = zone_top + zone / 2
            cx = self._center(step, centers)
            label = ""
            if kind is SymbolKind.TERMINATOR:
                label = "Mulai" if step is self.sop.steps[0] else "Selesai"
            self.symbols[step.key] = Symbol(
                id=f"step-{step.number}", kind=kind, page=row.page,
                box=Box(cx, cy, width, height), step=step.key, label=label,
                title=self._title(step, kind),
            )
            if separate:
                end_height = SYMBOL_HEIGHTS["terminator"]
                end_cy = cy + height / 2 + END_GAP + end_height / 2
                self.symbols[END] = Symbol(
                    id="end", kind=SymbolKind.TERMINATOR, page=row.page,
                    box=Box(cx, end_cy, _symbol_width(SymbolKind.TERMINATOR, lane_width),
                            end_height),
                    label="Selesai", title="Selesai: prosedur berakhir",
                )

    def _center(self, step: Step, centers: list[float]) -> float:
        """Midway between the step's outer lanes, but never on a lane border, where the
        arrows into and out of the symbol would run along the table's rule: then moved towards
        the lane of the role that acts."""
        cx = (max(centers) + min(centers)) / 2
        borders = [column.x for column in self.lanes.values()]
        if any(abs(cx - border) < 1 for border in borders):
            acting = self.lanes[step.roles[0]].center
            cx += OFF_BORDER if acting > cx else -OFF_BORDER
        return cx

    def _title(self, step: Step, kind: SymbolKind) -> str:
        what = {
            SymbolKind.TERMINATOR: "mulai" if step is self.sop.steps[0] else "selesai",
            SymbolKind.DECISION: "keputusan",
            SymbolKind.PROCESS: "proses",
        }[kind]
        names = ", ".join(self.sop.role(key).name for key in step.lanes)
        return f"Langkah {step.number} ({what}): {names}"

    # --- edges --------------------------------------------------------------------------------

    def _edges(self, found: list[Transition]) -> list[Edge]:
        """Routes every arrow, page by page, main flow first.

        An arrow whose ends lie on different pages is drawn in two parts: into an off-page
        connector on its own page, and out of the connector with the same letter on the
        target's page. Arrows into one symbol from other pages share a letter (one
        connector beside the target, as a draughtsman would draw every "Tolak" from later pages
        into one "B"). A connector stands where its arrow is cheapest to draw among the
        free spots (the zone at the foot or head of the page for the flow going on, beside the
        symbol in its row for an arrow going back), once the arrows before it are drawn.
        """
        drawn = [t for t in found if not (t.target == END and END not in self.symbols)]
        plans = [self._plan(transition) for transition in drawn]
        letters = _letters()
        letter_of: dict[tuple[str, int, bool], str] = {}
        legs: list[_Leg] = []
        for index, plan in enumerate(plans):
            source, target = plan.source, plan.target
            if source.page == target.page:
                legs.append(_Leg(index, 0, source.page, source, target))
                continue
            key = (target.id, target.page, target.page > source.page)
            if key not in letter_of:
                letter_of[key] = next(letters)
                legs.append(_Leg(index, 1, target.page, None, target))
            plan.letter = letter_of[key]
            legs.append(_Leg(index, 0, source.page, source, None))
        routers = {page: self._router(page) for page in {leg.page for leg in legs}}
        routed: dict[tuple[int, int], Arrow] = {}
        for leg in sorted(legs, key=lambda leg: (leg.page, self._priority(plans[leg.plan]))):
            plan = plans[leg.plan]
            router = routers[leg.page]
            start, end, route = self._leg_route(router, plan, leg)
            router.commit(_node(start), _node(end), route)
            label = self._label(plan.transition.label, route.points, leg.page, router) \
                if leg.part == 0 else None
            routed[(leg.plan, leg.part)] = Arrow(leg.page, route.points, label)
        onward = {plans[i].letter: arrow for (i, part), arrow in routed.items() if part == 1}
        return [
            Edge(plan.transition,
                 (routed[(index, 0)], onward[plan.letter]) if plan.letter
                 else (routed[(index, 0)],),
                 plan.letter)
            for index, plan in enumerate(plans)
        ]

    def _leg_route(
        self, router: Router, plan: _Plan, leg: _Leg
    ) -> tuple[Symbol, Symbol, Route]:
        if leg.start is not None and leg.end is not None:
            start, end = leg.start, leg.end
            route = router.best(_node(start), _node(end))
            return start, end, route or router.fallback(_node(start), _node(end))
        placed = self.symbols.get(_connector_id(plan.letter, leg))
        if placed is not None:  # another arrow to the same letter already placed it
            pair = (leg.start, placed) if leg.start is not None else (placed, leg.end)
            assert pair[0] is not None and pair[1] is not None
            route = router.best(_node(pair[0]), _node(pair[1]))
            return pair[0], pair[1], route or router.fallback(_node(pair[0]), _node(pair[1]))
        best: tuple[float, Symbol, Route] | None = None
        spots = self._spots(plan, leg)
        for rank, (x, y) in enumerate(spots):
            box = Box(x, y, CONNECTOR_SIZE, CONNECTOR_SIZE)
            if not router.free(box) or not self._in_lanes(box):
                continue
            connector = self._connector(plan, leg, box)
            pair = (leg.start, connector) if leg.start is not None else (connector, leg.end)
            assert pair[0] is not None and pair[1] is not None
            route = router.best(_node(pair[0]), _node(pair[1]))
            if route is not None and (best is None or route.cost + rank < best[0]):
                best = (route.cost + rank, connector, route)
        if best is None:
            connector = self._connector(plan, leg, Box(*spots[0], CONNECTOR_SIZE, CONNECTOR_SIZE))
            pair = (leg.start, connector) if leg.start is not None else (connector, leg.end)
            assert pair[0] is not None and pair[1] is not None
            best = (0.0, connector, router.fallback(_node(pair[0]), _node(pair[1])))
        _, connector, route = best
        self.symbols[connector.id] = connector
        router.add(_node(connector))
        if leg.start is not None:
            return leg.start, connector, route
        assert leg.end is not None
        return connector, leg.end, route

    def _in_lanes(self, box: Box) -> bool:
        lanes = sorted(self.lanes.values(), key=lambda column: column.x)
        return lanes[0].x + 1 <= box.left and box.right <= lanes[-1].x + lanes[-1].width - 1

    def _plan(self, transition: Transition) -> _Plan:
        return _Plan(transition, self.symbols[transition.source], self.symbols[transition.target])

    def _priority(self, plan: _Plan) -> tuple[int, float]:
        transition = plan.transition
        span = abs(plan.target.box.cy - plan.source.box.cy) + 1000 * abs(
            plan.target.page - plan.source.page
        )
        if transition.kind is TransitionKind.NEXT:
            rank = 0 if self._adjacent(transition) else 1
        elif transition.kind is TransitionKind.REJECT:
            rank = 2  # before skips: a decision's side is where "Tidak" naturally leaves
        else:
            rank = 3
        return rank, span

    def _adjacent(self, transition: Transition) -> bool:
        if transition.target == END:
            return True
        numbers = self.sop.step(transition.source).number, self.sop.step(transition.target).number
        return numbers[1] == numbers[0] + 1

    def _router(self, page: int) -> Router:
        lanes = sorted(self.lanes.values(), key=lambda column: column.x)
        return Router(
            nodes=[_node(symbol) for symbol in self.symbols.values() if symbol.page == page],
            x_min=lanes[0].x, x_max=lanes[-1].x + lanes[-1].width,
            centers=[column.center for column in lanes],
            borders=[column.x for column in lanes[1:]],
        )

    def _label(
        self, text: str, points: tuple[Point, ...], page: int, router: Router
    ) -> Label | None:
        lanes = sorted(self.lanes.values(), key=lambda column: column.x)
        return place_label(
            text, points, width_limit=lanes[0].width - 8,
            x_range=(lanes[0].x, lanes[-1].x + lanes[-1].width),
            obstacles=[Obstacle(s.box, s.kind is SymbolKind.DECISION)
                       for s in self.symbols.values() if s.page == page],
            placed=self.labels.setdefault(page, []), crosses=router.crosses,
        )

    # --- off-page connectors ------------------------------------------------------------------

    def _spots(self, plan: _Plan, leg: _Leg) -> list[tuple[float, float]]:
        """Where the leg's connector may stand, the likeliest first."""
        source, target = plan.source, plan.target
        centers = sorted(column.center for column in self.lanes.values())
        if target.page > source.page:  # the flow goes on: the zone at the foot or the head
            rows = [row for row in self.rows if row.page == leg.page]
            if leg.part == 0:
                last = rows[-1]
                y = last.y + last.height - last.bottom_zone / 2
                near = source.box.cx if source.step == last.step else target.box.cx
            else:
                first = rows[0]
                y = first.y + first.top_zone / 2
                near = target.box.cx
            xs = [near, *sorted(centers, key=lambda c: abs(c - near))]
            return [(x, y) for x in xs]
        beside = source if leg.part == 0 else target  # going back: in the row, beside it
        toward = target.box.cx if leg.part == 0 else source.box.cx
        reach = beside.box.w / 2 + CONNECTOR_SIZE / 2 + 6
        xs = [c for c in centers if abs(c - beside.box.cx) > reach]
        xs += [beside.box.right + reach - beside.box.w / 2 + 2,
               beside.box.left - reach + beside.box.w / 2 - 2]
        xs.sort(key=lambda x: abs(x - beside.box.cx) + (0 if (x - beside.box.cx) *
                                                          (toward - beside.box.cx) > 0 else 8))
        return [(x, beside.box.cy) for x in xs]

    def _connector(self, plan: _Plan, leg: _Leg, box: Box) -> Symbol:
        letter = plan.letter
        onward = plan.target.page > plan.source.page
        if leg.part == 0:
            where = "halaman berikutnya" if onward else "halaman sebelumnya"
            title = f"{letter}: bersambung ke {where}"
        else:
            where = "halaman sebelumnya" if onward else "halaman berikutnya"
            title = f"{letter}: sambungan dari {where}"
        return Symbol(
            id=_connector_id(letter, leg), kind=SymbolKind.CONNECTOR, page=leg.page, box=box,
            label=letter, title=title, direction="out" if leg.part == 0 else "in",
        )


@dataclass
class _Leg:
    """The part of an arrow drawn on one page; a missing end is an off-page connector."""

    plan: int
    part: int
    page: int
    start: Symbol | None
    end: Symbol | None


@dataclass
class _Plan:
    transition: Transition
    source: Symbol
    target: Symbol
    letter: str = ""


def _connector_id(letter: str, leg: _Leg) -> str:
    """One connector per letter and page: several arrows may lead into the same one."""
    return f"off-{letter}-in" if leg.part else f"off-{letter}-out-{leg.page + 1}"


def _symbol_width(kind: SymbolKind, lane_width: float) -> float:
    base = min(40.0, max(16.0, lane_width - 22))
    return base + 6 if kind is SymbolKind.DECISION else base


def _node(symbol: Symbol) -> Node:
    return Node(symbol.id, symbol.box)


def _letters() -> Iterator[str]:
    for letter in ascii_uppercase:
        yield letter
    count = 1
    while True:
        for letter in ascii_uppercase:
            yield f"{letter}{count}"
        count += 1
