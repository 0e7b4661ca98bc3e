"""Compressing dynamic responses (brotli or gzip, by ``Accept-Encoding``).

Django's ``GZipMiddleware`` does gzip only; this does brotli as well, under one rule about
BREACH-style attacks, which guess a secret in a compressed page (a CSRF token, a session-bound
value) from the size of answers to requests the attacker shapes:

* **Public responses** — the public sites' pages, feeds and sitemaps, the SOP pages, the
  document's stylesheet: the same for everybody, no secret in them — are compressed with
  brotli when the client accepts it, else gzip.
* **Private responses** — any that varies on the cookie (the session was read: a signed-in
  page, a form with a CSRF token), sets a cookie, or is marked ``private``/``no-store`` — get
  exactly what Django's own guidance accepts: gzip with Django's Heal-the-BREACH padding (up to
  100 random bytes in the gzip header, :attr:`GZIP_PADDING`), on top of Django's per-request
  masking of CSRF tokens; never brotli, which has no such padding.

Never compressed: bodies under 200 bytes, types that are compressed already (images, video,
PDF, ZIP, XLSX, WOFF2 — :mod:`tayang.http.encodings` lists what is compressible), partial
content and anything answering byte ranges (a range counts bytes of the file, not of a
compressed stream), and responses that already carry a ``Content-Encoding`` (a page the public
page cache stored compressed, a precompressed static file).

A compressed response gets ``Vary: Accept-Encoding`` and a weak ETag (RFC 9110 8.8.1: the
compressed bytes are a different representation); conditional requests still match, because
``If-None-Match`` compares weakly. Place the middleware first in ``MIDDLEWARE`` so it sees the
body after every other middleware has finished with it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import has_vary_header, patch_vary_headers

from tayang.http.encodings import (
    GZIP,
    PREFERENCE,
    compress,
    compress_chunks,
    compressible,
    negotiate,
)

MIN_SIZE = 200
GZIP_PADDING = 100  # django.middleware.gzip.GZipMiddleware.max_random_bytes
_NEVER = {204, 206, 304}


class CompressionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return compress_response(request, self.get_response(request))


def compress_response(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    if not _candidate(response):
        return response
    patch_vary_headers(response, ("Accept-Encoding",))
    private = is_private(response)
    coding = negotiate(request.headers.get("Accept-Encoding", ""),
                       (GZIP,) if private else PREFERENCE)
    if coding is None:
        return response
    padding = GZIP_PADDING if private else 0
    if response.streaming:
        response.streaming_content = compress_chunks(  # type: ignore[attr-defined]
            response.streaming_content, coding, padding=padding  # type: ignore[attr-defined]
        )
        del response.headers["Content-Length"]
    else:
        body = response.content  # type: ignore[attr-defined]
        compressed = compress(body, coding, padding=padding)
        if len(compressed) >= len(body):
            return response
        response.content = compressed  # type: ignore[attr-defined]
        response.headers["Content-Length"] = str(len(compressed))
    mark_encoded(response, coding)
    return response


def mark_encoded(response: HttpResponseBase, coding: str) -> None:
    """Headers of a body in ``coding``: the coding, and a weak ETag."""
    response.headers["Content-Encoding"] = coding
    etag = response.get("ETag")
    if etag and etag.startswith('"'):
        response.headers["ETag"] = f"W/{etag}"


def is_private(response: HttpResponseBase) -> bool:
    """Whether the body may hold a secret of the person asking (see the module's note)."""
    cache_control = response.get("Cache-Control", "").lower()
    return (
        has_vary_header(response, "Cookie")
        or bool(response.cookies)
        or "private" in cache_control
        or "no-store" in cache_control
    )


def _candidate(response: HttpResponseBase) -> bool:
    if response.status_code in _NEVER or response.status_code < 200:
        return False
    if response.has_header("Content-Encoding") or response.has_header("Content-Range"):
        return False
    if response.get("Accept-Ranges", "none").lower() != "none":
        return False
    if not compressible(response.get("Content-Type", "")):
        return False
    if response.streaming:
        return not getattr(response, "is_async", False)
    return len(response.content) >= MIN_SIZE  # type: ignore[attr-defined]
