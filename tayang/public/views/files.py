"""Files of published items, served to everybody — and only while the item is published.

A file is served only when it belongs to the published revision of an article of this site
(:class:`~tayang.public.models.ArticleMedia`); a file of an unpublished or withdrawn item, or
one added to an item after it was published, is a 404 here, exactly like one that does not
exist. The staff workspace serves the rest to members only.

Downloads get a name made from the article's title, never the uploader's file name (which may
say more than the agency wants). Video and audio answer byte ranges, so a visitor can seek.
"""

from __future__ import annotations

import re

from django.core.files import File
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.utils.cache import get_conditional_response
from django.views.decorators.http import require_safe

from tayang.items.models import Publication
from tayang.items.records import WEBSITE_CHANNEL
from tayang.media.derivatives import target_widths
from tayang.media.models import Derivative, MediaAsset
from tayang.public.models import ArticleMedia
from tayang.public.sites import resolve

MAX_AGE = 60 * 60  # how long a browser or proxy may keep a file after its item is withdrawn
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_WIDTH = re.compile(r"^w(\d{2,5})$")


@require_safe
def asset(
    request: HttpRequest, pk: int, variant: str = "asli", org: str | None = None
) -> HttpResponseBase:
    site = resolve(request, org)
    shown = (
        ArticleMedia.objects.select_related("asset", "article")
        .filter(
            asset_id=pk, article__organization=site.organization,
            article__publication__channel=WEBSITE_CHANNEL,
            article__publication__state=Publication.State.PUBLISHED,
        )
        .first()
    )
    if shown is None:
        raise Http404("Berkas tidak ditemukan.")
    found = shown.asset
    if _not_made_yet(found, variant):
        # Pages name web sizes before the worker has made them (tayang.public.images): the
        # original stands in, and the redirect is not kept, so the size is used once it exists.
        response = redirect(site.url("public:asset", pk=found.pk))
        response.headers["Cache-Control"] = "no-store"
        return response
    stored, content_type, extension = _variant(found, variant)
    etag = f'"{found.sha256[:40]}-{variant}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        name = f"{shown.article.slug}-{shown.position + 1}"
        if variant != "asli":
            name = f"{name}-{variant}"
        response = _file_response(
            request, stored, content_type, f"{name}.{extension}",
            attachment=found.kind == MediaAsset.Kind.DOCUMENT and variant == "asli",
        )
    response.headers["ETag"] = etag
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _not_made_yet(found: MediaAsset, variant: str) -> bool:
    match = _WIDTH.match(variant)
    if match is None or found.kind != MediaAsset.Kind.PHOTO:
        return False
    width = int(match.group(1))
    return (width in target_widths(found.width or 0, found.height)
            and not found.derivatives.filter(kind=Derivative.Kind.RESIZED, width=width).exists())


def _variant(found: MediaAsset, variant: str) -> tuple[File, str, str]:
    """The stored file, its content type and extension for a variant name."""
    if variant == "asli":
        return found.file, found.content_type, found.extension
    if variant == "kecil" and found.thumbnail:
        return found.thumbnail, "image/jpeg", "jpg"
    if variant == "poster":
        kind, width = Derivative.Kind.POSTER, None
    elif match := _WIDTH.match(variant):
        kind, width = Derivative.Kind.RESIZED, int(match.group(1))
    else:
        raise Http404("Varian berkas tidak dikenal.")
    derivatives = found.derivatives.filter(kind=kind)
    if width is not None:
        derivatives = derivatives.filter(width=width)
    derivative = derivatives.first()
    if derivative is None:
        raise Http404("Varian berkas belum tersedia.")
    return derivative.file, derivative.content_type, "jpg"


def _file_response(
    request: HttpRequest, stored: File, content_type: str, filename: str, *, attachment: bool
) -> HttpResponseBase:
    size = stored.size
    wanted = _range(request.headers.get("Range", ""), size)
    if wanted is None or not content_type.startswith(("video/", "audio/")):
        response = FileResponse(
            stored.open("rb"), content_type=content_type, as_attachment=attachment,
            filename=filename,
        )
        response.headers["Accept-Ranges"] = "bytes"
        return response
    start, end = wanted
    if start >= size:
        refused = HttpResponse(status=416)
        refused.headers["Content-Range"] = f"bytes */{size}"
        return refused
    with stored.open("rb") as handle:
        handle.seek(start)
        body = handle.read(end - start + 1)
    partial = HttpResponse(body, status=206, content_type=content_type)
    partial.headers["Content-Range"] = f"bytes {start}-{end}/{size}"
    partial.headers["Accept-Ranges"] = "bytes"
    return partial


def _range(header: str, size: int) -> tuple[int, int] | None:
    """One ``bytes=a-b`` range as (first, last) byte; None for none or one not understood."""
    match = _RANGE.match(header.strip())
    if not match or not (match.group(1) or match.group(2)):
        return None
    first, last = match.group(1), match.group(2)
    if not first:  # the last n bytes
        length = min(int(last), size)
        return size - length, size - 1
    # At most 8 MB per answer: the browser asks again for the rest.
    end = min(int(last) if last else size - 1, size - 1, int(first) + 8 * 1024 * 1024 - 1)
    return int(first), end
