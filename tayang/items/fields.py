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


def text_of(value: Any) -> bytes:
    """The JSON text a content is compressed from (and, decoded, read back as)."""
    return json.dumps(value, ensure_ascii=False).encode()


def pack(value: Any) -> bytes:
    return zlib.compress(text_of(value), LEVEL)


def unpack(value: bytes | memoryview) -> Any:
    return json.loads(zlib.decompress(bytes(value)))


class Against(bytes):
    """A content compressed against another's JSON text (zlib's preset dictionary): an older
    revision against the next one's (``tayang.items.revisions``). Read without that text it
    is only these bytes; :func:`unpack_against` gives the content's own text back."""


def pack_against(value: Any, base: bytes) -> Against:
    """``value`` compressed with ``base`` (a JSON text, :func:`text_of`) as the dictionary:
    what it shares with the base costs a few bytes (an older revision: ~800 bytes → ~45)."""
    packer = zlib.compressobj(LEVEL, zdict=base)
    return Against(packer.compress(text_of(value)) + packer.flush())


def is_against(value: bytes | memoryview) -> bool:
    """Whether a stored value was compressed against a dictionary (zlib's FDICT flag, bit 5
    of the stream's second byte; :func:`pack` never sets it)."""
    return len(value) > 1 and bool(value[1] & 0x20)


def unpack_against(value: bytes, base: bytes) -> bytes:
    """The JSON text of a value made by :func:`pack_against` with ``base``. A wrong base is
    refused by zlib (the stream names its dictionary's Adler-32), never decoded wrongly."""
    unpacker = zlib.decompressobj(zdict=base)
    return unpacker.decompress(value) + unpacker.flush()


class CompressedJSONField(models.BinaryField):
    description = "JSON, zlib-compressed"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value: bytes | memoryview | None, expression: object,
                      connection: object) -> Any:
        return None if value is None else _read(value)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, Against):
            return value
        return _read(value) if isinstance(value, bytes | memoryview) else value

    def get_prep_value(self, value: Any) -> bytes | None:
        if isinstance(value, Against):
            return bytes(value)  # stored as it was read (a copied row)
        return None if value is None else pack(value)

    def value_to_string(self, obj: models.Model) -> str:
        return json.dumps(self.value_from_object(obj), ensure_ascii=False)


def _read(value: bytes | memoryview) -> Any:
    # A value compressed against another's text is decoded by whoever has that text.
    return Against(value) if is_against(value) else unpack(value)


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
