"""A moment as seconds since 1970 (UTC), computed by the database.

Reading tens of thousands of timestamps through Django costs more than the query: SQLite hands
them over as text that is parsed in Python, one regular expression each. As numbers they cost
nothing (``figures.Visit`` keeps moments as seconds for that reason).
"""

from __future__ import annotations

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


class ExactEpoch(Epoch):
    """The same to the microsecond, as Python's ``datetime.timestamp()`` gives it: what the
    tallies are rebuilt from must put a visit of exactly two minutes in the bucket the action
    put it in, and ``julianday()`` is only exact to some tens of microseconds. SQLite stores a
    moment as "YYYY-MM-DD HH:MM:SS[.ffffff]" (UTC): whole seconds plus the fraction's text."""

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        sql, params = compiler.compile(self.source_expressions[0])
        return (f"(CAST(strftime('%%s', {sql}) AS INTEGER) "
                f"+ CAST('0' || substr({sql}, 20) AS REAL))", params * 2)
