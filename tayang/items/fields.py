"""A JSON field kept compressed: for content that is written once and read rarely (history).

An item's revisions are its whole content after each change, kept for the record; the item
itself and the public article hold what is read all day. Stored as zlib-compressed JSON, a
revision takes about a quarter of its JSON text's room (docs/performance.md: the database of
20,000 items was two-fifths revisions). Readers see the same ``dict`` as before; nobody
filters on a revision's content inside the database.
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
