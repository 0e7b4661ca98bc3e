"""The register's full-text index (tayang.items.search), filled for the items that exist."""

from django.db import migrations

INDEX = "items_search"


def create(apps, schema_editor):
    from tayang.items import fulltext

    fulltext.create(schema_editor, INDEX)


def fill(apps, schema_editor):
    from tayang.items.search import rebuild

    rebuild(apps)


def drop(apps, schema_editor):
    from tayang.items import fulltext

    fulltext.drop(schema_editor, INDEX)


class Migration(migrations.Migration):

    dependencies = [
        ("items", "0008_publication_error_kind"),
    ]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
    ]
