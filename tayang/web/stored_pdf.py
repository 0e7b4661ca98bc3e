"""A PDF typeset once per content, then served from the file storage (issue 16).

Typst typesets in a child process (:mod:`tayang.apart`): ~130 ms of CPU and a process start
per PDF. A PDF whose bytes follow from its inputs alone (the SOP document: the definition, the
footer, the logo and the typesetting code) is therefore kept, under a key that hashes all of
them, and the next request is answered from the copy — or with 304 when the browser already
holds it: the key is the strong ETag, known before anything is read.

Where: Django's default storage under ``typeset/`` — a local folder on one machine, the
S3-compatible bucket in production, so a PDF one machine typeset is served by all of them.
Not the cache backend: locally that is each process's memory (500 entries of ~60 KB would
outgrow the web process's 80 MB).

Bounded: each PDF has a *slot* named after something the server itself holds (a bundled SOP's
key, a stored version's id), never after what a request says; a slot keeps one file, the
current key's, and making it removes the slot's older files (another footer, logo or code).

Concurrency: two requests for the same missing PDF may both typeset; the storage never
overwrites (a second writer gets another name, removed with the slot's old files). A file
read while still being written (a local folder; S3 stores whole objects) lacks the PDF's end
marker and counts as missing.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response

PREFIX = "typeset"
_END = b"%%EOF"  # a whole PDF ends with it (and at most a line break or two)

log = logging.getLogger(__name__)


def pdf_key(*parts: str) -> str:
    """The key of a PDF made from ``parts`` (each of them, in order, shapes its bytes)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def stored_pdf(slot: str, key: str, make: Callable[[], bytes]) -> bytes:
    """The PDF of ``key`` from the storage, or ``make()`` stored in ``slot`` for next time."""
    name = f"{PREFIX}/{slot}/{key}.pdf"
    if (found := _whole(name)) is not None:
        return found
    data = make()
    if default_storage.exists(name) and _whole(name) is None:
        # Still not whole after a whole typesetting: not being written, but left half-written
        # by a process that died. Replaced, else it would be typeset again on every request.
        default_storage.delete(name)
    if not default_storage.exists(name):  # a second typesetter may have stored it meanwhile
        default_storage.save(name, ContentFile(data))
    _remove_others(f"{PREFIX}/{slot}", keep=f"{key}.pdf")
    return data


def remove_slot(slot: str) -> None:
    """Remove every file of ``slot`` (its record is gone: nothing will ask for them again)."""
    _remove_others(f"{PREFIX}/{slot}", keep="")


def _whole(name: str) -> bytes | None:
    try:
        with default_storage.open(name, "rb") as stored:
            data = stored.read()
    except FileNotFoundError:
        return None
    return data if _END in data[-32:] else None


def _remove_others(folder: str, *, keep: str) -> None:
    try:
        _, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for file in files:
        if file != keep:
            try:
                default_storage.delete(f"{folder}/{file}")
            except OSError:  # another request removed it first; nothing is lost either way
                log.info("%s/%s: already removed", folder, file)


def pdf_response(
    request: HttpRequest, key: str, load: Callable[[], bytes], *, filename: str,
    cache_control: str,
) -> HttpResponseBase:
    """The PDF answered inline, with the key as its ETag; 304 when the browser holds it."""
    etag = f'"{key[:40]}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        data = load()
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Length"] = str(len(data))
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["ETag"] = etag
    response["Cache-Control"] = cache_control
    return response
