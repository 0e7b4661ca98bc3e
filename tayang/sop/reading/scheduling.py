"""The optional ``schedule`` block: recurring work that starts items by itself."""

from __future__ import annotations

import re
from datetime import time

from tayang.sop.reading import keys
from tayang.sop.schedule import Schedule, parse_schedule
from tayang.sop.yamlnodes import Mapping

_CLOCK = re.compile(r"^(?P<hour>\d{1,2})[.:](?P<minute>\d{2})$")


def read_schedule(top: Mapping) -> Schedule | None:
    block = top.mapping("schedule", keys.SCHEDULE)
    if block is None:
        return None
    every = block.text("every", required='jadwal, mis. «setiap minggu ke-4»')
    at = time(7, 0)
    written = block.text("at")
    if written:
        match = _CLOCK.match(written)
        hour, minute = (int(match["hour"]), int(match["minute"])) if match else (99, 99)
        if hour > 23 or minute > 59:
            block.problems.add(
                block.node_of("at"), block.sub("at"),
                f"jam «{written}» tidak sah; yang diharapkan: jam.menit, mis. «08.00»",
            )
        else:
            at = time(hour, minute)
    start = block.date("from")
    if not every:
        return None
    try:
        return parse_schedule(every, at=at, start=start)
    except ValueError as exc:
        block.problems.add(block.node_of("every"), block.sub("every"), str(exc))
        return None
