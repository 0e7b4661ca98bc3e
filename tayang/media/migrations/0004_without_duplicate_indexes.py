"""Indexes no query needs (docs/performance.md, "The PostgreSQL database's own size"): the
derivative's own index on its asset (``derivative_unique`` leads with the asset and serves every
lookup by asset: 2.6 of the table's 34 MB at 20,000 items on PostgreSQL), and the asset's on who
uploaded it (no query reads files by person; only deleting a user, refused while any file points
at them, reads it, by a scan). Dropped by name, not by altering the fields on the database:
SQLite would copy each whole table.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

_DROPPED = {  # index: (table, column)
    "media_derivative_asset_id_3b51c548": ("media_derivative", "asset_id"),
    "media_mediaasset_uploaded_by_id_126f347c": ("media_mediaasset", "uploaded_by_id"),
}


class Migration(migrations.Migration):

    dependencies = [
        ('media', '0003_pending_file'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='derivative',
                    name='asset',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='derivatives', to='media.mediaasset'),
                ),
                migrations.AlterField(
                    model_name='mediaasset',
                    name='uploaded_by',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    [f'DROP INDEX IF EXISTS "{name}"' for name in _DROPPED],
                    [f'CREATE INDEX "{name}" ON "{table}" ("{column}")'
                     for name, (table, column) in _DROPPED.items()],
                ),
            ],
        ),
    ]
