"""The accessible formats of a published article: audio, Braille, large print, plain text.

Served only while the item is published on this site, and only a file made from exactly the
published text (a correction in progress never shows its new text early): anything else is a
404, like a file that does not exist.
"""

from __future__ import annotations

from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.views.decorators.http import require_safe

from tayang.accessible.models import AccessibleFormat
from tayang.accessible.serving import BY_SLUG, format_response, plain_text_response
from tayang.accessible.source import Source, source_of
from tayang.items.revisions import revision_content
from tayang.procedures.definitions import sop_for
from tayang.public import queries
from tayang.public.models import Article, ArticleMedia
from tayang.public.sites import resolve

MAX_AGE = 60 * 60  # as the article's other files (tayang.public.views.files)
CACHE = f"public, max-age={MAX_AGE}"


def published_source(request: HttpRequest, org: str | None, pk: int) -> tuple[Article, Source]:
    site = resolve(request, org)
    found = (
        queries.published(site)
        .annotate(version_id=F("item__procedure_version_id"),
                  version_hash=F("item__procedure_version__sha256"))
        .filter(item_id=pk).first()
    )
    if found is None:
        raise Http404("Berita tidak ditemukan.")
    values = revision_content(pk, found.revision)
    sop = sop_for(found.version_id, found.version_hash)  # type: ignore[attr-defined]
    return found, source_of(sop, values)


@require_safe
def accessible_file(request: HttpRequest, pk: int, kind: str,
                    org: str | None = None) -> HttpResponseBase:
    if kind not in BY_SLUG:
        raise Http404("Format tidak dikenal.")
    article, source = published_source(request, org, pk)
    row = AccessibleFormat.objects.filter(
        item_id=pk, format=BY_SLUG[kind], file_hash=source.digest
    ).exclude(file="").first()
    if row is None:
        raise Http404("Format ini belum tersedia.")
    return format_response(request, row, article.slug, cache_control=CACHE)


@require_safe
def captions(request: HttpRequest, pk: int, asset: int,
             org: str | None = None) -> HttpResponseBase:
    """A published video's captions (or an audio file's transcript) as WebVTT, from the
    published revision: the ``<track>`` of the article's player."""
    site = resolve(request, org)
    found = queries.published(site).filter(item_id=pk).only("revision").first()
    # Only a file the article shows (never one of a field the SOP keeps internal).
    if found is None or not ArticleMedia.objects.filter(article=found, asset_id=asset).exists():
        raise Http404("Berita tidak ditemukan.")
    values = revision_content(pk, found.revision)
    for entries in values.values():
        if not isinstance(entries, list):
            continue
        for entry in entries:
            if isinstance(entry, dict) and entry.get("id") == asset and \
                    isinstance(entry.get("captions"), str) and entry["captions"]:
                response = HttpResponse(entry["captions"], content_type="text/vtt; charset=utf-8")
                response["Cache-Control"] = CACHE
                response["X-Content-Type-Options"] = "nosniff"
                return response
    raise Http404("Takarir tidak ditemukan.")


@require_safe
def plain_text(request: HttpRequest, pk: int, org: str | None = None) -> HttpResponseBase:
    article, source = published_source(request, org, pk)
    return plain_text_response(source, article.slug, cache_control=CACHE)
