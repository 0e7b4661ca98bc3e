"""The tallies' counters, sums and buckets nullable, 0 stored as NULL (``models.ZERO``, issue
16): most of a row's 150-odd values are 0, which PostgreSQL stores in 4 or 8 bytes each and
a NULL in one bit of the row's null bitmap.

Each table is made again rather than altered column by column: SQLite cannot drop a NOT NULL
and would copy the table once per column (300 times), and PostgreSQL, altered in place, would
keep every old row's space after rewriting the zeros. Its rows are kept aside with every 0
as NULL, the table dropped and created from the new state, and the rows copied back; the
figures are the same values (a reader takes NULL as 0), and the tallies' layout (``LAYOUT``)
is unchanged, so ``migrate`` rebuilds nothing. Backwards, the same copy writes the NULLs back
as 0."""

from __future__ import annotations

from typing import Any

from django.db import migrations, models
from django.db.migrations.operations.base import Operation

BUCKETS = 72  # tally.BUCKETS when this was written
HISTOGRAM = tuple(name for index in range(BUCKETS) for name in (f"n{index:02d}", f"s{index:02d}"))
STEP_COUNTERS = ("visits", "performed", "on_time", "past_target", "late", "untimed", "skipped",
                 "repeated", "sent_back", "refused", "cancelled", "timed")
STEP_SUMS = ("target_sum", "limit_sum")


SUMS = {*STEP_SUMS, *HISTOGRAM[1::2]}  # float8; the rest are integers


def _step_field(name: str) -> models.Field:
    return models.FloatField(null=True) if name in SUMS else models.PositiveIntegerField(
        null=True)


def _publication_field(name: str) -> models.Field:
    return models.FloatField(null=True) if name in SUMS else models.IntegerField(null=True)


class ZeroAsNull(Operation):
    """Make ``fields`` of ``model_name`` nullable, and its table again with every 0 of them
    stored as NULL (backwards: NULL as 0)."""

    reversible = True

    def __init__(self, model_name: str, fields: list[tuple[str, models.Field]]) -> None:
        self.model_name = model_name
        self.fields = fields

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return self.__class__.__name__, [self.model_name, self.fields], {}

    def state_forwards(self, app_label: str, state: Any) -> None:
        for name, field in self.fields:
            state.alter_field(app_label, self.model_name.lower(), name, field, True)

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any,
                          to_state: Any) -> None:
        self._copy(app_label, schema_editor, from_state, to_state, "NULLIF({}, 0)")

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any,
                           to_state: Any) -> None:
        self._copy(app_label, schema_editor, from_state, to_state, "COALESCE({}, 0)")

    def _copy(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any,
              zero: str) -> None:
        old = from_state.apps.get_model(app_label, self.model_name)
        new = to_state.apps.get_model(app_label, self.model_name)
        quote = schema_editor.quote_name
        table = new._meta.db_table
        kept = quote(f"{table}_kept")
        values = {name for name, _ in self.fields}
        columns = [field.column for field in new._meta.local_concrete_fields
                   if not field.primary_key]
        chosen = ", ".join((zero.format(quote(column)) if column in values else quote(column))
                           + f" AS {quote(column)}" for column in columns)
        named = ", ".join(quote(column) for column in columns)
        schema_editor.execute(f"CREATE TABLE {kept} AS SELECT {chosen} FROM {quote(table)}")
        schema_editor.delete_model(old)
        schema_editor.create_model(new)
        schema_editor.execute(f"INSERT INTO {quote(table)} ({named}) SELECT {named} FROM {kept}")
        schema_editor.execute(f"DROP TABLE {kept}")

    def describe(self) -> str:
        return f"Store the zeros of {self.model_name} as NULL"

    @property
    def migration_name_fragment(self) -> str:
        return f"{self.model_name.lower()}_zero_as_null"


class Migration(migrations.Migration):

    dependencies = [
        ("evaluation", "0003_publication_tallies_late_items"),
    ]

    operations = [
        ZeroAsNull("StepTally", [(name, _step_field(name)) for name in
                                 (*STEP_COUNTERS, *STEP_SUMS, *HISTOGRAM)]),
        ZeroAsNull("PublicationTally", [(name, _publication_field(name))
                                        for name in ("count", *HISTOGRAM)]),
    ]
