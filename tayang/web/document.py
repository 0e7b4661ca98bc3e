"""Serving the SOP document: as a page of the site, as a PDF, and the page's stylesheet and fonts.

The document itself is made by :mod:`tayang.sop.document` from the definition alone; this module
only wraps it in responses. Both the public SOP pages and an organization's workspace use it, so
a bundled SOP and an organization's version of it print the same way.

The layout, its HTML and its PDF (nine modules, ~0.6 MB in each process) are imported by the
view that draws a document, not when the URLs load: most web processes never draw one
(docs/performance.md, issue 16).
"""

from __future__ import annotations

import hashlib
from functools import cache
from typing import TYPE_CHECKING

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.cache import get_conditional_response
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from tayang.sop.document.metrics import FONT_DIR, FONT_FILES, FONT_TYPES
from tayang.sop.model import Sop

if TYPE_CHECKING:
    from tayang.sop.document.content import Logo


def document_page(
    request: HttpRequest, sop: Sop, *, template: str, footer: str, pdf_url: str,
    back_url: str, context: dict[str, object] | None = None, logo: Logo | None = None,
) -> HttpResponse:
    """The document as a page of ``template`` (which includes ``web/_sop_document.html``)."""
    from tayang.sop.document.html import render_fragment
    from tayang.sop.document.layout import layout

    # Safe: the renderer escapes every text of the definition it puts into the markup.
    fragment = mark_safe(render_fragment(layout(sop), footer=footer, logo=logo))
    return render(request, template, {
        "sop": sop, "document": fragment, "pdf_url": pdf_url, "back_url": back_url,
        **(context or {}),
    })


def document_pdf(
    sop: Sop, *, footer: str, filename: str, logo: Logo | None = None
) -> HttpResponse:
    """The PDF, shown in the browser (to read or print) under a meaningful file name."""
    from tayang.sop.document.layout import layout
    from tayang.sop.document.pdf import compile_layout

    response = HttpResponse(compile_layout(layout(sop), footer=footer, logo=logo),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def pdf_filename(key: str, version: int | None = None) -> str:
    suffix = f"-v{version}" if version is not None else ""
    return f"SOP-{key}{suffix}.pdf"


# The stylesheet's own address is fixed (templates link it by name), so it is revalidated daily;
# the fonts are linked from it with their content hash (``?v=``), so they may be kept a year.
STYLESHEET_MAX_AGE = 86400
FONT_MAX_AGE = 365 * 86400


@require_safe
def stylesheet_view(request: HttpRequest) -> HttpResponseBase:
    css, etag = _stylesheet()
    response = get_conditional_response(request, etag=etag) or HttpResponse(
        css, content_type="text/css; charset=utf-8"
    )
    response.headers["ETag"] = etag
    response.headers["Cache-Control"] = f"public, max-age={STYLESHEET_MAX_AGE}"
    return response


@cache
def _stylesheet() -> tuple[str, str]:
    from tayang.sop.document.html import stylesheet

    css = stylesheet(font_url="huruf/")
    for name in FONT_FILES:  # the fonts' addresses change with their content
        css = css.replace(f'url("huruf/{name}")', f'url("huruf/{name}?v={_font_hash(name)}")')
    return css, f'"{hashlib.sha256(css.encode()).hexdigest()[:32]}"'


@cache
def _font_hash(name: str) -> str:
    return hashlib.sha256((FONT_DIR / name).read_bytes()).hexdigest()[:16]


@require_safe
def font_view(request: HttpRequest, name: str) -> HttpResponseBase:
    if name not in FONT_FILES:
        raise Http404("Huruf tidak ditemukan.")
    etag = f'"{_font_hash(name)}"'
    response = get_conditional_response(request, etag=etag) or FileResponse(
        (FONT_DIR / name).open("rb"), content_type=FONT_TYPES[name.rsplit(".", 1)[1]]
    )
    response.headers["ETag"] = etag
    if request.GET.get("v") == _font_hash(name):  # this address always means these bytes
        response.headers["Cache-Control"] = f"public, max-age={FONT_MAX_AGE}, immutable"
    else:
        response.headers["Cache-Control"] = f"public, max-age={STYLESHEET_MAX_AGE}"
    return response
