"""The files an item's content names, read once per action.

Carrying out one action used to read the same files three times: for the engine's view of
the item, for the hash on the approval, and for whoever the notifications or the channels
check — a query each, and on publishing two more (the channels' limits, the article). The
action's own (locked) item carries a memo of what it has read; any other item reads afresh.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache

from django.db import connection

from tayang.items.content import asset_ids
from tayang.items.models import Item
from tayang.media.models import MediaAsset
from tayang.rows import reading
from tayang.sop.model import Sop

_MEMO = "_named_assets"
_OWN = "_own_assets"


def remember_assets(item: Item, own: list[MediaAsset] | None = None) -> None:
    """Let ``item`` keep the files read for it until it is dropped (one action's lifetime).

    ``own``: all the item's own files, read with it (``own_files_sql``): the content names
    only those, nearly always, and then they are not read again."""
    setattr(item, _MEMO, {})
    if own is not None:
        ordered = sorted(own, key=lambda asset: (asset.uploaded_at, asset.pk))  # the model's
        setattr(item, _OWN, {asset.pk: asset for asset in ordered})


def named_assets(item: Item, sop: Sop, values: Mapping[str, object] | None = None,
                 *, own: bool = False) -> dict[int, MediaAsset]:
    """The files ``values`` (the item's own by default) name, by id; ``own`` keeps only the
    item's own files, whatever the content says."""
    wanted = frozenset(asset_ids(sop, item.values if values is None else values))
    memo: dict[frozenset[int], dict[int, MediaAsset]] | None = getattr(item, _MEMO, None)
    found = memo.get(wanted) if memo is not None else None
    if found is None:
        own_files: dict[int, MediaAsset] | None = getattr(item, _OWN, None)
        if own_files is not None and wanted <= own_files.keys():
            found = {pk: asset for pk, asset in own_files.items() if pk in wanted}
        else:  # another item's file named too (never by an edit: ``workflow._foreign_assets``)
            found = _read(wanted)
        if memo is not None:
            memo[wanted] = found
    if own:
        return {pk: asset for pk, asset in found.items() if asset.item_id == item.pk}
    return found


def _read(wanted: frozenset[int]) -> dict[int, MediaAsset]:
    """``MediaAsset.objects.filter(pk__in=wanted)`` in its order, by a statement written out
    (``tayang.rows``): compiling the ORM's query cost more than the database's answer."""
    if not wanted:
        return {}
    sql = _select_sql(connection.vendor) % ", ".join(["%s"] * len(wanted))
    with connection.cursor() as cursor:
        cursor.execute(sql, sorted(wanted))
        rows = cursor.fetchall()
    return {asset.pk: asset for asset in (reading.build(MediaAsset, row) for row in rows)}


@lru_cache(maxsize=4)
def _select_sql(vendor: str) -> str:
    """The files by id (their placeholders left as ``%s`` to fill), in the model's order."""
    quote = connection.ops.quote_name
    table = quote(MediaAsset._meta.db_table)
    return (f"SELECT {reading.select_list(MediaAsset).replace('%', '%%')} FROM {table} "
            f"WHERE {table}.{quote('id')} IN (%s) "
            f"ORDER BY {table}.{quote('uploaded_at')} ASC, {table}.{quote('id')} ASC")


def own_files_sql(vendor: str, item_id: str) -> str:
    """A subquery of the item's read: every file of the item whose id is the column
    ``item_id``, as a JSON array of arrays of its columns (in ``columns_of`` order; NULL or
    ``[]`` for none): the action's files come with its item, one statement fewer."""
    quote = connection.ops.quote_name
    columns = ", ".join(f"a.{quote(field.column)}" for field in MediaAsset._meta.concrete_fields)
    table = quote(MediaAsset._meta.db_table)
    rows = (f"json_agg(json_build_array({columns}))" if vendor == "postgresql"
            else f"json_group_array(json_array({columns}))")
    return f"SELECT {rows} FROM {table} AS a WHERE a.{quote('item_id')} = {item_id}"


def own_files(value: object) -> list[MediaAsset]:
    """The files of :func:`own_files_sql`'s column, as the ORM reads them: on SQLite the JSON
    holds each column as stored (its converters apply, as to a column read); PostgreSQL's
    renders dates as ISO text and a whole float as an integer (the fields' ``to_python``)."""
    if value is None:
        return []
    rows = json.loads(value) if isinstance(value, str) else value
    if not isinstance(rows, list):
        raise AssertionError
    if connection.vendor == "postgresql":
        fields = MediaAsset._meta.concrete_fields
        rows = [[None if raw is None else field.to_python(raw)
                 for field, raw in zip(fields, row, strict=True)] for row in rows]
    return [reading.build(MediaAsset, row) for row in rows]
