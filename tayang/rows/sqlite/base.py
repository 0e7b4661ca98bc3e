"""Django's SQLite backend, its ``%s`` placeholders turned into ``?`` once per statement text.

Python's ``sqlite3`` takes ``?``; Django writes ``%s`` and its cursor rewrites every statement
before sending it (``SQLiteCursorWrapper.convert_query``: a regular expression over the whole
text, then ``%%`` → ``%``) — 3.5 % of the server's CPU in the flow's seven POSTs, sampled
(``docs/performance.md``), more than the statements' own compiling now that the hot ones are
written out once (``tayang.rows``). The same texts come back request after request, so the
rewritten text is kept per text: the same function, remembered. Long texts (a bulk insert's
thousands of placeholders) are rewritten as before and not kept, so the kept texts stay
small (at most ``_KEPT`` of at most ``_LONGEST`` characters: under 2 MB).

``ENGINE = "tayang.rows.sqlite"`` (``tayang/settings.py``) for every SQLite database; the
vendor, features, operations and introspection are Django's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from django.db.backends.sqlite3 import base

_LONGEST = 4000
_KEPT = 512


@lru_cache(maxsize=_KEPT)
def _question_marks(query: str) -> str:
    return base.FORMAT_QMARK_REGEX.sub("?", query).replace("%%", "%")


class CursorWrapper(base.SQLiteCursorWrapper):
    def convert_query(self, query: str, *, param_names: Sequence[str] | None = None) -> str:
        if param_names is None and len(query) <= _LONGEST:
            return _question_marks(query)
        return super().convert_query(query, param_names=param_names)


class DatabaseWrapper(base.DatabaseWrapper):
    def create_cursor(self, name: Any = None) -> Any:
        return self.connection.cursor(factory=CursorWrapper)
