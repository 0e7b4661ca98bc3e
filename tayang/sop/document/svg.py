"""The flowchart of one page of the procedure table, as an SVG drawn over the table's lanes.

The SVG uses the table's own coordinates (points, origin at the table's top-left corner) and
only presentation attributes, no ``style``: it is shown inline on pages whose Content Security
Policy forbids inline styles. Every symbol and arrow carries a class and ``data-`` attributes
(kind, step, transition), so tests and scripts can count what was drawn without parsing shapes.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from tayang.sop.document.geometry import PX_PER_PT, Point
from tayang.sop.document.labels import LABEL_SIZE
from tayang.sop.document.layout import (
    Arrow,
    DocumentLayout,
    Edge,
    Symbol,
    SymbolKind,
)

FONT = "Liberation Sans, Arimo, Arial, Helvetica, sans-serif"
STROKE = 'stroke="#000" stroke-width="0.8"'


def page_svg(document: DocumentLayout, page: int) -> str:
    """The flowchart of ``page`` (0-based among the procedure pages)."""
    height = document.pages[page].height
    width = document.width
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sop-flow" data-page="{page + 1}" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" width="{_n(width * PX_PER_PT)}" '
        f'height="{_n(height * PX_PER_PT)}" role="img" aria-label="Bagan alir halaman '
        f'{page + 1}" font-family="{FONT}">',
        '<g class="edges">',
        *(_edge(edges, arrow) for edges, arrow in document.arrows_on(page)),
        "</g>",
        '<g class="symbols">',
        *(_symbol(symbol) for symbol in document.symbols_on(page)),
        "</g>",
        "</svg>",
    ]
    return "\n".join(parts)


def _symbol(symbol: Symbol) -> str:
    box = symbol.box
    attributes = {
        "class": f"symbol symbol-{symbol.kind.value}",
        "data-kind": symbol.kind.value,
        "data-id": symbol.id,
    }
    if symbol.step:
        attributes["data-step"] = symbol.step
    if symbol.kind is SymbolKind.CONNECTOR:
        attributes["data-letter"] = symbol.label
        attributes["data-direction"] = symbol.direction
    if symbol.outline:
        shape = f'<polygon points="{_points(symbol.outline)}" fill="#fff" {STROKE}/>'
    else:
        shape = (
            f'<rect x="{_n(box.left)}" y="{_n(box.top)}" width="{_n(box.w)}" '
            f'height="{_n(box.h)}" rx="{_n(symbol.radius)}" fill="#fff" {STROKE}/>'
        )
    text = ""
    if symbol.label:
        size = 7 if symbol.kind is SymbolKind.CONNECTOR else 6.5
        y = box.top + box.h * 0.42 if symbol.kind is SymbolKind.CONNECTOR else box.cy
        text = (
            f'<text x="{_n(box.cx)}" y="{_n(y + size * 0.35)}" font-size="{size}" '
            f'font-weight="bold" text-anchor="middle">{escape(symbol.label)}</text>'
        )
    return f"<g {_attributes(attributes)}><title>{escape(symbol.title)}</title>{shape}{text}</g>"


def _edge(edges: list[Edge], arrow: Arrow) -> str:
    """One arrow; out of an off-page connector it may continue several transitions, all named
    in ``data-edges`` (the first part of each transition is drawn on its own)."""
    first = edges[0]
    transition = first.transition
    part = first.arrows.index(arrow) + 1
    attributes = {
        "class": f"edge edge-{transition.kind.value}",
        "data-kind": transition.kind.value,
        "data-edge": first.id,
        "data-edges": " ".join(edge.id for edge in edges),
        "data-from": transition.source,
        "data-to": transition.target,
        "data-part": str(part),
        "data-parts": str(len(first.arrows)),
    }
    if first.connector:
        attributes["data-connector"] = first.connector
    parts = [
        f'<polyline class="edge-line" points="{_points(arrow.shaft)}" fill="none" {STROKE}/>',
        f'<polygon class="arrowhead" points="{_points(arrow.head)}" fill="#000"/>',
    ]
    if arrow.label:
        label = arrow.label
        lines = "".join(
            f'<tspan x="{_n(label.x)}" dy="{_n(0 if index == 0 else LABEL_SIZE * 1.3)}">'
            f"{escape(line)}</tspan>"
            for index, line in enumerate(label.lines)
        )
        parts.append(
            f'<text class="edge-label" x="{_n(label.x)}" y="{_n(label.y)}" '
            f'font-size="{LABEL_SIZE}" text-anchor="{label.anchor}">{lines}</text>'
        )
    return f"<g {_attributes(attributes)}>{''.join(parts)}</g>"


def _attributes(values: dict[str, str]) -> str:
    return " ".join(f'{name}="{escape(value)}"' for name, value in values.items())


def _points(points: Iterable[Point]) -> str:
    return " ".join(f"{_n(point.x)},{_n(point.y)}" for point in points)


def _n(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")
