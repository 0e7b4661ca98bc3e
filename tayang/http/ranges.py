"""Stored files sent whole or in part: byte ranges (RFC 9110 §14), conditional GET.

A video player seeks by asking for a byte range (``Range: bytes=1048576-``); without an answer
in kind (``206 Partial Content``) a browser cannot seek and has to download from the start.
:func:`file_response` answers:

* ``If-None-Match`` with the same ETag → ``304`` (nothing read);
* one satisfiable range → ``206`` with ``Content-Range``, only those bytes; a range starting at
  or past the end → ``416`` with ``Content-Range: bytes */<size>``;
* a range with ``If-Range`` naming another version (a different ETag, a weak one, or a date)
  → the whole file (``200``), so a client never splices two versions;
* several ranges, a malformed header, or ``HEAD`` → the whole file: a server may always ignore
  ``Range``, and multipart answers buy a media player nothing.

Files are read through the storage API (``open`` and ``seek``), never by a local path, so the
same code serves a file system or S3-compatible storage, and they are streamed in blocks: a 2 GB
video costs one block of memory, whole or in part.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO

from django.core.files import File
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header

BLOCK_SIZE = 64 * 1024
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$", re.IGNORECASE)


class Unsatisfiable(Exception):
    """The range lies wholly beyond the end of the file."""


def file_response(
    request: HttpRequest, stored: File, *, content_type: str, etag: str,
    size: int | None = None, filename: str = "", attachment: bool = False,
) -> HttpResponseBase:
    """``stored`` (a stored file, not yet opened) whole, in part, or a 304/416.

    ``etag`` must be strong (``"…"``) and change with the content; ``size`` saves the storage a
    look-up when the caller has it in a database column.
    """
    response = get_conditional_response(request, etag=etag)
    if response is None:
        length = stored.size if size is None else size
        try:
            wanted = requested_range(request, length, etag)
        except Unsatisfiable:
            response = HttpResponse(status=416)
            response.headers["Content-Range"] = f"bytes */{length}"
        else:
            if wanted is None:
                response = FileResponse(stored.open("rb"), content_type=content_type,
                                        as_attachment=attachment, filename=filename)
            else:
                response = _partial(stored, wanted, length, content_type)
                disposition = content_disposition_header(attachment, filename)
                if disposition:
                    response.headers["Content-Disposition"] = disposition
    response.headers["ETag"] = etag
    response.headers["Accept-Ranges"] = "bytes"
    return response


def requested_range(request: HttpRequest, size: int, etag: str) -> tuple[int, int] | None:
    """The one range to send as (first, last) byte, or None for the whole file."""
    header = request.headers.get("Range")
    if request.method != "GET" or not header:
        return None
    if_range = request.headers.get("If-Range")
    if if_range is not None and (if_range.strip() != etag or etag.startswith("W/")):
        return None  # another version (or a date, which we cannot compare strongly)
    match = _RANGE.match(header.strip())
    if not match or not (match.group(1) or match.group(2)):
        return None  # several ranges, another unit, or nonsense: ignored
    first, last = match.group(1), match.group(2)
    if not first:  # "-n": the last n bytes
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise Unsatisfiable
        return max(size - suffix, 0), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if last and int(last) < start:
        return None  # invalid: ignored, as RFC 9110 §14.1.1 says
    if start >= size:
        raise Unsatisfiable
    return start, end


def _partial(
    stored: File, wanted: tuple[int, int], size: int, content_type: str
) -> StreamingHttpResponse:
    start, end = wanted
    handle = stored.open("rb")
    handle.seek(start)
    response = StreamingHttpResponse(
        _Blocks(handle, end - start + 1), status=206, content_type=content_type
    )
    response.headers["Content-Range"] = f"bytes {start}-{end}/{size}"
    response.headers["Content-Length"] = str(end - start + 1)
    return response


class _Blocks:
    """``length`` bytes of an open file, in blocks; closes the file when done or dropped."""

    def __init__(self, handle: IO[bytes], length: int) -> None:
        self.handle = handle
        self.remaining = length

    def __iter__(self) -> Iterator[bytes]:
        try:
            while self.remaining > 0:
                block = self.handle.read(min(BLOCK_SIZE, self.remaining))
                if not block:
                    break  # the file is shorter than it said: stop rather than hang
                self.remaining -= len(block)
                yield block
        finally:
            self.close()

    def close(self) -> None:
        self.handle.close()
