"""An item's content is kept zlib-compressed too (tayang.items.fields, docs/performance.md)."""

from django.db import migrations

import tayang.items.fields


def pack(apps, schema_editor):
    tayang.items.fields.repack(apps, "Item", "values", "packed")


def unpack(apps, schema_editor):
    tayang.items.fields.repack(apps, "Item", "packed", "values")


class Migration(migrations.Migration):

    dependencies = [
        ("items", "0011_compressed_revisions"),
    ]

    operations = [
        migrations.AddField(
            model_name="item",
            name="packed",
            field=tayang.items.fields.CompressedJSONField(null=True),
        ),
        migrations.RunPython(pack, unpack),
        migrations.RemoveField(model_name="item", name="values"),
        migrations.RenameField(model_name="item", old_name="packed", new_name="values"),
        migrations.AlterField(
            model_name="item",
            name="values",
            field=tayang.items.fields.CompressedJSONField(
                blank=True, default=dict, verbose_name="isi"),
        ),
    ]
