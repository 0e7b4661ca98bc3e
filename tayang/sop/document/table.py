"""The procedure table's columns, the height its texts need, and how its rows fill the pages.

Widths: the lanes get a fixed share (narrower as executors are added); the text columns share
the rest, each at least as wide as its longest word so that no word sticks out of its cell.
Heights: each text cell wrapped with the shipped font's metrics (:mod:`metrics`).
"""

from __future__ import annotations

from dataclasses import dataclass

from tayang.sop.document.content import RowText, row_text
from tayang.sop.document.geometry import (
    BODY_SIZE,
    CELL_INSET_X,
    HEAD_SIZE,
    TABLE_WIDTH,
    text_height,
)
from tayang.sop.document.metrics import SAFETY, font, line_count
from tayang.sop.model import Sop

NUMBER_WIDTH = 20.0
LANE_MAX, LANE_MIN, LANES_SHARE = 64.0, 34.0, 330.0
TEXT_SHARES = (("activity", 0.28), ("requirements", 0.23), ("time", 0.11), ("output", 0.17),
               ("notes", 0.21))
TITLES = {"no": "No", "activity": "Kegiatan", "requirements": "Kelengkapan", "time": "Waktu",
          "output": "Output", "notes": "Keterangan"}
ITEM_LABEL_EM = 1.7  # width of the "1." column of a numbered Kelengkapan list


@dataclass(frozen=True)
class Column:
    key: str  # no, activity, lane, requirements, time, output, notes
    title: str
    x: float
    width: float
    role: str = ""  # the role key of a lane

    @property
    def center(self) -> float:
        return self.x + self.width / 2


def columns(sop: Sop) -> tuple[Column, ...]:
    """No · Kegiatan · one lane per role, in the definition's order · Kelengkapan · Waktu ·
    Output · Keterangan, filling the page's width."""
    lane_width = min(LANE_MAX, max(LANE_MIN, LANES_SHARE / len(sop.lanes)))
    widths = _text_widths(sop, TABLE_WIDTH - NUMBER_WIDTH - lane_width * len(sop.lanes))
    found: list[Column] = []
    x = 0.0
    for key, title, width, role in (
        ("no", TITLES["no"], NUMBER_WIDTH, ""),
        ("activity", TITLES["activity"], widths["activity"], ""),
        *(("lane", role.name, lane_width, role.key) for role in sop.lanes),
        *((key, TITLES[key], widths[key], "") for key in ("requirements", "time", "output",
                                                          "notes")),
    ):
        found.append(Column(key, title, x, width, role))
        x += width
    return tuple(found)


def header_heights(table: tuple[Column, ...]) -> tuple[float, float]:
    """The two header rows: the groups (Pelaksana, Mutu Baku), then the lanes' role names."""
    names = max(
        line_count(column.title, column.width - 2 * CELL_INSET_X, HEAD_SIZE, bold=True)
        for column in table if column.key == "lane"
    )
    return text_height(1, HEAD_SIZE), text_height(max(names, 1), HEAD_SIZE)


def row_height(text: RowText, table: tuple[Column, ...]) -> float:
    """The height the row's tallest text cell needs."""
    widths = {column.key: column.width for column in table if column.key != "lane"}

    def lines(value: str, key: str, indent: float = 0.0) -> int:
        return line_count(value, widths[key] - 2 * CELL_INSET_X - indent, BODY_SIZE)

    label = ITEM_LABEL_EM * BODY_SIZE if len(text.requirements) > 1 else 0.0
    counts = (
        lines(text.number, "no"),
        lines(text.activity, "activity"),
        sum(lines(item, "requirements", label) for item in text.requirements),
        lines(text.time, "time"),
        lines(text.output, "output"),
        sum(lines(paragraph, "notes") for paragraph in text.notes),
    )
    return text_height(max(max(counts), 1))


def paginate(heights: list[float], available: float, zone: float) -> list[list[int]]:
    """Row indexes per page, as many whole rows as fit. Where the table breaks, ``zone`` is
    kept at the foot of the page and at the head of the next (for off-page connectors). A row
    taller than a page stands alone on one."""
    pages: list[list[int]] = []
    current: list[int] = []
    used = 0.0
    for index, height in enumerate(heights):
        reserve = zone if index < len(heights) - 1 else 0.0
        if current and used + height + reserve > available:
            pages.append(current)
            current, used = [], zone
        current.append(index)
        used += height
    pages.append(current)
    return pages


def _text_widths(sop: Sop, total: float) -> dict[str, float]:
    texts: dict[str, list[str]] = {key: [] for key, _ in TEXT_SHARES}
    for step in sop.steps:
        text = row_text(step, sop)
        texts["activity"].append(text.activity)
        texts["requirements"].extend(text.requirements)
        texts["time"].append(text.time)
        texts["output"].append(text.output)
        texts["notes"].extend(text.notes)
    indent = ITEM_LABEL_EM * BODY_SIZE
    least = {
        key: max(
            [font(bold=True).width(TITLES[key], HEAD_SIZE)]
            + [font().width(word, BODY_SIZE) for value in values for word in value.split()]
        ) * SAFETY + 2 * CELL_INSET_X + 1 + (indent if key == "requirements" else 0.0)
        for key, values in texts.items()
    }
    widths = {key: total * share for key, share in TEXT_SHARES}
    short = {key: least[key] - widths[key] for key in widths if widths[key] < least[key]}
    spare = {key: widths[key] - least[key] for key in widths if key not in short}
    taken = min(sum(short.values()), sum(spare.values()))
    for key, missing in short.items():
        widths[key] += missing * taken / sum(short.values())
    for key, room in spare.items():
        widths[key] -= taken * room / sum(spare.values())
    return widths
