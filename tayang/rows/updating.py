"""Changed columns written by a statement made once: an instance's (:func:`update`), or one
set of columns of many rows, each by its id (:func:`update_by_id`).

Django's ``bulk_update`` builds a ``CASE WHEN id = … THEN …`` expression per row and column:
for 500 articles of 19 columns that is some 10,000 expressions to resolve and compile, and it
was more than half the time of rebuilding a site's articles (``public_reindex --full``). The
same rows go here as one ``UPDATE … WHERE id = %s`` run for each row by the driver
(``executemany``), the values prepared by their fields as ``bulk_update`` prepares them.
Like ``bulk_update``, :func:`update_by_id` sends no signals and sets no ``auto_now``;
:func:`update` sets ``auto_now`` as ``save(update_fields=…)`` does, but sends no signals.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import cast

from django.db import DatabaseError, connection, models

from tayang.rows import reading


def update_by_id(model: type[models.Model], objects: Sequence[models.Model],
                 fields: Sequence[str]) -> int:
    """Write ``fields`` of every object in ``objects`` to its row; returns the rows given."""
    if not objects:
        return 0
    quote = connection.ops.quote_name
    meta = model._meta
    chosen = [cast(models.Field, meta.get_field(name)) for name in fields]
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in chosen)
    statement = (f"UPDATE {quote(meta.db_table)} SET {assignments} "
                 f"WHERE {quote(cast(models.Field, meta.pk).column)} = %s")
    rows = [
        (*(field.get_db_prep_save(getattr(instance, field.attname), connection)
           for field in chosen), instance.pk)
        for instance in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(statement, rows)
    return len(rows)


def update(instance: models.Model, names: Sequence[str]) -> None:
    """Write the columns ``names`` (names or attnames) of ``instance``'s row, as
    ``instance.save(update_fields=names)`` does (``auto_now`` set); an error if no row."""
    model = type(instance)
    # The connection itself, not the proxy (which looks it up at every attribute read).
    connection = reading.default_connection()
    sql, fields = _update_sql(connection.vendor, model, tuple(names))
    params = [field.get_db_prep_save(field.pre_save(instance, False), connection)
              for field in fields]
    params.append(instance.pk)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if cursor.rowcount == 0:
            raise DatabaseError("Save with update_fields did not affect any rows.")


@lru_cache(maxsize=256)
def _update_sql(vendor: str, model: type[models.Model],
                names: tuple[str, ...]) -> tuple[str, tuple[models.Field, ...]]:
    quote = connection.ops.quote_name
    meta = model._meta
    fields = tuple(cast(models.Field, meta.get_field(name)) for name in names)
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    return (f"UPDATE {quote(meta.db_table)} SET {assignments} "
            f"WHERE {quote(cast(models.Field, meta.pk).column)} = %s", fields)
