"""Rows read and written by statements written out once per table, not compiled per call.

An action on an item (``items/workflow.py``) reads its item locked, writes a history row, a
revision, a step visit, an approval, a written response and the item's changed columns.
Through the ORM each of these is compiled anew on every call — ``SQLInsertCompiler.as_sql``,
``get_select``, ``build_filter``, ``Model.save`` and ``_save_table`` — 0.15–0.7 ms of Python
per statement where the database itself takes a few hundredths (issue 16,
``docs/performance.md``). Here the statement's text is built once per database vendor and
column list and kept; the values are prepared by their fields exactly as the ORM prepares
them (``pre_save``, ``get_db_prep_save``), and rows read come back through the fields' own
converters and ``Model.from_db``, so what is stored and what is read are the ORM's.

Like ``bulk_create``/``update`` these send no ``pre_save``/``post_save`` signals: used only for
models nobody listens to (the tests of ``tests/app/test_prepared_rows.py`` compare each path
with the ORM's).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, cast
from weakref import WeakKeyDictionary

from django.db import DatabaseError, connection, models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models.expressions import Col
from django.db.models.fields import AutoFieldMixin

type Converter = Callable[[Any, Any, Any], Any]


def _concrete(model: type[models.Model]) -> list[models.Field]:
    return cast(list[models.Field], list(model._meta.concrete_fields))


def _pk(model: type[models.Model]) -> models.Field:
    return cast(models.Field, model._meta.pk)


@lru_cache(maxsize=64)
def _insert_sql(vendor: str, model: type[models.Model]) -> tuple[str, tuple[models.Field, ...]]:
    """``INSERT`` of every concrete column but an automatic key, returning the key."""
    quote = connection.ops.quote_name
    pk = _pk(model)
    fields = tuple(field for field in _concrete(model)
                   if not (field is pk and isinstance(field, AutoFieldMixin)))
    columns = ", ".join(quote(field.column) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    return (f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks}) "
            f"RETURNING {quote(pk.column)}", fields)


def insert(instance: models.Model) -> None:
    """Insert ``instance`` as ``instance.save()`` would a new row (``auto_now`` and
    ``auto_now_add`` set, values prepared by their fields), and set its key from the row."""
    model = type(instance)
    sql, fields = _insert_sql(connection.vendor, model)
    params = [field.get_db_prep_save(field.pre_save(instance, True), connection)
              for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        (key,) = cursor.fetchone()
    setattr(instance, _pk(model).attname, key)
    instance._state.adding = False
    instance._state.db = connection.alias


@lru_cache(maxsize=256)
def _update_sql(vendor: str, model: type[models.Model],
                names: tuple[str, ...]) -> tuple[str, tuple[models.Field, ...]]:
    quote = connection.ops.quote_name
    meta = model._meta
    fields = tuple(cast(models.Field, meta.get_field(name)) for name in names)
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    return (f"UPDATE {quote(meta.db_table)} SET {assignments} "
            f"WHERE {quote(_pk(model).column)} = %s", fields)


def update(instance: models.Model, names: Sequence[str]) -> None:
    """Write the columns ``names`` (names or attnames) of ``instance``'s row, as
    ``instance.save(update_fields=names)`` does (``auto_now`` set); an error if no row."""
    model = type(instance)
    sql, fields = _update_sql(connection.vendor, model, tuple(names))
    params = [field.get_db_prep_save(field.pre_save(instance, False), connection)
              for field in fields]
    params.append(instance.pk)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if cursor.rowcount == 0:
            raise DatabaseError("Save with update_fields did not affect any rows.")


# The fields' converters (SQLite's dates are text, the compressed content is bytes…) depend on
# the connection's operations object; kept per such object, by attname, with the column
# expression each converter is handed (as the ORM's compiler hands it).
_CONVERTERS: WeakKeyDictionary[
    BaseDatabaseOperations, dict[type[models.Model], dict[str, tuple[tuple[Converter, ...], Col]]]
] = WeakKeyDictionary()


def converters(model: type[models.Model]) -> dict[str, tuple[tuple[Converter, ...], Col]]:
    """The converters of ``model``'s concrete fields that have any, by attname."""
    per_model = _CONVERTERS.setdefault(connection.ops, {})
    found = per_model.get(model)
    if found is None:
        found = {}
        table = model._meta.db_table
        for field in _concrete(model):
            column = field.get_col(table)
            chain = (*connection.ops.get_db_converters(column),
                     *column.get_db_converters(connection))
            if chain:
                found[field.attname] = (tuple(chain), column)
        per_model[model] = found
    return found


def converted(model: type[models.Model], attname: str, value: Any) -> Any:
    """``value`` of column ``attname`` as the ORM gives it (through the field's converters)."""
    chain = converters(model).get(attname)
    if chain is not None:
        for converter in chain[0]:
            value = converter(value, chain[1], connection)
    return value


def columns_of(model: type[models.Model], table: str | None = None) -> str:
    """The select list of ``model``'s concrete columns (``table.column, …``), in the order
    :func:`built` reads them."""
    quote = connection.ops.quote_name
    alias = quote(table or model._meta.db_table)
    return ", ".join(f"{alias}.{quote(field.column)}" for field in _concrete(model))


def width(model: type[models.Model]) -> int:
    return len(model._meta.concrete_fields)


def built[M: models.Model](model: type[M], row: Sequence[Any], start: int = 0) -> M:
    """The instance of ``model`` whose columns (as :func:`columns_of` selects them) start at
    ``row[start]``, converted by its fields as the ORM converts them."""
    fields = _concrete(model)
    values = list(row[start:start + len(fields)])
    chains = converters(model)
    for index, field in enumerate(fields):
        chain = chains.get(field.attname)
        if chain is not None:
            value = values[index]
            for converter in chain[0]:
                value = converter(value, chain[1], connection)
            values[index] = value
    return model.from_db(connection.alias, None, values)
