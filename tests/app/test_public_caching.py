"""Cache headers, ETags, conditional GET (304) and the page cache of the public sites."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tayang.public.models import SiteState

from .public_world import IMMEDIATE_TASKS, Sites, article_url, make_sites, site_url

pytestmark = pytest.mark.django_db

PAGES = ["", "berita/", "cari/?q=sosialisasi", "informasi-publik/", "rss/", "atom/",
         "sitemap.xml"]


@pytest.fixture
def sites(db, settings, django_capture_on_commit_callbacks) -> Sites:
    settings.TASKS = IMMEDIATE_TASKS
    cache.clear()
    return make_sites(django_capture_on_commit_callbacks)


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_an_etag_and_answers_304_when_unchanged(sites, path):
    sites.published("Sosialisasi perizinan")
    client = Client()
    first = client.get(site_url(path))
    assert first.status_code == 200
    assert first["Cache-Control"] == "public, max-age=60"
    assert first.has_header("Last-Modified")
    etag = first["ETag"]
    again = client.get(site_url(path), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    since = client.get(site_url(path), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_an_article_page_answers_304_and_changes_etag_with_the_site(sites):
    item = sites.published("Pertama")
    client = Client()
    url = article_url(item)
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    sites.published("Kedua")  # "Berita lainnya" on the first page changes with it
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "Kedua" in changed.content.decode()


def test_a_304_renders_nothing_and_a_cached_page_reads_one_row(sites):
    item = sites.published("Berita yang disimpan")
    client = Client()
    url = article_url(item)
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        cached = client.get(url)
    assert cached.content == first.content
    assert len(queries) == 1, [q["sql"] for q in queries.captured_queries]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert len(queries) == 1


def test_publishing_moves_the_site_to_a_new_generation(sites):
    sites.published("Satu")
    before = SiteState.objects.get(organization=sites.org).generation
    client = Client()
    html = client.get(site_url()).content.decode()
    assert "Dua" not in html
    sites.published("Dua")
    assert SiteState.objects.get(organization=sites.org).generation > before
    assert "Dua" in client.get(site_url()).content.decode()


def test_renaming_the_organization_shows_at_once(sites):
    client = Client()
    assert "Dinas Contoh Gunungkidul" in client.get(site_url()).content.decode()
    sites.org.name = "Dinas Penanaman Modal Gunungkidul"
    sites.org.save()
    assert "Dinas Penanaman Modal Gunungkidul" in client.get(site_url()).content.decode()


def test_a_not_found_page_is_not_cached(sites):
    client = Client()
    missing = client.get(site_url("berita/12345/"))
    assert missing.status_code == 404
    assert not missing.has_header("ETag")
    assert "max-age" not in missing.get("Cache-Control", "")


def test_pages_set_no_cookie_and_ignore_the_session(sites, django_user_model):
    client = Client()
    client.force_login(sites.world.admin)
    signed_in = client.get(site_url())
    anonymous = Client().get(site_url())
    assert not signed_in.cookies
    assert signed_in.content == anonymous.content
    assert "Cookie" not in signed_in.get("Vary", "")
