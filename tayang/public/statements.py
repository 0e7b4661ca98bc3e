"""The public pages' written-out statements, prepared by PostgreSQL once per connection.

Every public request reads the site's state, and an uncached page one or two statements more.
Each is short: on PostgreSQL at 20,000 articles planning it took longer than running it
(0.23–0.31 ms of planning against 0.03–0.08 of execution, warm). So each runs in a cursor that
prepares it the first time the connection sees it and executes it from then on
(``tayang.rows.prepared``, shared with the actions; the article's two statements: 0.83 →
0.38–0.53 ms of the server's CPU; docs/performance.md). Code constants go into the text by
:func:`literal`, so that a statement's plan stays the one generic plan for every site.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from tayang.rows import prepared


def rows(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    """The rows of ``sql`` (``%s`` placeholders) with ``params``, on the default database."""
    with prepared.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


_PLAIN = re.compile(r"[a-z0-9_-]+")


def literal(constant: str) -> str:
    """A constant of the code (a channel's key, a state, a category's slug) to write into a
    statement's text between quotes; anything but lower-case letters, digits, ``-`` and ``_``
    is refused, so no text from outside the code can get there."""
    if not _PLAIN.fullmatch(constant):
        raise ValueError(f"Bukan konstanta yang aman untuk ditulis ke SQL: {constant!r}")
    return constant
