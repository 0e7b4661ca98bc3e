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
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.cache import get_conditional_response
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from tayang.sop.document.metrics import FONT_DIR, FONT_FILES, FONT_TYPES
from tayang.sop.model import Sop
from tayang.web.stored_pdf import pdf_key, pdf_response, stored_pdf

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
    request: HttpRequest, sop: Sop, *, slot: str, source_sha256: str, footer: str,
    filename: str, logo_sha256: str = "", load_logo: Callable[[], Logo | None] = lambda: None,
    private: bool,
) -> HttpResponseBase:
    """The PDF, shown in the browser (to read or print) under a meaningful file name.

    Typeset once per content and kept in the file storage (:mod:`tayang.web.stored_pdf`):
    ``source_sha256`` (the definition's text), ``footer``, ``logo_sha256`` and the typesetting
    code make its key, so ``load_logo`` is only called when the PDF is typeset. ``slot`` names
    what the server holds that the PDF is of (a bundled SOP, a stored version).
    """
    key = pdf_key("sop-document", typesetting_version(), source_sha256, footer, logo_sha256)

    def typeset() -> bytes:
        from tayang.sop.document.layout import layout
        from tayang.sop.document.pdf import compile_layout

        return compile_layout(layout(sop), footer=footer, logo=load_logo())

    return pdf_response(
        request, key, lambda: stored_pdf(f"sop/{slot}", key, typeset), filename=filename,
        cache_control="private, no-cache" if private else f"public, max-age={PDF_MAX_AGE}",
    )


@cache
def typesetting_version() -> str:
    """A hash of what turns a definition into the PDF besides its inputs: the layout's code,
    the Typst template, the fonts (by name and size) and Typst's own version. A release that
    changes any of them typesets each PDF again."""
    from importlib.metadata import version

    digest = hashlib.sha256(version("typst").encode())
    code = Path(__file__).resolve().parent.parent / "sop" / "document"
    for path in sorted([*code.glob("*.py"), *code.glob("*.typ")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for name in sorted(FONT_FILES):
        digest.update(f"{name}:{(FONT_DIR / name).stat().st_size}".encode())
    return digest.hexdigest()


def pdf_filename(key: str, version: int | None = None) -> str:
    suffix = f"-v{version}" if version is not None else ""
    return f"SOP-{key}{suffix}.pdf"


# The stylesheet's own address is fixed (templates link it by name), so it is revalidated daily;
# the fonts are linked from it with their content hash (``?v=``), so they may be kept a year.
STYLESHEET_MAX_AGE = 86400
# A bundled SOP's PDF changes only with a release; a day keeps browsers and proxies from asking
# more often, and the ETag answers them with 304 when they do.
PDF_MAX_AGE = 86400
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
