"""Serving the SOP document: as a page of the site, as a PDF, and the page's stylesheet and fonts.

The document itself is made by :mod:`tayang.sop.document` from the definition alone; this module
only wraps it in responses. Both the public SOP pages and an organization's workspace use it, so
a bundled SOP and an organization's version of it print the same way.
"""

from __future__ import annotations

from functools import cache

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from tayang.sop.document.html import FONT_FILES, render_fragment, stylesheet
from tayang.sop.document.layout import layout
from tayang.sop.document.metrics import FONT_DIR
from tayang.sop.document.pdf import compile_layout
from tayang.sop.model import Sop


def document_page(
    request: HttpRequest, sop: Sop, *, template: str, footer: str, pdf_url: str,
    back_url: str, context: dict[str, object] | None = None,
) -> HttpResponse:
    """The document as a page of ``template`` (which includes ``web/_sop_document.html``)."""
    # Safe: the renderer escapes every text of the definition it puts into the markup.
    fragment = mark_safe(render_fragment(layout(sop), footer=footer))
    return render(request, template, {
        "sop": sop, "document": fragment, "pdf_url": pdf_url, "back_url": back_url,
        **(context or {}),
    })


def document_pdf(sop: Sop, *, footer: str, filename: str) -> HttpResponse:
    """The PDF, shown in the browser (to read or print) under a meaningful file name."""
    response = HttpResponse(compile_layout(layout(sop), footer=footer),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def pdf_filename(key: str, version: int | None = None) -> str:
    suffix = f"-v{version}" if version is not None else ""
    return f"SOP-{key}{suffix}.pdf"


@require_GET
@cache_control(public=True, max_age=86400)
def stylesheet_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_stylesheet(), content_type="text/css; charset=utf-8")


@cache
def _stylesheet() -> str:
    return stylesheet(font_url="huruf/")


@require_GET
@cache_control(public=True, max_age=86400)
def font_view(request: HttpRequest, name: str) -> FileResponse:
    if name not in FONT_FILES:
        raise Http404("Huruf tidak ditemukan.")
    return FileResponse((FONT_DIR / name).open("rb"), content_type="font/ttf")
