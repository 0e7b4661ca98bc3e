"""A chart as data: what Chart.js draws (``evaluation/dashboard.js``) and what the table beside
it lists, from one value, so the picture and the accessible table can never disagree."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Series:
    label: str
    values: list[float | None]
    stack: str = ""  # series with the same stack are drawn on top of each other


@dataclass(frozen=True)
class Chart:
    key: str  # the element id: unique on the page
    title: str
    labels: list[str]
    series: list[Series]
    kind: str = "bar"  # "bar" or "line"
    unit: str = ""  # what the values count or measure, for the axis and the table
    horizontal: bool = False
    texts: list[list[str]] = field(default_factory=list)  # the table's cells, when not plain
    headings: list[str] = field(default_factory=list)  # the table's column headings then
    first: str = ""  # the heading of the label column of a plain table
    short: list[str] = field(default_factory=list)  # labels to draw when ``labels`` are long

    def spec(self) -> dict[str, Any]:
        """What the browser gets (json_script): nothing but numbers and labels."""
        return {
            "kind": self.kind, "labels": self.short or self.labels, "unit": self.unit,
            "horizontal": self.horizontal,
            "series": [{"label": s.label, "values": s.values, "stack": s.stack}
                       for s in self.series],
        }

    @property
    def rows(self) -> list[list[str]]:
        """The table: a row per label, a cell per series."""
        if self.texts:
            return self.texts
        return [[label, *(_cell(s.values[n]) for s in self.series)]
                for n, label in enumerate(self.labels)]

    @property
    def labelled_rows(self) -> list[list[tuple[str, str]]]:
        """The table's cells with their column headings (a phone shows each row as a card
        whose cells name their column)."""
        return [list(zip(self.columns, row, strict=False)) for row in self.rows]

    @property
    def columns(self) -> list[str]:
        return self.headings or [self.first, *(s.label for s in self.series)]

    @property
    def empty(self) -> bool:
        return not self.labels


def _cell(value: float | None) -> str:
    if value is None:
        return "-"
    if float(value).is_integer():
        return f"{int(value)}"
    return f"{value:.1f}".replace(".", ",")
