"""The public search's GIN index without a pending list (PostgreSQL; nothing on SQLite): each
article's words go into the index's tree as they are written, so the index stays two thirds of
the size and no search reads through a list of rows not merged yet (docs/performance.md, "The
PostgreSQL database's own size"). New databases make it so from the start
(``tayang.items.fulltext.create``)."""

from django.db import migrations

INDEX = "public_article_search"


def forwards(apps, schema_editor):
    from tayang.items import fulltext

    fulltext.without_pending_list(schema_editor, INDEX)


def backwards(apps, schema_editor):
    from tayang.items import fulltext

    fulltext.with_pending_list(schema_editor, INDEX)


class Migration(migrations.Migration):

    dependencies = [
        ("public", "0005_articlemedia_without_article_index"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
