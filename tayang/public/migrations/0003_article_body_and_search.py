"""The article's stored body (tayang.public.body), the public search's full-text index, and
the article's search text compressed (it is no longer searched with LIKE, only told to the
index to forget it).

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


def pack_search_text(apps, schema_editor):
    Article = apps.get_model("public", "Article")
    last = 0
    while batch := list(Article.objects.filter(pk__gt=last).order_by("pk")
                        .only("pk", "search_text")[:2000]):
        for article in batch:
            article.search_words = article.search_text
        Article.objects.bulk_update(batch, ["search_words"])
        last = batch[-1].pk


def unpack_search_text(apps, schema_editor):
    Article = apps.get_model("public", "Article")
    last = 0
    while batch := list(Article.objects.filter(pk__gt=last).order_by("pk")
                        .only("pk", "search_words")[:2000]):
        for article in batch:
            article.search_text = article.search_words or ""
        Article.objects.bulk_update(batch, ["search_text"])
        last = batch[-1].pk


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
        migrations.AddField(
            model_name="article",
            name="search_words",
            field=tayang.items.fields.CompressedJSONField(null=True),
        ),
        migrations.RunPython(pack_search_text, unpack_search_text, elidable=False),
        migrations.RemoveField(model_name="article", name="search_text"),
        migrations.RenameField(model_name="article", old_name="search_words",
                               new_name="search_text"),
        migrations.RunPython(create, drop, elidable=False),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
    ]
