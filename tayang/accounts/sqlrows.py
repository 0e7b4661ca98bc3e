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
def columns(model: type[models.Model]) -> list[models.Field]:
    """The model's concrete fields, in the order ``Model.from_db`` takes their values."""
    return [cast(models.Field, field) for field in model._meta.concrete_fields]


@functools.cache
def pk_index(model: type[models.Model]) -> int:
    """Where the primary key is among :func:`columns`: None there means no row was joined."""
    return columns(model).index(cast(models.Field, model._meta.pk))


def select_list(model: type[models.Model], alias: str, connection: BaseDatabaseWrapper) -> str:
    quote = connection.ops.quote_name
    return ", ".join(f"{alias}.{quote(field.column)}" for field in columns(model))


def _converters(model: type[models.Model],
                connection: BaseDatabaseWrapper) -> list[tuple[Any, list[Converter]]]:
    """Each column's expression (some converters ask it for its field) and converters."""
    plans: dict[str, list[tuple[Any, list[Converter]]]] = connection.__dict__.setdefault(
        _PLANS, {})
    label = model._meta.label
    if label not in plans:
        found = []
        for field in columns(model):
            column = field.get_col(model._meta.db_table)
            found.append((column, [*connection.ops.get_db_converters(column),
                                   *column.get_db_converters(connection)]))
        plans[label] = found
    return plans[label]


def instance[M: models.Model](model: type[M], values: Sequence[Any],
                              connection: BaseDatabaseWrapper) -> M:
    """An instance of ``model`` from its columns' values as the database sent them."""
    converted = []
    for value, (column, converters) in zip(values, _converters(model, connection),
                                           strict=True):
        for convert in converters:
            value = convert(value, column, connection)
        converted.append(value)
    return model.from_db(connection.alias, None, converted)
