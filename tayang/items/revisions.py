"""An item's latest revision borrows the item's own content instead of holding a copy.

Every change of content writes a revision with the content as it now stands, and the item
holds that same content (``Item.values``: every action, form and page reads it there). The
latest revision's copy was the same kilobytes twice (~830 compressed bytes an item: 17 MB of
PostgreSQL's 373 at 20,000 items, docs/performance.md). So a revision's ``values`` is NULL
while it is the item's latest and the item's content has not changed since: it *borrows* the
item's. Two rules keep every reader seeing the revision's own content:

* readers of a revision's content read ``COALESCE(revision.values, item.values)``
  (:data:`CONTENT`, :func:`revision_content`), never the column alone;
* a writer that changes the item's content first gives the revision that borrows it a copy of
  the content as it was (:func:`keep_borrowed`, in the action's transaction, before the new
  revision is written). A route choice changes the content without a revision of its own:
  the borrowing revision keeps the route it was written with, as before.

Only an action changes an item's content (``items.workflow``: ``create_item`` and ``perform``,
both through ``items.records.write``). Anything else that rewrote ``Item.values`` (a data
migration) would have to fill the borrowing revisions first, as migration 0022 does backwards.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.db.models.functions import Coalesce

from tayang.items.fields import CompressedJSONField
from tayang.items.models import Item, ItemRevision
from tayang.rows import reading

# The revision's content for a query of ``ItemRevision`` (its own, or the item's it borrows).
CONTENT = Coalesce(F("values"), F("item__values"), output_field=CompressedJSONField())


def revision_content(item_id: int, number: int) -> dict[str, Any]:
    """The content of revision ``number`` of the item (``ItemRevision.DoesNotExist``)."""
    return (ItemRevision.objects.filter(item_id=item_id, number=number)
            .annotate(content=CONTENT).values_list("content", flat=True).get())


def with_content(revisions: Any) -> Any:
    """A queryset of revisions with ``content`` (their own or the item's they borrow) and
    without ``values`` read."""
    return revisions.defer("values").annotate(content=CONTENT)


def keep_borrowed(item_id: int, values: dict[str, Any]) -> bool:
    """Give the revision that borrows the item's content (if any) its own copy, ``values``:
    the content as it stood before the caller changes the item's. Whether one did (then
    ``values`` is the content of the item's latest revision)."""
    connection = reading.default_connection()
    table = connection.ops.quote_name(ItemRevision._meta.db_table)
    column = connection.ops.quote_name("values")
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE item_id = %s AND {column} IS NULL",
                       [_FIELD.get_db_prep_save(values, connection), item_id])
        return cursor.rowcount > 0


def keep_borrowed_as_stored(item_id: int) -> None:
    """As :func:`keep_borrowed`, the content copied from the item's row as stored: for a
    writer that did not read the item under the action's lock, before it saves the item."""
    connection = reading.default_connection()
    quote = connection.ops.quote_name
    table, items = quote(ItemRevision._meta.db_table), quote(Item._meta.db_table)
    column = quote("values")
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = (SELECT i.{column} FROM {items} AS i "
                       f"WHERE i.id = {table}.item_id) WHERE item_id = %s AND {column} IS NULL",
                       [item_id])


_FIELD = ItemRevision._meta.get_field("values")
