"""Indexes no query needs (docs/performance.md, "The PostgreSQL database's own size").

* ``item_register_idx`` (organization, year descending, number descending) held the entries of
  ``item_register_number_unique`` again: both databases walk the unique one backwards for the
  register's newest numbers first.
* The item's own index on the step visits, revisions and publications: each table's composite
  index leads with the item (``visit_open_idx``, ``item_revision_unique``,
  ``publication_unique``) and serves every lookup by item.
* The people's foreign keys of the history, revisions, responses, approvals and publications:
  no query reads them by person; only deleting a user (refused while any row points at them,
  ``PROTECT``) reads them, by a scan.

5 MB at 20,000 items on PostgreSQL, 250 MB at a million. The indexes are dropped by name, not by
altering the fields on the database: SQLite would copy each whole table once per field.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

_DROPPED = {  # index: (table, column)
    "items_approval_approver_id_e3379133": ("items_approval", "approver_id"),
    "items_itemrevision_author_id_6c3b26f4": ("items_itemrevision", "author_id"),
    "items_itemrevision_item_id_f9ae71e0": ("items_itemrevision", "item_id"),
    "items_logentry_actor_id_6dcb0955": ("items_logentry", "actor_id"),
    "items_publication_confirmed_by_id_fbdc9aee": ("items_publication", "confirmed_by_id"),
    "items_publication_item_id_5b067636": ("items_publication", "item_id"),
    "items_publication_requested_by_id_b68506dd": ("items_publication", "requested_by_id"),
    "items_stepvisit_item_id_875e9f35": ("items_stepvisit", "item_id"),
    "items_writtenresponse_author_id_b62a5b0b": ("items_writtenresponse", "author_id"),
}


class Migration(migrations.Migration):

    dependencies = [
        ('items', '0019_untallied_marks'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='item',
            name='item_register_idx',
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='approval',
                    name='approver',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='itemrevision',
                    name='author',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='itemrevision',
                    name='item',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='revisions', to='items.item'),
                ),
                migrations.AlterField(
                    model_name='logentry',
                    name='actor',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='publication',
                    name='confirmed_by',
                    field=models.ForeignKey(blank=True, db_index=False, help_text='Yang mencatat bukti tayang kanal manual.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='publication',
                    name='item',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='publications', to='items.item'),
                ),
                migrations.AlterField(
                    model_name='publication',
                    name='requested_by',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='stepvisit',
                    name='item',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='visits', to='items.item'),
                ),
                migrations.AlterField(
                    model_name='writtenresponse',
                    name='author',
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
