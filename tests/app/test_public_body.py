"""The article's stored body (tayang.public.body): what the page shows is what a fresh render
of the published revision shows, on every seed SOP; a stale body is never served; publishing
again renders it again; withdrawing takes it away."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from tayang.items.models import Publication
from tayang.items.records import WEBSITE_CHANNEL
from tayang.public import body
from tayang.public.models import Article
from tayang.public.reindex import reindex

from .public_world import IMMEDIATE_TASKS, Sites, article_url, make_sites, page

pytestmark = pytest.mark.django_db
NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.fixture
def sites(db, settings, django_capture_on_commit_callbacks) -> Sites:
    settings.TASKS = IMMEDIATE_TASKS
    settings.CACHES = NO_CACHE
    return make_sites(django_capture_on_commit_callbacks)


def stale(article: Article, html: str = "<p>Isi versi lama</p>") -> None:
    """Make the stored body look like an older renderer's."""
    stored = dict(article.body or {}, html=html)
    Article.objects.filter(pk=article.pk).update(body=stored, body_version=body.VERSION - 1)


def test_every_seed_sops_stored_body_is_a_fresh_render_of_its_revision(settings):
    settings.CACHES = NO_CACHE
    call_command("demo")
    articles = list(Article.objects.select_related("item__procedure", "item__organization"))
    # Every seed SOP whose items the demo shows on a website.
    on_websites = set(Publication.objects.filter(
        channel=WEBSITE_CHANNEL, state=Publication.State.PUBLISHED,
    ).values_list("item__procedure__key", flat=True))
    assert {article.item.procedure.key for article in articles} == on_websites
    assert len(on_websites) >= 4
    client = Client()
    for article in articles:
        url = f"/situs/{article.item.organization.slug}/berita/{article.item_id}/{article.slug}/"
        assert article.body_version == body.VERSION, url
        stored = page(client, url)
        # The page's own fallback: the revision read and rendered again, now.
        fresh = body.refreshed(article.pk, article.item_id, article.revision)
        assert fresh["token"] != article.body["token"]
        for root in ("/situs/x/", "/"):
            assert body.served(fresh, root) == body.served(article.body, root), url
        assert page(client, url) == stored, url


def test_a_stale_body_is_rendered_again_and_never_served(sites):
    item = sites.published("Rapat koordinasi pelayanan", big=True)
    client = Client()
    current = page(client, article_url(item))
    stale(Article.objects.get(item=item))
    again = page(client, article_url(item))
    assert "Isi versi lama" not in again
    assert again == current
    assert Article.objects.get(item=item).body_version == body.VERSION  # stored again


def test_public_reindex_renders_every_stale_body(sites):
    kept = sites.published("Berita yang sudah benar")
    item = sites.published("Berita dengan isi lama")
    stale(Article.objects.get(item=item))
    before = Article.objects.get(item=kept).body
    # At a start of make run, stale bodies are left to the pages: a start stays short.
    call_command("public_reindex", missing=True)
    assert Article.objects.get(item=item).body_version == body.VERSION - 1
    built, hidden = reindex(sites.org.pk)
    assert (built, hidden) == (1, 0)
    article = Article.objects.get(item=item)
    assert article.body_version == body.VERSION and "Isi versi lama" not in article.body["html"]
    assert Article.objects.get(item=kept).body == before  # a current body is left alone
    assert "Isi versi lama" not in page(Client(), article_url(item))


def test_the_stored_body_names_no_site(sites):
    """Read by path and on the organization's own host name, the same body gives each its
    own addresses."""
    item = sites.published("Berita dengan foto", big=True)
    stored = Article.objects.get(item=item).body
    assert "/situs/" not in stored["html"] and stored["token"] in stored["html"]
    by_path = body.served(stored, f"/situs/{sites.world.slug}/")
    assert f'/situs/{sites.world.slug}/berkas/' in by_path.before_formats
    assert stored["token"] not in by_path.before_formats + by_path.after_formats
