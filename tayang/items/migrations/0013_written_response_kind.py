"""Written responses say what they came with: a send-back, an acceptance or a refusal."""

from django.db import migrations, models


def mark_refusals(apps, schema_editor):
    # Before this field, a refusal's reason was the only response that led nowhere.
    apps.get_model("items", "WrittenResponse").objects.filter(to_step="").update(kind="refused")


class Migration(migrations.Migration):

    dependencies = [
        ("items", "0012_compressed_item_values"),
    ]

    operations = [
        migrations.AddField(
            model_name="writtenresponse",
            name="kind",
            field=models.CharField(
                choices=[("sent_back", "dikembalikan"), ("accepted", "diterima"),
                         ("refused", "ditolak")],
                default="sent_back", max_length=20,
            ),
        ),
        migrations.RunPython(mark_refusals, migrations.RunPython.noop),
    ]
