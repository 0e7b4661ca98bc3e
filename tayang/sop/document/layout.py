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
from functools import cached_property

from tayang.sop.document.arrows import ArrowRouting
from tayang.sop.document.content import row_text
from tayang.sop.document.drawing import (
    Arrow,
    DocumentLayout,
    Edge,
    Page,
    Row,
    Symbol,
    SymbolKind,
)
from tayang.sop.document.geometry import BODY_HEIGHT, Box
from tayang.sop.document.table import Column, columns, header_heights, paginate, row_height
from tayang.sop.document.transitions import transitions
from tayang.sop.model import END, Sop, Step, StepKind

# The parts of a layout, for the renderers and the tests: they live in drawing.py.
__all__ = ["Arrow", "DocumentLayout", "Edge", "Page", "Row", "Symbol", "SymbolKind", "layout"]

SYMBOL_HEIGHTS = {"terminator": 18.0, "process": 20.0, "decision": 30.0}
SPAN_SHARE = 0.6  # how much of the distance between its outer lanes a wide symbol covers
OFF_BORDER = 10.0  # a symbol centred on a lane border is moved this far off it
SYMBOL_PAD = 15.0  # free space above and below a symbol, for arrows and their labels
END_GAP = 14.0  # between the last step and a separate end terminator
CONNECTOR_ZONE = 24.0  # added to the last row of a page and the first row of the next


def layout(sop: Sop) -> DocumentLayout:
    table = columns(sop)
    lanes = {column.role: column for column in table if column.key == "lane"}
    return _Builder(sop, table, lanes, header_heights(table)).build()


# --- the builder --------------------------------------------------------------------------------


@dataclass
class _Builder(ArrowRouting):
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


def _symbol_width(kind: SymbolKind, lane_width: float) -> float:
    base = min(40.0, max(16.0, lane_width - 22))
    return base + 6 if kind is SymbolKind.DECISION else base
