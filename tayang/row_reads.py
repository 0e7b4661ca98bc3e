"""Model instances from the rows of a hand-written ``SELECT``, without the ORM's compiler.

A query written out once per process (a few joins, ``IN`` lists) costs a few hundredths of
a millisecond; the same query built by a ``QuerySet`` with ``select_related`` and
``distinct`` costs 0.6 ms of Python to build and compile (the people told of an arrival).
:func:`columns` gives a model's column list for the ``SELECT``; :func:`build` makes the
instances from those columns of each row, the values converted by the fields' and the
backend's converters as the ORM converts them (SQLite's dates, booleans, JSON).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, cast

from django.db import connection, models

type Converter = Callable[[Any, Any, Any], Any]


def columns(model: type[models.Model], alias: str) -> str:
    """``alias.col1, alias.col2, …``: every concrete column of ``model``, in field order."""
    return _columns(model, alias, connection.vendor)


def width(model: type[models.Model]) -> int:
    """How many columns :func:`columns` names."""
    return len(model._meta.concrete_fields)


def build[M: models.Model](model: type[M], row: Sequence[Any], start: int = 0) -> M:
    """One instance from ``row[start:start + width(model)]`` (as ``columns`` named them)."""
    names, converters = _reader(model, connection.vendor)
    values = list(row[start:start + len(names)])
    for index, (expression, chain) in converters:
        value = values[index]
        for converter in chain:
            value = converter(value, expression, connection)
        values[index] = value
    instance = model.from_db(connection.alias, names, values)
    return cast(M, instance)


def converted(model: type[models.Model], field: models.Field, value: Any) -> Any:
    """A value of ``field`` as the database returned it, as the ORM would hand it over."""
    expression, chain = _converters(model, field, connection.vendor)
    for converter in chain:
        value = converter(value, expression, connection)
    return value


@lru_cache(maxsize=256)
def _converters(model: type[models.Model], field: models.Field, vendor: str
                ) -> tuple[Any, tuple[Converter, ...]]:
    """The column's expression and its converters (the backend's, then the field's: the
    compiler's order)."""
    expression = field.get_col(model._meta.db_table)
    return expression, (*connection.ops.get_db_converters(expression),
                        *field.get_db_converters(connection))


@lru_cache(maxsize=64)
def _columns(model: type[models.Model], alias: str, vendor: str) -> str:
    quote = connection.ops.quote_name
    return ", ".join(f"{alias}.{quote(field.column)}" for field in model._meta.concrete_fields)


@lru_cache(maxsize=64)
def _reader(model: type[models.Model], vendor: str
            ) -> tuple[list[str], list[tuple[int, tuple[Any, tuple[Converter, ...]]]]]:
    """The fields' attribute names, and for each column needing conversion its expression
    and converters."""
    names: list[str] = []
    converting: list[tuple[int, tuple[Any, tuple[Converter, ...]]]] = []
    for index, field in enumerate(model._meta.concrete_fields):
        names.append(field.attname)
        expression, chain = _converters(model, cast(models.Field, field), vendor)
        if chain:
            converting.append((index, (expression, chain)))
    return names, converting
