"""Model instances from hand-written statements, made as the ORM makes them.

Every signed-in request reads the same few rows (the person, their signed-in session, their
membership). Compiling those queries with the ORM cost more than the database took to answer
them (~0.3 ms of CPU each, against ~0.02 ms to run), so they are written once per process as
SQL; this module selects a model's columns under an alias and turns the columns read back into
an instance with the converters the ORM would apply (SQLite's 0/1 booleans and text dates,
a field's own ``from_db_value``), then ``Model.from_db`` — the instance is the ORM's own.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any, cast

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper

type Converter = Callable[[Any, Any, BaseDatabaseWrapper], Any]

# Per connection (each thread has its own): the converters of a model's columns, by label.
_PLANS = "_tayang_column_converters"


@functools.cache
def columns(model: type[models.Model], names: tuple[str, ...] = ()) -> list[models.Field]:
    """The model's fields ``names``, or all its concrete fields in the order
    ``Model.from_db`` takes their values."""
    if names:
        return [cast(models.Field, model._meta.get_field(name)) for name in names]
    return [cast(models.Field, field) for field in model._meta.concrete_fields]


@functools.cache
def pk_index(model: type[models.Model]) -> int:
    """Where the primary key is among :func:`columns`: None there means no row was joined."""
    return columns(model).index(cast(models.Field, model._meta.pk))


def select_list(model: type[models.Model], alias: str, connection: BaseDatabaseWrapper,
                names: tuple[str, ...] = ()) -> str:
    quote = connection.ops.quote_name
    return ", ".join(f"{alias}.{quote(field.column)}" for field in columns(model, names))


def _converters(model: type[models.Model], names: tuple[str, ...],
                connection: BaseDatabaseWrapper) -> list[tuple[Any, list[Converter]]]:
    """Each column's expression (some converters ask it for its field) and converters."""
    plans: dict[tuple[str, tuple[str, ...]], list[tuple[Any, list[Converter]]]] = (
        connection.__dict__.setdefault(_PLANS, {}))
    key = (model._meta.label, names)
    if key not in plans:
        found = []
        for field in columns(model, names):
            column = field.get_col(model._meta.db_table)
            found.append((column, [*connection.ops.get_db_converters(column),
                                   *column.get_db_converters(connection)]))
        plans[key] = found
    return plans[key]


def converted(model: type[models.Model], names: tuple[str, ...], values: Sequence[Any],
              connection: BaseDatabaseWrapper) -> list[Any]:
    """The values of ``model``'s columns ``names`` (all: ``()``) as the ORM gives them."""
    result = []
    for value, (column, converters) in zip(values, _converters(model, names, connection),
                                           strict=True):
        for convert in converters:
            value = convert(value, column, connection)
        result.append(value)
    return result


def instance[M: models.Model](model: type[M], values: Sequence[Any],
                              connection: BaseDatabaseWrapper) -> M:
    """An instance of ``model`` from its columns' values as the database sent them."""
    return model.from_db(connection.alias, None, converted(model, (), values, connection))
