"""The register index's vocabulary (SQLite): how many items each word is in, read by
``tayang.items.search`` to ask a common word the register's way (docs/performance.md)."""

from django.db import migrations

INDEX = "items_search"


def create(apps, schema_editor):
    from tayang.items import fulltext

    fulltext.create_vocabulary(schema_editor, INDEX)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        schema_editor.execute(f"DROP TABLE IF EXISTS {INDEX}_vocab")


class Migration(migrations.Migration):

    dependencies = [
        ("items", "0017_evaluation_indexes"),
    ]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
    ]
