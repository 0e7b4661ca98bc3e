"""A step's time standard (*Waktu*) and the other durations a step may name."""

from __future__ import annotations

from datetime import timedelta

import yaml

from tayang.sop.model import FieldKind, ItemField, TimeAnchor, TimeKind, TimeStandard
from tayang.sop.reading import keys
from tayang.sop.reading.context import ReadContext
from tayang.sop.timetext import parse_duration, parse_time_standard
from tayang.sop.yamlnodes import Mapping


def read_time(
    ctx: ReadContext, entry: Mapping, activity_field: ItemField | None
) -> TimeStandard | None:
    if not entry.has("time"):
        return None
    node = entry.node_of("time")
    path = entry.sub("time")
    # Problems point at the value that has to change: the standard text, or ``from``.
    standard_at = anchor_at = (node, path)
    if isinstance(node, yaml.ScalarNode):
        standard_text, display, anchor_text = str(node.value), "", ""
    else:
        block = entry.mapping("time", keys.TIME)
        if block is None:
            return None
        standard_text = block.text("standard", required="standar waktu, mis. «1-3 jam»")
        display = block.text("text")
        anchor_text = block.text("from")
        standard_at = (block.node_of("standard"), block.sub("standard"))
        if anchor_text:
            anchor_at = (block.node_of("from"), block.sub("from"))
        if not standard_text:
            return None
    anchor = None
    if anchor_text:
        try:
            anchor = TimeAnchor(anchor_text)
        except ValueError:
            expected = ", ".join(a.value for a in TimeAnchor)
            ctx.problems.add(
                *anchor_at,
                f"«{anchor_text}» tidak dikenal; yang diharapkan salah satu dari: {expected}",
            )
            return None
    try:
        standard = parse_time_standard(standard_text, text=display, anchor=anchor)
    except ValueError as exc:
        ctx.problems.add(*standard_at, str(exc))
        return None
    if standard.anchor is TimeAnchor.ACTIVITY:
        _check_activity_anchor(ctx, standard, activity_field, anchor_at)
    return standard


def read_duration(ctx: ReadContext, entry: Mapping, key: str) -> timedelta | None:
    """A plain duration such as ``1 hari`` or ``4 jam`` (no ranges, no anchors)."""
    text = entry.text(key)
    if not text:
        return None
    try:
        return parse_duration(text)
    except ValueError as exc:
        ctx.problems.add(entry.node_of(key), entry.sub(key), str(exc))
        return None


def _check_activity_anchor(
    ctx: ReadContext,
    standard: TimeStandard,
    activity_field: ItemField | None,
    at: tuple[yaml.Node, str],
) -> None:
    if activity_field is None:
        ctx.problems.add(
            *at,
            "dihitung dari kegiatan (from: activity), tetapi tidak ada isian bertanda "
            "activity_date: true",
        )
    elif (
        standard.kind in (TimeKind.MINUTES, TimeKind.HOURS)
        and activity_field.kind is not FieldKind.DATETIME
    ):
        ctx.problems.add(
            *at,
            f"menit/jam sejak kegiatan butuh jam kegiatan: isian «{activity_field.key}» "
            "harus berjenis datetime",
        )
