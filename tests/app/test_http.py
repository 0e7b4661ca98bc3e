"""Dynamic responses compressed by Accept-Encoding (tayang.http), and HEAD wherever GET.

Bodies are decoded with the real decoders (``brotli``, ``gzip``) and compared with what an
uncompressing client gets; ETags, 304s and the page cache are checked with compression on.
"""

from __future__ import annotations

import gzip
import inspect

import brotli
import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tayang.http.encodings import negotiate

from .public_world import IMMEDIATE_TASKS, Sites, article_url, assets_of, make_sites, site_url
from .world import PASSWORD

pytestmark = pytest.mark.django_db

BOTH = "gzip, deflate, br, zstd"  # what Chromium sends


@pytest.fixture
def sites(db, settings, django_capture_on_commit_callbacks) -> Sites:
    settings.TASKS = IMMEDIATE_TASKS
    cache.clear()
    return make_sites(django_capture_on_commit_callbacks)


def decoded(response) -> bytes:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    coding = response.get("Content-Encoding")
    if coding == "br":
        return brotli.decompress(raw)
    if coding == "gzip":
        return gzip.decompress(raw)
    assert coding is None, coding
    return raw


@pytest.mark.parametrize("path", ["", "berita/", "rss/", "atom/", "sitemap.xml", "cari/?q=x"])
def test_public_pages_and_feeds_are_compressed_with_brotli_or_gzip(sites, path):
    sites.published("Sosialisasi perizinan")
    url = site_url(path)
    plain = Client().get(url)
    assert plain.status_code == 200 and not plain.has_header("Content-Encoding")
    assert "Accept-Encoding" in plain["Vary"]
    for accepted, coding in ((BOTH, "br"), ("gzip", "gzip"), ("br;q=0.5, gzip", "gzip"),
                             ("identity", None), ("br;q=0, gzip;q=0", None)):
        for attempt in ("rendered", "cached"):  # the second answer comes from the page cache
            response = Client().get(url, HTTP_ACCEPT_ENCODING=accepted)
            assert response.get("Content-Encoding") == coding, (accepted, attempt)
            assert "Accept-Encoding" in response["Vary"]
            assert decoded(response) == plain.content, (accepted, attempt)
            if coding:
                assert int(response["Content-Length"]) < len(plain.content) // 2
                assert int(response["Content-Length"]) == len(response.content)


def test_etags_and_304s_hold_with_compression(sites):
    item = sites.published("Berita bertag")
    url = article_url(item)
    client = Client(HTTP_ACCEPT_ENCODING=BOTH)
    first = client.get(url)
    assert first["Content-Encoding"] == "br"
    etag = first["ETag"]
    assert etag.startswith('W/"')  # one page, several encodings: a weak validator
    assert Client().get(url)["ETag"] == etag  # the same page uncompressed: same validator
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert "Accept-Encoding" in again["Vary"]
    # a cache that stored the gzip copy revalidates with the same tag
    assert Client(HTTP_ACCEPT_ENCODING="gzip").get(
        url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_the_page_cache_stores_each_page_compressed_once(sites, monkeypatch):
    from tayang.http import precompressed

    item = sites.published("Berita tersimpan")
    url = article_url(item)
    calls: list[str] = []
    original = precompressed.compress

    def counting(data, coding, **kwargs):
        calls.append(coding)
        return original(data, coding, **kwargs)

    monkeypatch.setattr(precompressed, "compress", counting)
    Client().get(url)  # rendered and stored: br and gzip, once
    assert sorted(calls) == ["br", "gzip"]
    for accepted in (BOTH, "gzip", BOTH, ""):
        Client(HTTP_ACCEPT_ENCODING=accepted).get(url)
    assert sorted(calls) == ["br", "gzip"]  # served from the stored copies, never again


def test_compressed_media_is_never_compressed_again(sites):
    item = sites.published("Berita foto")
    photo = assets_of(item)[0]
    client = Client(HTTP_ACCEPT_ENCODING=BOTH)
    response = client.get(site_url(f"berkas/{photo.pk}/"))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert not response.has_header("Content-Encoding")
    assert "Accept-Encoding" not in response.get("Vary", "")
    pdf = client.get(reverse("sop-document-pdf", kwargs={"key": "dinsos-diy-media-informasi"}))
    assert pdf["Content-Type"] == "application/pdf" and not pdf.has_header("Content-Encoding")
    woff2 = client.get(reverse("sop-document-font",
                               kwargs={"name": "LiberationSans-Regular.woff2"}))
    assert not woff2.has_header("Content-Encoding")


def test_the_document_stylesheet_and_the_fallback_ttf_are_compressed(db):
    client = Client(HTTP_ACCEPT_ENCODING=BOTH)
    css = client.get(reverse("sop-document-css"))
    assert css["Content-Encoding"] == "br"
    assert b"@font-face" in decoded(css)
    ttf = client.get(reverse("sop-document-font", kwargs={"name": "LiberationSans-Bold.ttf"}))
    assert ttf["Content-Encoding"] == "br"
    data = decoded(ttf)
    assert data[:4] == b"\x00\x01\x00\x00" and len(data) > 400_000


def test_private_pages_get_only_gzip_with_breach_padding(sites):
    """A signed-in page carries a CSRF token: gzip with Django's Heal-the-BREACH padding,
    as Django's GZipMiddleware does, never brotli (which has no padding)."""
    client = Client(HTTP_ACCEPT_ENCODING=BOTH)
    assert client.login(username="gunungkidul.kelola", password=PASSWORD)
    url = reverse("workspace:inbox", kwargs={"org": sites.world.slug})
    sizes = set()
    for _ in range(8):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Encoding"] == "gzip"
        assert "Cookie" in response["Vary"] and "Accept-Encoding" in response["Vary"]
        assert b"csrfmiddlewaretoken" in decoded(response) or b"csrf" in decoded(response)
        sizes.add(len(response.content))
    assert len(sizes) > 1  # random padding: the length does not follow the secret alone
    login = Client(HTTP_ACCEPT_ENCODING=BOTH).get(reverse("login"))
    assert login.get("Content-Encoding") == "gzip"  # a form with a CSRF token


def test_accept_encoding_is_read_with_its_q_values():
    assert negotiate("gzip, deflate, br") == "br"
    assert negotiate("gzip") == "gzip"
    assert negotiate("br;q=0.4, gzip;q=0.9") == "gzip"
    assert negotiate("*") == "br"
    assert negotiate("*;q=0.5, br;q=0") == "gzip"
    assert negotiate("identity") is None
    assert negotiate("") is None
    assert negotiate("gzip;q=0") is None
    assert negotiate("gzip;q=bogus, br") == "br"
    assert negotiate(BOTH, ("gzip",)) == "gzip"


# --- HEAD wherever GET ---------------------------------------------------------------------------


def _views(resolver: URLResolver | None = None):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from _views(entry)
        elif isinstance(entry, URLPattern):
            yield entry.pattern, entry.callback


def _allowed_methods(view) -> list[list[str]]:
    """The method lists of every ``require_http_methods`` wrapped around ``view``."""
    found = []
    while view is not None:
        closure = inspect.getclosurevars(view).nonlocals if inspect.isfunction(view) else {}
        if "request_method_list" in closure:
            found.append(list(closure["request_method_list"]))
        view = getattr(view, "__wrapped__", None)
    return found


def test_no_view_answers_get_but_refuses_head():
    """``require_GET`` answers HEAD with 405; every view that takes GET must take HEAD."""
    checked = 0
    for pattern, view in _views():
        view_class = getattr(view, "view_class", None)
        if view_class is not None:  # a class-based view answers HEAD with its get()
            if "get" in view_class.http_method_names and hasattr(view_class, "get"):
                assert "head" in view_class.http_method_names, pattern
            continue
        for methods in _allowed_methods(view):
            checked += 1
            assert "GET" not in methods or "HEAD" in methods, (str(pattern), methods)
    assert checked >= 5  # the walk does see the decorated views


def test_head_answers_like_get_on_public_and_workspace_pages(sites):
    item = sites.published("Berita untuk HEAD")
    photo = assets_of(item)[0]
    staff = Client()
    staff.force_login(sites.world.admin)
    org = sites.world.slug
    for client, url in (
        (Client(), site_url()), (Client(), article_url(item)), (Client(), site_url("rss/")),
        (Client(), site_url("sitemap.xml")), (Client(), "/robots.txt"),
        (Client(), site_url(f"berkas/{photo.pk}/")),
        (Client(), reverse("sop-document", kwargs={"key": "dinsos-diy-media-informasi"})),
        (staff, reverse("workspace:inbox", kwargs={"org": org})),
        (staff, reverse("workspace:item", kwargs={"org": org, "pk": item.pk})),
        (staff, reverse("workspace:asset", kwargs={"org": org, "pk": photo.pk})),
        (staff, reverse("workspace:item-publications", kwargs={"org": org, "pk": item.pk})),
    ):
        get, head = client.get(url), client.head(url)
        assert head.status_code == get.status_code == 200, (url, head.status_code)
        assert head.get("Content-Type") == get.get("Content-Type"), url


# --- byte ranges in the workspace ------------------------------------------------------------


def test_workspace_files_answer_byte_ranges_to_members_only(sites):
    item = sites.draft("Draf dengan foto")
    photo = assets_of(item)[0]
    data = photo.file.open("rb").read()
    photo.file.close()
    url = reverse("workspace:asset", kwargs={"org": sites.world.slug, "pk": photo.pk})
    staff = Client()
    staff.force_login(sites.world.admin)
    whole = staff.get(url)
    assert whole["Accept-Ranges"] == "bytes" and whole.has_header("ETag")
    part = staff.get(url, HTTP_RANGE="bytes=2-5")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 2-5/{len(data)}"
    assert b"".join(part.streaming_content) == data[2:6]
    assert part["Cache-Control"] == "private, max-age=31536000, immutable"
    assert staff.get(url, HTTP_RANGE=f"bytes={len(data)}-").status_code == 416
    assert staff.get(url, HTTP_IF_NONE_MATCH=whole["ETag"]).status_code == 304
    outsider = Client()
    outsider.force_login(sites.other.admin)
    assert outsider.get(url, HTTP_RANGE="bytes=2-5").status_code == 404
