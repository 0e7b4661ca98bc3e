"""Replies too large to read, for any fake API (``Answer(body=...)``, ``api.fail(...)``).

A broken or hostile server at the address an admin typed: an endless chunked body
(:class:`Flood`), a ``Content-Length`` of gigabytes (:func:`declared`), a small gzip body that
inflates to far more than Tayang reads (:func:`gzip_bomb`).
"""

from __future__ import annotations

import json
import zlib
from functools import cache

MB = 1024 * 1024


class Flood:
    """A chunked body of JSON-looking bytes that goes on up to ``cap`` (a test that forgot
    the limit gets a large reply, not a hang); ``sent`` counts what the server wrote."""

    def __init__(self, *, cap: int = 64 * MB, piece: int = 64 * 1024) -> None:
        self.cap = cap
        self.sent = 0
        self._piece = b"0," * (piece // 2)

    def __iter__(self) -> Flood:
        return self

    def __next__(self) -> bytes:
        if self.sent >= self.cap:
            raise StopIteration
        piece = self._piece if self.sent else b"[" + self._piece
        self.sent += len(piece)
        return piece


def declared(size: int) -> dict[str, str]:
    """Headers claiming a body of ``size`` bytes that never comes."""
    return {"Content-Length": str(size)}


@cache
def gzip_bomb(decoded: int) -> bytes:
    """A gzip body (about ``decoded / 1000`` bytes) of a JSON string ``decoded`` bytes long."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = b" " * MB
    parts = [packer.compress(b'{"padding": "')]
    for _ in range(decoded // MB):
        parts.append(packer.compress(block))
    parts.append(packer.compress(b'"}') + packer.flush())
    return b"".join(parts)


def gzipped(answer: object) -> bytes:
    return zlib.compress(json.dumps(answer).encode(), wbits=zlib.MAX_WBITS | 16)
