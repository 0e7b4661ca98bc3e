"""The article's stored body (tayang.public.body) and the public search's full-text index.

Existing articles get no body here (``body_version`` 0 is stale): ``public_reindex``, which
``make run`` runs at start, renders them, and until then the page renders a stale body afresh.
The search index is filled from the articles' search text.
"""

from django.db import migrations, models

import tayang.items.fields

INDEX = "public_article_search"


def create(apps, schema_editor):
    from tayang.items import fulltext

    fulltext.create(schema_editor, INDEX)


def fill(apps, schema_editor):
    from tayang.public.reindex import rebuild_search

    rebuild_search(apps)


def drop(apps, schema_editor):
    from tayang.items import fulltext

    fulltext.drop(schema_editor, INDEX)


class Migration(migrations.Migration):

    dependencies = [
        ("public", "0002_category_count"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="body",
            field=tayang.items.fields.CompressedJSONField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="article",
            name="body_version",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.RunPython(create, drop, elidable=False),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
    ]
