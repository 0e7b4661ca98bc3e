"""The article's default indexes on its organization, slug and category go: no query reads by
them (an article is read by its item; a site's lists through ``article_latest_idx`` and
``article_category_idx``, which lead with the organization). 5 of the table's 60 MB at 20,000
articles on PostgreSQL (the slug twice: ``varchar_pattern_ops`` too).

The indexes are dropped by name, not by altering the fields: SQLite would copy the whole table
once per field to drop an index.
"""

import django.db.models.deletion
from django.db import migrations, models

_INDEXES = ("public_article_organization_id_80057a5e", "public_article_slug_bc376606",
            "public_article_category_slug_12036e31")
# PostgreSQL also made a ``LIKE`` index beside each slug's; IF EXISTS: SQLite has none.
_DROPPED = [*_INDEXES, *(f"{name}_like" for name in _INDEXES[1:])]
_COLUMNS = ("organization_id", "slug", "category_slug")


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0005_profile_letters_signers'),
        ('public', '0003_article_body_and_search'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='article',
                    name='category_slug',
                    field=models.SlugField(db_index=False, max_length=100, verbose_name='kategori'),
                ),
                migrations.AlterField(
                    model_name='article',
                    name='organization',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='orgs.organization'),
                ),
                migrations.AlterField(
                    model_name='article',
                    name='slug',
                    field=models.SlugField(db_index=False, max_length=100),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    [f'DROP INDEX IF EXISTS "{name}"' for name in _DROPPED],
                    [f'CREATE INDEX "{name}" ON "public_article" ("{column}")'
                     for name, column in zip(_INDEXES, _COLUMNS, strict=True)],
                ),
            ],
        ),
    ]
