"""A moment as seconds since 1970 (UTC), computed by the database.

Reading tens of thousands of timestamps through Django costs more than the query: SQLite hands
them over as text that is parsed in Python, one regular expression each. As a number they cost
nothing, and ``from_epoch`` turns the few that are needed back into aware datetimes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.db.models import FloatField, Func


class Epoch(Func):
    output_field = FloatField()
    arity = 1

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # julianday() of the stored UTC text; 2440587.5 is 1970-01-01 00:00 UTC.
        return self.as_sql(compiler, connection,
                           template="((julianday(%(expressions)s) - 2440587.5) * 86400.0)",
                           **extra)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection,
                           template="EXTRACT(EPOCH FROM %(expressions)s)::float8", **extra)


def from_epoch(seconds: float | None) -> datetime | None:
    # Rounded to the microsecond: julianday() is a double, a few microseconds off at most.
    return None if seconds is None else datetime.fromtimestamp(round(seconds, 3), UTC)
