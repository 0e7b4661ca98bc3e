"""Revisions keep their content zlib-compressed (tayang.items.fields, docs/performance.md)."""

from django.db import migrations

import tayang.items.fields

BATCH = 2000


def pack(apps, schema_editor):
    revision_model = apps.get_model("items", "ItemRevision")
    last = 0
    while True:
        batch = list(revision_model.objects.filter(pk__gt=last).order_by("pk")
                     .only("pk", "values")[:BATCH])
        if not batch:
            return
        for revision in batch:
            revision.packed = revision.values
        revision_model.objects.bulk_update(batch, ["packed"])
        last = batch[-1].pk


def unpack(apps, schema_editor):
    revision_model = apps.get_model("items", "ItemRevision")
    last = 0
    while True:
        batch = list(revision_model.objects.filter(pk__gt=last).order_by("pk")
                     .only("pk", "packed")[:BATCH])
        if not batch:
            return
        for revision in batch:
            revision.values = revision.packed
        revision_model.objects.bulk_update(batch, ["values"])
        last = batch[-1].pk


class Migration(migrations.Migration):

    dependencies = [
        ("items", "0005_item_mine_idx"),
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
