"""Revisions keep their content zlib-compressed (tayang.items.fields, docs/performance.md)."""

from django.db import migrations

import tayang.items.fields



def pack(apps, schema_editor):
    tayang.items.fields.repack(apps, "ItemRevision", "values", "packed")


def unpack(apps, schema_editor):
    tayang.items.fields.repack(apps, "ItemRevision", "packed", "values")


class Migration(migrations.Migration):

    dependencies = [
        ("items", "0010_item_mine_idx"),
    ]

    operations = [
        migrations.AddField(
            model_name="itemrevision",
            name="packed",
            field=tayang.items.fields.CompressedJSONField(null=True),
        ),
        migrations.RunPython(pack, unpack),
        migrations.RemoveField(model_name="itemrevision", name="values"),
        migrations.RenameField(model_name="itemrevision", old_name="packed", new_name="values"),
        migrations.AlterField(
            model_name="itemrevision",
            name="values",
            field=tayang.items.fields.CompressedJSONField(),
        ),
    ]
