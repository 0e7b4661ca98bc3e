"""A ceiling on every reply an outbound call reads (the transport of :mod:`tayang.outbound`).

An admin types the address of their WordPress or CKAN portal; a broken or hostile server
there can answer a publish with gigabytes, an endless chunked body, or a small gzip body that
inflates to gigabytes, and the worker would hold it all in memory before any connector looks
at it. So the transport hands httpx a body that cannot grow past
``TAYANG_OUTBOUND_REPLY_MAX_BYTES`` (:func:`reply_max_bytes`):

* a ``Content-Length`` above the ceiling is refused before a byte of the body is read;
* the body is counted as it arrives, compressed and decoded alike, and reading stops (the
  connection is closed, not returned to the pool) the moment the count passes the ceiling:
  at most one network read (64 KB) beyond it is ever held;
* the content codings Tayang asks for (``gzip``, ``deflate``) are decoded here, by zlib with
  a cap on its output, so one 64 KB read of a gzip bomb inflates to at most the room left
  (httpx's own decoders inflate a whole read at once: a thousandfold for gzip, far more for
  brotli). A coding Tayang did not ask for (``br``, ``zstd``) is left encoded and unnamed:
  the caller reads bytes it cannot parse, which it reports as an unreadable answer.

A reply is also read within ``TAYANG_OUTBOUND_REPLY_SECONDS`` of its headers
(:func:`reply_seconds`): the client's timeout is per network read, so a server sending a byte
every 59 seconds under the ceiling would otherwise hold a worker for days. Past it,
:class:`ReplyTooSlow` (an :class:`httpx.ReadTimeout`) on the next read, and the connection is
closed.

Going past the ceiling raises :class:`ReplyTooLarge`, an :class:`httpx.ReadError`: every
caller already treats a transport error as a failed call, and a call that was not a read
may have posted (the request went out; :func:`tayang.channels.connectors.http.send` says
``maybe_posted``, so the outbox looks before it sends again).
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Iterator

import httpx
from django.conf import settings

# The largest reply Tayang reads legitimately is a list: Facebook's feed of the 50 latest
# posts (``find``), each message up to 63,206 characters — 3.3 MB at worst in plain ASCII —
# then Telegram's getUpdates (100 updates of up to 4096 characters, about 3 MB escaped).
# Twice the worst of these, so a real platform never meets the ceiling (docs/security.md).
DEFAULT_REPLY_MAX_BYTES = 8 * 1024 * 1024
# What the transport asks for and decodes itself, with a cap on the output.
ACCEPTED_CODINGS = "gzip, deflate"
_DECODED = frozenset({"gzip", "x-gzip", "deflate"})


# A reply read for longer than this after its headers is cut off: the slowest honest reply is
# a platform answering a large upload, seconds after the upload itself ends.
DEFAULT_REPLY_SECONDS = 120.0


def reply_seconds() -> float:
    return float(getattr(settings, "TAYANG_OUTBOUND_REPLY_SECONDS", DEFAULT_REPLY_SECONDS))


def reply_max_bytes() -> int:
    return int(getattr(settings, "TAYANG_OUTBOUND_REPLY_MAX_BYTES", DEFAULT_REPLY_MAX_BYTES))


def size_words(size: int) -> str:
    """``8 MB``, ``512 KB``: a size as an admin reads it (binary units, as the setting)."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} byte"


class ReplyTooLarge(httpx.ReadError):
    """The server's reply is larger than ``TAYANG_OUTBOUND_REPLY_MAX_BYTES``; not read further.

    A transport error after the request was sent: for a call that is not a read, the server
    may have carried it out.
    """

    def __init__(self, limit: int, *, request: httpx.Request, declared: int | None = None
                 ) -> None:
        what = f"Content-Length {declared}" if declared is not None else "body"
        super().__init__(f"reply larger than {limit} bytes ({what}) from {request.url.host}",
                         request=request)
        self.limit = limit


class ReplyTooSlow(httpx.ReadTimeout):
    """The server's reply took longer than ``TAYANG_OUTBOUND_REPLY_SECONDS``; not read further."""

    def __init__(self, seconds: float, *, request: httpx.Request) -> None:
        super().__init__(f"reply not read within {seconds:g} s from {request.url.host}",
                         request=request)


class _Inflater:
    """One gzip or deflate layer, inflating no more than it is given room for."""

    def __init__(self, coding: str) -> None:
        self._deflate = coding == "deflate"
        # "deflate" is zlib-wrapped by the standard and raw from some servers: try both.
        self._zlib = zlib.decompressobj(zlib.MAX_WBITS if self._deflate
                                        else zlib.MAX_WBITS | 16)
        self._first = True

    def inflate(self, data: bytes, room: int) -> bytes:
        """At most ``room + 1`` bytes of output: one more than room says "too large"."""
        if not data:
            return b""
        try:
            # max_length 0 would mean "unlimited": room + 1 is at least 1.
            out = self._zlib.decompress(data, room + 1)
        except zlib.error as error:
            if self._deflate and self._first:
                self._zlib, self._first = zlib.decompressobj(-zlib.MAX_WBITS), False
                return self.inflate(data, room)
            raise httpx.DecodingError(f"{error}") from error
        self._first = False
        return out

    def flush(self) -> bytes:
        try:
            return self._zlib.flush()
        except zlib.error as error:
            raise httpx.DecodingError(f"{error}") from error


class _BoundedStream(httpx.SyncByteStream):
    """The reply's body, decoded, cut off with :class:`ReplyTooLarge` past ``limit``."""

    def __init__(self, raw: httpx.SyncByteStream, *, limit: int, codings: list[str],
                 request: httpx.Request, seconds: float) -> None:
        self._raw = raw
        self._limit = limit
        self._seconds = seconds
        self._deadline = time.monotonic() + seconds
        # Content-Encoding lists codings in the order they were applied: undo the last first.
        self._layers = [_Inflater(coding) for coding in reversed(codings)]
        self._request = request

    def __iter__(self) -> Iterator[bytes]:
        received = kept = 0
        try:
            for chunk in self._raw:
                if time.monotonic() > self._deadline:
                    raise ReplyTooSlow(self._seconds, request=self._request)
                received += len(chunk)
                if received > self._limit:
                    self._too_large()
                kept += len(chunk := self._decoded(chunk, kept))
                if chunk:
                    yield chunk
            for index, layer in enumerate(self._layers):  # what each layer still holds
                tail = self._decoded(layer.flush(), kept, start=index + 1)
                if kept + len(tail) > self._limit:
                    self._too_large()
                kept += len(tail)
                if tail:
                    yield tail
        except BaseException:
            self._raw.close()  # not back to the pool: the rest of the body is never read
            raise

    def _decoded(self, chunk: bytes, kept: int, start: int = 0) -> bytes:
        """``chunk`` through the layers from ``start`` on, each held to the room left."""
        for layer in self._layers[start:]:
            chunk = layer.inflate(chunk, self._limit - kept)
            if kept + len(chunk) > self._limit:
                self._too_large()
        return chunk

    def _too_large(self) -> None:
        raise ReplyTooLarge(self._limit, request=self._request)

    def close(self) -> None:
        self._raw.close()


def bounded(response: httpx.Response, request: httpx.Request, limit: int,
            seconds: float | None = None) -> httpx.Response:
    """``response`` with its body held to ``limit`` bytes and read within ``seconds`` (by
    default the setting's); :class:`ReplyTooLarge` at once when its ``Content-Length``
    already says more."""
    declared = response.headers.get("Content-Length", "").strip()
    if request.method != "HEAD" and declared.isdigit() and int(declared) > limit:
        response.close()  # the connection goes, unread
        raise ReplyTooLarge(limit, request=request, declared=int(declared))
    codings = [coding.strip().lower()
               for coding in response.headers.get("Content-Encoding", "").split(",")
               if coding.strip() and coding.strip().lower() != "identity"]
    headers = response.headers.copy()
    if codings:
        # Decoded here, or (a coding Tayang did not ask for) left as opaque bytes: either way
        # httpx must not decode it again, with its uncapped decoders.
        del headers["Content-Encoding"]
        if all(coding in _DECODED for coding in codings):
            headers.pop("Content-Length", None)  # the decoded length differs
        else:
            codings = []
    if not isinstance(response.stream, httpx.SyncByteStream):
        raise AssertionError
    return httpx.Response(
        response.status_code, headers=headers, extensions=response.extensions,
        stream=_BoundedStream(response.stream, limit=limit, codings=codings, request=request,
                              seconds=reply_seconds() if seconds is None else seconds),
    )
