"""The article file's own index on its article goes: ``article_media_unique`` leads with the
article and serves every lookup by article (docs/performance.md, "The PostgreSQL database's own
size"). Dropped by name, not by altering the field on the database: SQLite would copy the table.
"""

import django.db.models.deletion
from django.db import migrations, models

_INDEX = "public_articlemedia_article_id_f5738820"


class Migration(migrations.Migration):

    dependencies = [
        ('public', '0004_article_without_unused_indexes'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='articlemedia',
                    name='article',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='media', to='public.article'),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{_INDEX}"',
                    f'CREATE INDEX "{_INDEX}" ON "public_articlemedia" ("article_id")',
                ),
            ],
        ),
    ]
