"""The arrows of a laid-out SOP document: routed page by page, with off-page connectors.

The routing half of :func:`tayang.sop.document.layout.layout`'s builder: it runs once every
step's symbol stands in its row and lanes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from string import ascii_uppercase

from tayang.sop.document.drawing import Arrow, Edge, Row, Symbol, SymbolKind
from tayang.sop.document.geometry import Box, Point
from tayang.sop.document.labels import Label, Obstacle, place_label
from tayang.sop.document.routing import Node, Route, Router
from tayang.sop.document.table import Column
from tayang.sop.document.transitions import Transition, TransitionKind
from tayang.sop.model import END, Sop

CONNECTOR_SIZE = 14.0


class ArrowRouting:
    """Edges, legs, labels and off-page connectors, for the layout's builder."""

    sop: Sop
    lanes: dict[str, Column]
    symbols: dict[str, Symbol]
    rows: list[Row]
    labels: dict[int, list[Box]]  # placed labels, by page

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
            start, end = _ends(leg, placed)
            route = router.best(_node(start), _node(end))
            return start, end, route or router.fallback(_node(start), _node(end))
        best: tuple[float, Symbol, Route] | None = None
        spots = self._spots(plan, leg)
        for rank, (x, y) in enumerate(spots):
            box = Box(x, y, CONNECTOR_SIZE, CONNECTOR_SIZE)
            if not router.free(box) or not self._in_lanes(box):
                continue
            connector = self._connector(plan, leg, box)
            route = router.best(*map(_node, _ends(leg, connector)))
            if route is not None and (best is None or route.cost + rank < best[0]):
                best = (route.cost + rank, connector, route)
        if best is None:
            connector = self._connector(plan, leg, Box(*spots[0], CONNECTOR_SIZE, CONNECTOR_SIZE))
            best = (0.0, connector, router.fallback(*map(_node, _ends(leg, connector))))
        _, connector, route = best
        self.symbols[connector.id] = connector
        router.add(_node(connector))
        return *_ends(leg, connector), route

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


def _ends(leg: _Leg, connector: Symbol) -> tuple[Symbol, Symbol]:
    """The leg's start and end, its off-page connector in place of the missing one."""
    start, end = (leg.start, connector) if leg.start is not None else (connector, leg.end)
    if end is None:  # a leg lacks one end at most
        raise AssertionError
    return start, end


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
