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

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models.base import ModelState
from django.db.models.expressions import Col
from django.db.models.signals import post_init, pre_init

type Converter = Callable[[Any, Any, Any], Any]
type Chain = tuple[tuple[Converter, ...], Col]


def default_connection() -> BaseDatabaseWrapper:
    """The default connection itself. ``django.db.connection`` is a proxy that looks the
    connection up (a thread-local) on every attribute read: ~1 µs each, some 600 reads in
    the flow's seven POSTs (``docs/performance.md``). The row helpers look it up once a call."""
    return connections[DEFAULT_DB_ALIAS]


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
    connection = using or default_connection()
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
    connection = using or default_connection()
    chain = _chains(model, connection).get(attname)
    if chain is not None:
        for converter in chain[0]:
            value = converter(value, chain[1], connection)
    return value


def converted_row(model: type[models.Model], names: tuple[str, ...], values: Sequence[Any], *,
                  using: BaseDatabaseWrapper | None = None) -> list[Any]:
    """The values of the columns ``names`` (all: ``()``), in order, as the ORM gives them."""
    connection = using or default_connection()
    result = list(values)
    for index, converters, column in _row_chains(model, names, connection):
        value = result[index]
        for converter in converters:
            value = converter(value, column, connection)
        result[index] = value
    return result


# Per connection's operations, model and columns: which positions of the row have converters.
type Placed = tuple[int, tuple[Converter, ...], Col]
_ROW_CHAINS: WeakKeyDictionary[
    BaseDatabaseOperations, dict[tuple[type[models.Model], tuple[str, ...]], tuple[Placed, ...]]
] = WeakKeyDictionary()


def _row_chains(model: type[models.Model], names: tuple[str, ...],
                connection: BaseDatabaseWrapper) -> tuple[Placed, ...]:
    per_shape = _ROW_CHAINS.get(connection.ops)
    if per_shape is None:
        per_shape = _ROW_CHAINS.setdefault(connection.ops, {})
    found = per_shape.get((model, names))
    if found is None:
        chains = _chains(model, connection)
        found = per_shape[(model, names)] = tuple(
            (index, *chains[field.attname])
            for index, field in enumerate(fields_of(model, names)) if field.attname in chains)
    return found


def build[M: models.Model](model: type[M], row: Sequence[Any], start: int = 0, *,
                           using: BaseDatabaseWrapper | None = None) -> M:
    """The instance of ``model`` whose columns (as :func:`select_list` names them all) start at
    ``row[start]``."""
    connection = using or default_connection()
    values = converted_row(model, (), row[start:start + width(model)], using=connection)
    return cast(M, instance(model, connection.alias, values))


def instance[M: models.Model](model: type[M], alias: str, values: Sequence[Any]) -> M:
    """``model.from_db(alias, None, values)`` for a whole row (every concrete field's value,
    in order), without ``Model.__init__``: that sets each value through the field's
    descriptor and sends ``pre_init``/``post_init``: an item's row 10.5 µs of CPU where this
    takes 3.3. The values go straight into the instance's ``__dict__``, where every descriptor of
    a concrete field (``DeferredAttribute``, the foreign key's, a file's) keeps them and
    reads them from; a new instance has no cached related object for the foreign key's
    ``__set__`` to clear. While anyone listens to ``pre_init``/``post_init`` (an
    ``ImageField`` with dimension fields does), or for a model with its own ``__init__`` or
    ``from_db``, the ORM's own way."""
    attnames = _attnames(model)
    if attnames is None or pre_init.receivers or post_init.receivers:
        return cast(M, model.from_db(alias, None, values))
    new = model.__new__(model)
    state = ModelState()
    state.adding = False
    state.db = alias
    data = new.__dict__
    data["_state"] = state
    data.update(zip(attnames, values, strict=True))
    return new


@lru_cache(maxsize=256)
def _attnames(model: type[models.Model]) -> tuple[str, ...] | None:
    """The attnames of the model's concrete fields, or None when the model makes its
    instances its own way."""
    if model.__init__ is not models.Model.__init__ or (
            model.from_db.__func__ is not models.Model.from_db.__func__):  # type: ignore[attr-defined]
        return None
    return tuple(field.attname for field in fields_of(model))


def take[M: models.Model](model: type[M], values: Sequence[Any], *,
                          using: BaseDatabaseWrapper | None = None) -> tuple[M | None, Any]:
    """The instance made of the first columns of ``values`` (None when a ``LEFT JOIN`` found
    no row), and the values after them."""
    count = width(model)
    own, rest = values[:count], values[count:]
    if own[pk_index(model)] is None:
        return None, rest
    return build(model, own, using=using), rest
