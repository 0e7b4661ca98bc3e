"""Bodies kept compressed: compressed once when stored, sent as they are many times.

The public page cache (:mod:`tayang.public.caching`) stores each rendered page through
:func:`pack` — brotli and gzip, no uncompressed copy (the two together are about a third of the
page) — and answers from it through :func:`unpack`, which picks the coding the client accepts.
The rare client that accepts neither (a script, an old crawler) gets the gzip copy
decompressed. :mod:`tayang.http.compression` leaves such a response alone (it already has its
``Content-Encoding``). Cached pages are public (no secret in them), so brotli is fine here.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

from tayang.http.compression import MIN_SIZE, mark_encoded
from tayang.http.encodings import GZIP, PREFERENCE, compress, compressible, decompress, negotiate

IDENTITY = "identity"


def pack(body: bytes, content_type: str) -> dict[str, bytes]:
    """``{coding: body}`` to store: brotli and gzip, or only the body when not worth it."""
    if len(body) < MIN_SIZE or not compressible(content_type):
        return {IDENTITY: body}
    return {coding: compress(body, coding, stored=True) for coding in PREFERENCE}


def unpack(bodies: dict[str, bytes], request: HttpRequest) -> HttpResponse:
    """A response with the stored body in the coding ``request`` accepts (no other headers)."""
    if IDENTITY in bodies:
        response = HttpResponse(bodies[IDENTITY])
    else:
        coding = negotiate(request.headers.get("Accept-Encoding", ""), tuple(bodies))
        if coding is None:
            response = HttpResponse(decompress(bodies[GZIP], GZIP))
        else:
            response = HttpResponse(bodies[coding])
            mark_encoded(response, coding)
        patch_vary_headers(response, ("Accept-Encoding",))
    # Answered before Django's CommonMiddleware when it comes from the early page-cache
    # answer (tayang.public.fastpath): the length is set here.
    response.headers["Content-Length"] = str(len(response.content))
    return response
