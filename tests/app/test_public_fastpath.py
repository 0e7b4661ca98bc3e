"""A stored public page is answered before sessions, sign-in, CSRF and the view run."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tayang.public import caching, fastpath

from .public_world import IMMEDIATE_TASKS, Sites, article_url, make_sites, site_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def sites(db, settings, django_capture_on_commit_callbacks) -> Sites:
    settings.TASKS = IMMEDIATE_TASKS
    cache.clear()
    return make_sites(django_capture_on_commit_callbacks)


def test_a_stored_page_is_answered_before_the_rest_of_django(sites, monkeypatch):
    item = sites.published("Berita yang tersimpan")
    client = Client()
    client.force_login(sites.world.admin)  # a session cookie the answer must not look at
    path = article_url(item)
    first = client.get(path)
    views_run = []
    original = caching._render
    monkeypatch.setattr(caching, "_render",
                        lambda *a, **k: views_run.append(1) or original(*a, **k))
    with CaptureQueriesContext(connection) as queries:
        again = client.get(path)
    assert again.content == first.content
    assert not views_run
    [only] = [q["sql"] for q in queries.captured_queries]
    assert "public_sitestate" in only  # the site's state row, and no session or user
    for header in ("ETag", "Last-Modified", "Cache-Control", "X-Frame-Options",
                   "Content-Language", "Content-Type"):
        assert again[header] == first[header], header
    assert again["Vary"] == first["Vary"]
    assert not again.cookies


def test_the_fast_answer_is_conditional_and_follows_the_generation(sites):
    item = sites.published("Satu")
    client = Client()
    first = client.get(site_url())
    assert client.get(site_url(), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    sites.published("Dua")  # a new generation: the stored page is not used
    fresh = client.get(site_url())
    assert fresh["ETag"] != first["ETag"]
    assert "Dua" in fresh.content.decode()
    assert client.get(article_url(item)).status_code == 200


def test_files_and_unknown_sites_are_left_to_their_views(sites, rf):
    item = sites.published("Berkas")
    asset_id = item.values["media"][0]["id"]
    assert fastpath.stored_answer(rf.get(site_url(f"berkas/{asset_id}/"))) is None
    assert fastpath.stored_answer(rf.get("/situs/tidak-ada/")) is None
    assert fastpath.stored_answer(rf.get("/kerja/")) is None
    assert Client().get("/situs/tidak-ada/").status_code == 404
