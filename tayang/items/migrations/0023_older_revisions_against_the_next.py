"""An older revision is stored against the next one's content (``tayang.items.revisions``):
zlib's preset dictionary is the next revision's JSON text, so what an edit left unchanged is
not stored again. Forwards every revision that has a later one and is stored whole is
compressed again against the one above it; backwards each is decoded, from the latest down,
and stored whole again (the same bytes as before: the same text at the same level).

On PostgreSQL the space of the whole copies is reused by the rows written next; ``VACUUM FULL
items_itemrevision`` gives it back to the disk at once (docs/performance.md)."""

import zlib

from django.db import migrations

from tayang.items.fields import LEVEL, is_against, unpack_against

BATCH = 1000  # items a statement


def _items(cursor, table):
    cursor.execute(f"SELECT item_id FROM {table} GROUP BY item_id HAVING COUNT(*) > 1 "
                   "ORDER BY item_id")
    ids = [row[0] for row in cursor.fetchall()]
    for start in range(0, len(ids), BATCH):
        yield ids[start:start + BATCH]


def _rewrite(apps, schema_editor, *, against):
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    table = quote("items_itemrevision")
    column = quote("values")
    with connection.cursor() as cursor:
        for ids in _items(cursor, table):
            marks = ", ".join(["%s"] * len(ids))
            cursor.execute(
                f"SELECT r.item_id, r.number, r.{column}, i.{column} FROM {table} AS r "
                f"JOIN items_item AS i ON i.id = r.item_id WHERE r.item_id IN ({marks}) "
                f"ORDER BY r.item_id, r.number DESC", ids)
            changed = []
            item, above = None, None
            for item_id, number, stored, own in cursor.fetchall():
                if item_id != item:  # the latest revision of the next item: left as it is
                    item = item_id
                    above = zlib.decompress(bytes(own if stored is None else stored))
                    continue
                if stored is None:  # borrows the item's content (at most one does: the latest)
                    text = zlib.decompress(bytes(own))
                elif is_against(stored):
                    text = unpack_against(bytes(stored), above)
                    if not against:
                        changed.append((zlib.compress(text, LEVEL), item_id, number))
                else:
                    text = zlib.decompress(bytes(stored))
                    if against:
                        packer = zlib.compressobj(LEVEL, zdict=above)
                        changed.append((packer.compress(text) + packer.flush(), item_id, number))
                above = text
            if changed:
                cursor.executemany(f"UPDATE {table} SET {column} = %s "
                                   "WHERE item_id = %s AND number = %s", changed)


def forwards(apps, schema_editor):
    _rewrite(apps, schema_editor, against=True)


def backwards(apps, schema_editor):
    _rewrite(apps, schema_editor, against=False)


class Migration(migrations.Migration):

    dependencies = [
        ("items", "0022_latest_revision_borrows_content"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
