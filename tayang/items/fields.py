"""A JSON field kept compressed: for content the database never looks inside.

An item's content (its narrative, captions, 5W+1H answers: kilobytes) and each revision of it
are read and written whole by Python, never filtered on by the database (the register searches
its own full-text index). Stored as zlib-compressed JSON, a content takes about a third of its
JSON text's room, and an item's row shrinks so far that counting and reading items by
thousands touches a fraction of the pages (docs/performance.md: at 20,000 items the database
went from 460 MB to under 300). Readers and writers see the same ``dict`` as before.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

from django.db import models

LEVEL = 6


def pack(value: Any) -> bytes:
    return zlib.compress(json.dumps(value, ensure_ascii=False).encode(), LEVEL)


def unpack(value: bytes | memoryview) -> Any:
    return json.loads(zlib.decompress(bytes(value)))


class CompressedJSONField(models.BinaryField):
    description = "JSON, zlib-compressed"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value: bytes | memoryview | None, expression: object,
                      connection: object) -> Any:
        return None if value is None else unpack(value)

    def to_python(self, value: Any) -> Any:
        return unpack(value) if isinstance(value, bytes | memoryview) else value

    def get_prep_value(self, value: Any) -> bytes | None:
        return None if value is None else pack(value)

    def value_to_string(self, obj: models.Model) -> str:
        return json.dumps(self.value_from_object(obj), ensure_ascii=False)


def repack(apps: Any, model: str, source: str, target: str, batch: int = 2000) -> None:
    """Copy one field into another of ``items.<model>``, by primary key in batches (for the
    migrations that move a JSON column into a compressed one and back)."""
    rows = apps.get_model("items", model)
    last = 0
    while found := list(rows.objects.filter(pk__gt=last).order_by("pk")
                        .only("pk", source)[:batch]):
        for row in found:
            setattr(row, target, getattr(row, source))
        rows.objects.bulk_update(found, [target])
        last = found[-1].pk
