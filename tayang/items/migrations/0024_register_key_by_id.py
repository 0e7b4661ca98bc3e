"""An index of the items' register keys by id (PostgreSQL; nothing on SQLite): a rare register
search's matches, collected from the words' index as ids, are put in the register's order by
an index-only scan of it instead of a read of every match's row (``tayang.workspace.
collected_page``; «nomor 77» at a million items: 11,111 matches, 20-28 ms by the key and the
rows, 12 ms so; docs/performance.md, "Quiet figures on both databases, the register key by
id"). SQLite has no INCLUDE, and its rows are read by the key they are stored in."""

from django.db import migrations

INDEX = "item_register_key_by_id"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON items_item (id) "
            "INCLUDE (organization_id, register_year, register_number)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ("items", "0023_older_revisions_against_the_next"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
