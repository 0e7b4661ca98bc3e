"""What the public pages keep per state of a site, and the statements PostgreSQL prepares.

The related links of an article page and the category counts of the lists are read once per
state of the site in each process (``tayang.public.per_state``): a publish and a withdrawal
change the state, so each must show at the very next request, with no page cache to hide
a stale value behind. The lists read a page of articles by a written-out statement
(``tayang.public.listed``): its pages, its order and its 404s are the paginator's.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from tayang.items.withdrawal import withdraw
from tayang.public import per_state, queries
from tayang.public.models import Article, SiteState
from tayang.public.statements import literal

from .public_world import IMMEDIATE_TASKS, Sites, article_url, make_sites, page, site_url

pytestmark = pytest.mark.django_db
NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.fixture
def sites(db, settings, django_capture_on_commit_callbacks) -> Sites:
    settings.TASKS = IMMEDIATE_TASKS
    settings.CACHES = NO_CACHE
    return make_sites(django_capture_on_commit_callbacks)


def related_titles(html: str) -> list[str]:
    related = html.split('class="related"', 1)[1].split("</ul>", 1)[0]
    return [part.split("</a>", 1)[0].rsplit(">", 1)[1] for part in related.split("<a ")[1:]]


def test_a_publish_shows_at_once_in_the_related_links_and_the_category_counts(sites):
    client = Client()
    first = sites.published("Pelatihan perizinan pertama")
    second = sites.published("Sosialisasi layanan kedua")
    assert related_titles(page(client, article_url(first))) == ["Sosialisasi layanan kedua"]
    assert "(2 berita)" in page(client, site_url("berita/"))
    kept = SiteState.objects.get(organization=sites.org)
    # Read again with nothing changed: what was kept for this state is shown.
    assert related_titles(page(client, article_url(second))) == ["Pelatihan perizinan pertama"]

    sites.published("Bimbingan teknis ketiga")
    assert SiteState.objects.get(organization=sites.org).generation > kept.generation
    assert related_titles(page(client, article_url(first))) == [
        "Bimbingan teknis ketiga", "Sosialisasi layanan kedua"]
    assert "(3 berita)" in page(client, site_url("berita/"))


def test_a_withdrawal_leaves_the_related_links_and_the_counts_at_once(sites):
    client = Client()
    first = sites.published("Pelatihan perizinan pertama")
    second = sites.published("Sosialisasi layanan kedua")
    assert related_titles(page(client, article_url(first))) == ["Sosialisasi layanan kedua"]
    assert withdraw(second.pk, sites.world.holder("admin_medsos"), "Salah unggah data").done
    html = page(client, article_url(first))
    assert 'class="related"' not in html or related_titles(html) == []
    assert "(1 berita)" in page(client, site_url("berita/"))


def test_nothing_is_kept_for_a_site_never_changed(sites, monkeypatch):
    sites.published("Pelatihan perizinan pertama")
    SiteState.objects.filter(organization=sites.org).delete()  # as before its first change
    per_state.forget()
    page(Client(), site_url("berita/"))
    assert per_state._kept == {}


def test_the_lists_pages_follow_the_articles_newest_first(sites, monkeypatch):
    monkeypatch.setattr(queries, "PER_PAGE", 2)
    client = Client()
    titles = [f"Kegiatan pelatihan nomor {number}" for number in range(3)]
    for title in titles:
        sites.published(title)
    first, second = page(client, site_url("berita/")), page(client, site_url("berita/?halaman=2"))
    assert first.index(titles[2]) < first.index(titles[1]) and titles[0] not in first
    assert titles[0] in second and titles[1] not in second and titles[2] not in second
    assert first.count('class="card-image"') == 2  # each with its cover photo
    assert Client().get(site_url("berita/?halaman=3")).status_code == 404
    category = Article.objects.filter(organization=sites.org).values_list(
        "category_slug", flat=True).first()
    in_category = page(client, site_url(f"kategori/{category}/"))
    assert in_category.index(titles[2]) < in_category.index(titles[1])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_postgresql_prepares_the_statements_every_public_request_makes(sites):
    item = sites.published("Pelatihan perizinan pertama")
    client = Client()
    page(client, article_url(item))
    page(client, site_url("berita/"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE NOT from_sql")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any("public_sitestate" in statement for statement in prepared), prepared
    assert any("has_formats" in statement for statement in prepared), prepared
    assert any("LEFT JOIN media_mediaasset m" in statement for statement in prepared), prepared


def test_only_a_plain_constant_is_written_into_a_statement():
    assert literal("website") == "website"
    assert literal("berita-daerah_2") == "berita-daerah_2"
    for unsafe in ("x' OR '1'='1", "Pengumuman", "", "a;b"):
        with pytest.raises(ValueError, match="Bukan konstanta"):
            literal(unsafe)
