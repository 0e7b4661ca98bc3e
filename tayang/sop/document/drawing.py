"""What a laid-out SOP document is made of: rows, symbols, arrows and pages, in millimetres.

:func:`tayang.sop.document.layout.layout` computes it; the HTML and PDF renderers draw it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tayang.sop.document import shapes
from tayang.sop.document.content import RowText
from tayang.sop.document.geometry import Box, Point
from tayang.sop.document.labels import Label
from tayang.sop.document.table import Column
from tayang.sop.document.transitions import Transition
from tayang.sop.model import Sop


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
