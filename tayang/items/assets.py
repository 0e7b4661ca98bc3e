"""The files an item's content names, read once per action.

Carrying out one action used to read the same files three times: for the engine's view of
the item, for the hash on the approval, and for whoever the notifications or the channels
check — a query each, and on publishing two more (the channels' limits, the article). The
action's own (locked) item carries a memo of what it has read; any other item reads afresh.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from django.db import connection

from tayang import prepared
from tayang.items.content import asset_ids
from tayang.items.models import Item
from tayang.media.models import MediaAsset
from tayang.sop.model import Sop

_MEMO = "_named_assets"


def remember_assets(item: Item) -> None:
    """Let ``item`` keep the files read for it until it is dropped (one action's lifetime)."""
    setattr(item, _MEMO, {})


def named_assets(item: Item, sop: Sop, values: Mapping[str, object] | None = None,
                 *, own: bool = False) -> dict[int, MediaAsset]:
    """The files ``values`` (the item's own by default) name, by id; ``own`` keeps only the
    item's own files, whatever the content says."""
    wanted = frozenset(asset_ids(sop, item.values if values is None else values))
    memo: dict[frozenset[int], dict[int, MediaAsset]] | None = getattr(item, _MEMO, None)
    found = memo.get(wanted) if memo is not None else None
    if found is None:
        found = _read(wanted)
        if memo is not None:
            memo[wanted] = found
    if own:
        return {pk: asset for pk, asset in found.items() if asset.item_id == item.pk}
    return found


def _read(wanted: frozenset[int]) -> dict[int, MediaAsset]:
    """``MediaAsset.objects.filter(pk__in=wanted)`` in its order, by a statement written out
    (``tayang.prepared``): compiling the ORM's query cost more than the database's answer."""
    if not wanted:
        return {}
    sql = _select_sql(connection.vendor) % ", ".join(["%s"] * len(wanted))
    with connection.cursor() as cursor:
        cursor.execute(sql, sorted(wanted))
        rows = cursor.fetchall()
    return {asset.pk: asset for asset in (prepared.built(MediaAsset, row) for row in rows)}


@lru_cache(maxsize=4)
def _select_sql(vendor: str) -> str:
    """The files by id (their placeholders left as ``%s`` to fill), in the model's order."""
    quote = connection.ops.quote_name
    table = quote(MediaAsset._meta.db_table)
    return (f"SELECT {prepared.columns_of(MediaAsset).replace('%', '%%')} FROM {table} "
            f"WHERE {table}.{quote('id')} IN (%s) "
            f"ORDER BY {table}.{quote('uploaded_at')} ASC, {table}.{quote('id')} ASC")
