"""The production server's static files are looked up when first asked for, not all read when
the process starts (tayang/operations/static.py): what a web process keeps is what it served."""

from __future__ import annotations

import gzip

import pytest
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from tayang.operations.static import YEAR, StaticFilesMiddleware

CSS = b"body { color: #0b3d6e; }\n" * 40


@pytest.fixture
def collected(tmp_path):
    folder = tmp_path / "static"
    (folder / "public").mkdir(parents=True)
    (folder / "public" / "public.css").write_bytes(CSS)
    (folder / "public" / "public.css.gz").write_bytes(gzip.compress(CSS))
    for index in range(50):
        (folder / "admin" / f"f{index}").mkdir(parents=True)
        (folder / "admin" / f"f{index}" / "x.js").write_bytes(b"//\n")
    (tmp_path / "secret.txt").write_text("not a static file")
    with override_settings(STATIC_ROOT=folder, DEBUG=False, WHITENOISE_AUTOREFRESH=False):
        yield folder


def _middleware() -> StaticFilesMiddleware:
    return StaticFilesMiddleware(lambda request: HttpResponse("halaman", status=200))


def test_nothing_is_read_at_start_and_a_served_file_is_kept(collected):
    middleware = _middleware()
    assert middleware.files == {}  # WhiteNoise's own mode would hold all 51 files here
    request = RequestFactory().get("/static/public/public.css", HTTP_ACCEPT_ENCODING="gzip")
    response = middleware(request)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(b"".join(response.streaming_content)) == CSS
    assert response["Cache-Control"] == "max-age=3600, public"  # unhashed: an hour
    assert list(middleware.files) == ["/static/public/public.css"]
    etag = response["ETag"]
    again = middleware(RequestFactory().get("/static/public/public.css",
                                            HTTP_IF_NONE_MATCH=etag))
    assert again.status_code == 304 and len(middleware.files) == 1
    head = middleware(RequestFactory().head("/static/public/public.css",
                                            HTTP_ACCEPT_ENCODING="identity"))
    assert head.status_code == 200 and head["Content-Length"] == str(len(CSS))


def test_pages_misses_and_tricks_reach_no_file_and_keep_nothing(collected):
    middleware = _middleware()
    for path in ("/", "/situs/dinsos-diy/berita/", "/static/public/tidak-ada.css",
                 "/static/../secret.txt", "/static/public/../../secret.txt",
                 "/static/public/public.css.gz", "/static/public/", "/static/admin"):
        response = middleware(RequestFactory().get(path))
        assert response.content == b"halaman", path  # passed on to the pages
    assert middleware.files == {}


def test_a_hashed_name_is_kept_for_a_year(collected):
    (collected / "public" / "public.0123456789ab.css").write_bytes(CSS)
    with override_settings(STORAGES={"staticfiles": {
            "BACKEND": "tests.app.test_static_lookup.HashedNames"}}):
        middleware = _middleware()
        response = middleware(RequestFactory().get("/static/public/public.0123456789ab.css"))
    assert response["Cache-Control"] == f"max-age={YEAR}, public, immutable"


class HashedNames:
    """The manifest's answer for the one hashed file of the test."""

    def url(self, name: str) -> str:
        return "/static/public/public.0123456789ab.css" if name == "public/public.css" else name
