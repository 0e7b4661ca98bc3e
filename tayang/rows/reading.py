"""Model instances from the rows of a hand-written ``SELECT``, converted as the ORM converts.

:func:`select_list` names a model's columns under an alias; :func:`build` turns those columns
of a row back into an instance (SQLite's text dates and 0/1 booleans, compressed content, a
field's own ``from_db_value``), by ``Model.from_db``. See the package for why.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, cast
from weakref import WeakKeyDictionary

from django.db import connection as default_connection
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models.expressions import Col

type Converter = Callable[[Any, Any, Any], Any]
type Chain = tuple[tuple[Converter, ...], Col]


def fields_of(model: type[models.Model], names: tuple[str, ...] = ()) -> tuple[models.Field, ...]:
    """The model's fields ``names``, or all its concrete fields in the order
    ``Model.from_db`` takes their values."""
    return _fields(model, names)


@lru_cache(maxsize=256)
def _fields(model: type[models.Model], names: tuple[str, ...]) -> tuple[models.Field, ...]:
    if names:
        return tuple(cast(models.Field, model._meta.get_field(name)) for name in names)
    return tuple(cast(models.Field, field) for field in model._meta.concrete_fields)


def width(model: type[models.Model]) -> int:
    """How many columns :func:`select_list` names for the whole model."""
    return len(model._meta.concrete_fields)


def pk_index(model: type[models.Model]) -> int:
    """Where the primary key is among the model's columns: None there means a ``LEFT JOIN``
    found no row."""
    return fields_of(model).index(cast(models.Field, model._meta.pk))


def select_list(model: type[models.Model], alias: str | None = None,
                names: tuple[str, ...] = (), *,
                using: BaseDatabaseWrapper | None = None) -> str:
    """``alias.col1, alias.col2, …``: the columns ``names`` (all concrete ones: ``()``) in
    :func:`fields_of`'s order; ``alias`` defaults to the model's quoted table name."""
    connection = using or default_connection
    key = (model, alias, names, connection.vendor)
    found = _SELECT_LISTS.get(key)
    if found is None:
        quote = connection.ops.quote_name
        prefix = alias or quote(model._meta.db_table)
        found = _SELECT_LISTS[key] = ", ".join(
            f"{prefix}.{quote(field.column)}" for field in fields_of(model, names))
    return found


_SELECT_LISTS: dict[tuple[type[models.Model], str | None, tuple[str, ...], str], str] = {}


# The converters depend on the connection's operations object (one per connection and thread);
# kept per such object and model, by attname, with the column expression each converter is
# handed (as the ORM's compiler hands it). Only columns that have converters are listed.
_CONVERTERS: WeakKeyDictionary[
    BaseDatabaseOperations, dict[type[models.Model], dict[str, Chain]]
] = WeakKeyDictionary()


def _chains(model: type[models.Model], connection: BaseDatabaseWrapper) -> dict[str, Chain]:
    per_model = _CONVERTERS.setdefault(connection.ops, {})
    found = per_model.get(model)
    if found is None:
        found = {}
        table = model._meta.db_table
        for field in fields_of(model):
            column = field.get_col(table)
            chain = (*connection.ops.get_db_converters(column),
                     *column.get_db_converters(connection))
            if chain:
                found[field.attname] = (tuple(chain), column)
        per_model[model] = found
    return found


def converted(model: type[models.Model], attname: str, value: Any, *,
              using: BaseDatabaseWrapper | None = None) -> Any:
    """``value`` of the column ``attname`` as the database sent it, as the ORM hands it over."""
    connection = using or default_connection
    chain = _chains(model, connection).get(attname)
    if chain is not None:
        for converter in chain[0]:
            value = converter(value, chain[1], connection)
    return value


def converted_row(model: type[models.Model], names: tuple[str, ...], values: Sequence[Any], *,
                  using: BaseDatabaseWrapper | None = None) -> list[Any]:
    """The values of the columns ``names`` (all: ``()``), in order, as the ORM gives them."""
    connection = using or default_connection
    chains = _chains(model, connection)
    result = list(values)
    for index, field in enumerate(fields_of(model, names)):
        chain = chains.get(field.attname)
        if chain is not None:
            value = result[index]
            for converter in chain[0]:
                value = converter(value, chain[1], connection)
            result[index] = value
    return result


def build[M: models.Model](model: type[M], row: Sequence[Any], start: int = 0, *,
                           using: BaseDatabaseWrapper | None = None) -> M:
    """The instance of ``model`` whose columns (as :func:`select_list` names them all) start at
    ``row[start]``."""
    connection = using or default_connection
    values = converted_row(model, (), row[start:start + width(model)], using=connection)
    return cast(M, model.from_db(connection.alias, None, values))


def take[M: models.Model](model: type[M], values: Sequence[Any], *,
                          using: BaseDatabaseWrapper | None = None) -> tuple[M | None, Any]:
    """The instance made of the first columns of ``values`` (None when a ``LEFT JOIN`` found
    no row), and the values after them."""
    count = width(model)
    own, rest = values[:count], values[count:]
    if own[pk_index(model)] is None:
        return None, rest
    return build(model, own, using=using), rest
