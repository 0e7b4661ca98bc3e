"""An item's latest revision borrows the item's content (``tayang.items.revisions``): its own
copy is set to NULL where it is byte for byte the item's (the same compressed JSON); a latest
revision that differs (a route chosen since) keeps its own. Backwards every borrowing revision
is given the item's content again, before its column is made NOT NULL.

On PostgreSQL the space of the copies is reused by the rows written next; ``VACUUM FULL
items_itemrevision`` gives it back to the disk at once (docs/performance.md)."""

from django.db import migrations

import tayang.items.fields

BORROW = (
    'UPDATE items_itemrevision SET "values" = NULL WHERE "values" = '
    '(SELECT i."values" FROM items_item AS i WHERE i.id = items_itemrevision.item_id '
    "AND i.revision = items_itemrevision.number)"
)
GIVE_BACK = (
    'UPDATE items_itemrevision SET "values" = '
    '(SELECT i."values" FROM items_item AS i WHERE i.id = items_itemrevision.item_id) '
    'WHERE "values" IS NULL'
)


class Migration(migrations.Migration):

    dependencies = [
        ("items", "0021_search_without_pending_list"),
    ]

    operations = [
        migrations.AlterField(
            model_name="itemrevision",
            name="values",
            field=tayang.items.fields.CompressedJSONField(null=True),
        ),
        migrations.RunSQL(BORROW, GIVE_BACK, elidable=False),
    ]
