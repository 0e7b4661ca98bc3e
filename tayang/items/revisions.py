"""An item's revisions without the same kilobytes stored again and again.

Every change of content writes a revision with the content as it now stands, and the item
holds that same content (``Item.values``: every action, form and page reads it there). Two
rules keep each revision's content whole while storing little of it twice (PostgreSQL at
20,000 items, docs/performance.md):

* **The latest revision borrows the item's content**: its ``values`` is NULL while it is the
  item's latest and the item's content has not changed since (~830 compressed bytes an item).
* **An older revision is stored against the next one** (``fields.pack_against``: zlib's preset
  dictionary is the next revision's JSON text): what an edit did not change costs a few bytes
  (~800 → ~45 on the benchmark's data). It is written so when the revision stops being the
  latest, by an edit: the edit knows both contents. A revision given its copy any other way
  (a route choice, a writer that did not lock the item) keeps it whole.

So a revision's content is read from the revisions after it, newest first, down to it: the
latest's (the item's if it borrows), then each older one decoded with the text above it
(:func:`contents`, one statement). Readers never read the column alone. A writer that changes
the item's content first gives the revision that borrows it its own copy (:func:`keep_borrowed`,
in the action's transaction, before the new revision is written); at most one revision borrows
(the engine refuses an edit that changes nothing). A route choice changes the content without a
revision of its own: the borrowing revision keeps the route it was written with, as before.

Only an action changes an item's content (``items.workflow``: ``create_item`` and ``perform``,
both through ``items.records.write``). Anything else that rewrote ``Item.values`` (a data
migration) would have to fill the borrowing revisions first, as migration 0022 does backwards;
a revision's content never changes, so the ones stored against it stay readable.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tayang.items.fields import (
    is_against,
    pack,
    pack_against,
    text_of,
    unpack_against,
)
from tayang.items.models import Item, ItemRevision
from tayang.rows import reading

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper


def contents(item_id: int, numbers: Iterable[int]) -> dict[int, tuple[Any, datetime]]:
    """The content and time of the item's revisions ``numbers`` (those that exist), by number:
    the revisions from the oldest asked for up to the latest, read in one statement."""
    wanted = set(numbers)
    if not wanted:
        return {}
    return _read(item_id, wanted, "%s", [min(wanted)])


def _names() -> tuple[BaseDatabaseWrapper, str, str, str]:
    """The connection, and the quoted names of the revisions' table, the items' table and
    their ``values`` column, as the statements written out below use them."""
    connection = reading.default_connection()
    quote = connection.ops.quote_name
    return (connection, quote(ItemRevision._meta.db_table), quote(Item._meta.db_table),
            quote("values"))


def content_before(item_id: int, revision: int) -> dict[str, Any] | None:
    """The content of the item's latest revision before ``revision``, or None (one statement)."""
    _, table, _, _ = _names()
    found = _read(item_id, None, f"(SELECT MAX(number) FROM {table} WHERE item_id = %s "
                  f"AND number < %s)", [item_id, revision])
    return found[min(found)][0] if found else None


def _read(item_id: int, wanted: set[int] | None, lowest: str, parameters: list[Any]
          ) -> dict[int, tuple[Any, datetime]]:
    """The revisions ``wanted`` (None: the oldest read) of those numbered from ``lowest`` (SQL)
    up, with the texts above them that they are stored against."""
    connection, table, items, column = _names()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT r.number, r.{column}, r.created_at, i.{column} FROM {table} AS r "
                       f"JOIN {items} AS i ON i.id = r.item_id WHERE r.item_id = %s "
                       f"AND r.number >= {lowest} ORDER BY r.number DESC",
                       [item_id, *parameters])
        rows = cursor.fetchall()
    if not rows:
        return {}
    if wanted is None:
        wanted = {rows[-1][0]}
    texts = resolved([(number, stored) for number, stored, _, _ in rows],
                     lambda: zlib.decompress(bytes(rows[0][3])))
    return {number: (json.loads(texts[number]),
                     reading.converted(ItemRevision, "created_at", at))
            for number, _, at, _ in rows if number in wanted}


def resolved(newest_first: list[tuple[int, Any]], item_text: Callable[[], bytes]
             ) -> dict[int, bytes]:
    """The JSON text of each of an item's revisions, from ``(number, stored)`` newest first down
    to the oldest wanted (``stored``: None when it borrows the item's content, the column's
    bytes, or as the ORM reads them: a dict, or ``Against`` bytes), and the item's content as
    text (called only for a borrowing revision). Pure: :func:`contents` and the website's bulk
    reindex share it."""
    texts: dict[int, bytes] = {}
    above: bytes | None = None
    for number, stored in newest_first:
        if stored is None:
            text = item_text()
        elif isinstance(stored, dict):
            text = text_of(stored)
        elif is_against(stored):
            if above is None:
                raise ValueError(f"revision {number} is stored against a revision not read")
            text = unpack_against(bytes(stored), above)
        else:
            text = zlib.decompress(bytes(stored))
        texts[number] = above = text
    return texts


def revision_content(item_id: int, number: int) -> dict[str, Any]:
    """The content of revision ``number`` of the item (``ItemRevision.DoesNotExist``)."""
    return content_and_time(item_id, number)[0]


def content_and_time(item_id: int, number: int) -> tuple[dict[str, Any], datetime]:
    """The content of revision ``number`` of the item and when it was written
    (``ItemRevision.DoesNotExist``)."""
    found = contents(item_id, [number])
    if number not in found:
        raise ItemRevision.DoesNotExist(f"revision {number} of item {item_id}")
    return found[number]


def with_content(revisions: list[ItemRevision], item_id: int) -> list[ItemRevision]:
    """``revisions`` of one item (read without ``values``), each given its ``content``."""
    found = contents(item_id, [revision.number for revision in revisions])
    for revision in revisions:
        revision.content = found[revision.number][0]  # type: ignore[attr-defined]
    return revisions


def keep_borrowed(item_id: int, values: dict[str, Any],
                  next_values: dict[str, Any] | None = None) -> bool:
    """Give the revision that borrows the item's content (if any) its own copy, ``values``:
    the content as it stood before the caller changes the item's. ``next_values``: the content
    of the revision the caller writes next (an edit), which the copy is then stored against.
    Whether one did (then ``values`` is the content of the item's latest revision)."""
    connection, table, _, column = _names()
    stored = pack(values) if next_values is None else pack_against(values, text_of(next_values))
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE item_id = %s AND {column} IS NULL",
                       [bytes(stored), item_id])
        return cursor.rowcount > 0


def keep_borrowed_as_stored(item_id: int) -> None:
    """As :func:`keep_borrowed`, the content copied from the item's row as stored: for a
    writer that did not read the item under the action's lock, before it saves the item."""
    connection, table, items, column = _names()
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = (SELECT i.{column} FROM {items} AS i "
                       f"WHERE i.id = {table}.item_id) WHERE item_id = %s AND {column} IS NULL",
                       [item_id])

