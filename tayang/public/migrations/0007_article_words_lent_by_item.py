"""PostgreSQL: the public search's words move into the items' rows of ``items_search``, where
an article holding every word of its item's row keeps only the words the item's are not and
borrows the rest (``tayang.items.public_words``; docs/performance.md, "The public search's
words lent by the item"). Nothing changes on SQLite, whose contentless FTS5 index stores no
words.

Forwards: each article's vector is copied into its item's row (``public_words``; a row of its
own, with no item words, where the item had none), the article table is dropped, and every row
whose item words are all its article's lends them. Backwards: each article's vector is made
whole again (``public_words || words`` where lent: the same set of words) into a table of its
own as it was, and the columns go. On an existing database the rows updated leave their old
copies to be reused by the rows written next (``VACUUM FULL items_search`` returns the space
at once)."""

from django.db import migrations

ITEMS = "items_search"
ARTICLES = "public_article_search"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    run = schema_editor.execute
    run(f"ALTER TABLE {ITEMS} ADD COLUMN public_words tsvector, "
        "ADD COLUMN lends boolean NOT NULL DEFAULT false")
    run(f"INSERT INTO {ITEMS} AS s (id, public_words) SELECT id, words FROM {ARTICLES} "
        "ON CONFLICT (id) DO UPDATE SET public_words = EXCLUDED.public_words")
    run(f"DROP TABLE {ARTICLES}")
    run(f"UPDATE {ITEMS} SET public_words = ts_delete(public_words, tsvector_to_array(words)), "
        "lends = true WHERE public_words IS NOT NULL AND words IS NOT NULL "
        "AND tsvector_to_array(words) <@ tsvector_to_array(public_words)")
    run(f"CREATE INDEX {ITEMS}_public_words_idx ON {ITEMS} USING gin (public_words) "
        "WITH (fastupdate = off)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    run = schema_editor.execute
    run(f"CREATE TABLE {ARTICLES} (id bigint PRIMARY KEY, words tsvector)")
    run(f"INSERT INTO {ARTICLES} (id, words) SELECT id, CASE WHEN lends "
        f"THEN public_words || words ELSE public_words END FROM {ITEMS} "
        "WHERE public_words IS NOT NULL ORDER BY id")
    run(f"CREATE INDEX {ARTICLES}_words_idx ON {ARTICLES} USING gin (words) "
        "WITH (fastupdate = off)")
    run(f"DELETE FROM {ITEMS} WHERE words IS NULL")  # an article's words alone
    run(f"DROP INDEX {ITEMS}_public_words_idx")
    run(f"ALTER TABLE {ITEMS} DROP COLUMN public_words, DROP COLUMN lends")


class Migration(migrations.Migration):

    dependencies = [
        ("items", "0023_older_revisions_against_the_next"),
        ("public", "0006_search_without_pending_list"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
