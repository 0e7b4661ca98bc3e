"""Files of published items, served to everybody — and only while the item is published.

A file is served only when it belongs to the published revision of an article of this site
(:class:`~tayang.public.models.ArticleMedia`); a file of an unpublished or withdrawn item, or
one added to an item after it was published, is a 404 here, exactly like one that does not
exist. The staff workspace serves the rest to members only.

Downloads get a name made from the article's title, never the uploader's file name (which may
say more than the agency wants). Every file answers byte ranges (:mod:`tayang.http.ranges`),
so a visitor can seek in a video, and is read through the storage API, streamed.
"""

from __future__ import annotations

import re

from django.core.files import File
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.views.decorators.http import require_safe

from tayang.http.ranges import file_response
from tayang.items.models import Publication
from tayang.items.records import WEBSITE_CHANNEL
from tayang.media.derivatives import target_widths
from tayang.media.models import Derivative, MediaAsset
from tayang.public.models import ArticleMedia
from tayang.public.sites import resolve

MAX_AGE = 60 * 60  # how long a browser or proxy may keep a file after its item is withdrawn
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
    stored, content_type, extension, size = _variant(found, variant)
    name = f"{shown.article.slug}-{shown.position + 1}"
    if variant != "asli":
        name = f"{name}-{variant}"
    response = file_response(
        request, stored, content_type=content_type, size=size,
        etag=f'"{found.sha256[:40]}-{variant}"', filename=f"{name}.{extension}",
        attachment=found.kind == MediaAsset.Kind.DOCUMENT and variant == "asli",
    )
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


def _variant(found: MediaAsset, variant: str) -> tuple[File, str, str, int | None]:
    """The stored file, its content type, extension and size (when known) for a variant."""
    if variant == "asli":
        return found.file, found.content_type, found.extension, found.size
    if variant == "kecil" and found.thumbnail:
        return found.thumbnail, "image/jpeg", "jpg", None
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
    return derivative.file, derivative.content_type, "jpg", derivative.size


@require_safe
def logo(request: HttpRequest, org: str | None = None) -> HttpResponseBase:
    """The organization's logo (Kelola › Profil organisasi): public, like its kop surat."""
    site = resolve(request, org)
    found = site.organization.logo
    if found is None:
        raise Http404("Logo tidak ditemukan.")
    response = file_response(request, found.file, content_type="image/png", size=found.size,
                             etag=f'"{found.sha256[:40]}-logo"', filename="logo.png",
                             attachment=False)
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
