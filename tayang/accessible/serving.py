"""Answering a download of an accessible format, for the workspace and the public site alike."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBase

from tayang.accessible.models import FILE_TYPES, SLUGS, AccessibleFormat, Format
from tayang.accessible.source import Source
from tayang.http.ranges import file_response

BY_SLUG = {slug: kind for kind, slug in SLUGS.items()}


def format_response(request: HttpRequest, row: AccessibleFormat, stem: str, *,
                    cache_control: str) -> HttpResponseBase:
    """The stored file, with byte ranges (a player seeks in the audio) and a readable name."""
    kind = Format(row.format)
    extension, content_type = FILE_TYPES[kind]
    response = file_response(
        request, row.file, content_type=content_type, size=row.size,
        # The stored name holds the file's own hash: it changes whenever the file does.
        etag=f'"{row.file.name.rsplit("/", 1)[-1][:64]}"',
        filename=f"{stem}-{SLUGS[kind]}.{extension}",
        attachment=kind is not Format.AUDIO,  # audio plays in the page; the others download
    )
    response.headers["Cache-Control"] = cache_control
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def plain_text_response(source: Source, stem: str, *, cache_control: str) -> HttpResponse:
    """The plain-text version: title and paragraphs, UTF-8, readable in any program."""
    response = HttpResponse(source.text, content_type="text/plain; charset=utf-8")
    response.headers["Content-Disposition"] = f'inline; filename="{stem}.txt"'
    response.headers["Cache-Control"] = cache_control
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
