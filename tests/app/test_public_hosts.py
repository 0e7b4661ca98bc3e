"""An organization's public site on its own host name."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from tayang.public.models import Article

from .public_world import IMMEDIATE_TASKS, Sites, article_url, assets_of, make_sites

pytestmark = pytest.mark.django_db

HOST = "dpmptsp.gunungkidulkab.go.id"


@pytest.fixture
def sites(db, settings, django_capture_on_commit_callbacks) -> Sites:
    settings.TASKS = IMMEDIATE_TASKS
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST, f"www.{HOST}", "bantul.test"]
    cache.clear()
    built = make_sites(django_capture_on_commit_callbacks)
    built.org.hostname = HOST
    built.org.save()
    return built


def on_host(host: str = HOST) -> Client:
    return Client(HTTP_HOST=host)


def test_the_host_name_serves_the_site_at_its_root(sites):
    item = sites.published("Berita di nama host sendiri")
    slug = Article.objects.get(item=item).slug
    client = on_host()
    home = client.get("/")
    assert home.status_code == 200
    html = home.content.decode()
    assert "Berita di nama host sendiri" in html
    assert f'href="/berita/{item.pk}/{slug}/"' in html  # links without /situs/<org>/
    assert 'action="/cari/"' in html
    assert "/situs/" not in html
    article = client.get(f"/berita/{item.pk}/{slug}/")
    assert article.status_code == 200
    asset = assets_of(item)[0]
    assert f'src="/berkas/{asset.pk}/w48/"' in article.content.decode()
    assert client.get(f"/berkas/{asset.pk}/w48/").status_code == 200
    for path in ("berita/", "cari/?q=berita", "rss/", "atom/", "sitemap.xml",
                 "informasi-publik/"):
        assert client.get(f"/{path}").status_code == 200, path


def test_links_in_feeds_and_sitemap_use_the_host_name(sites):
    item = sites.published("Berita umpan")
    slug = Article.objects.get(item=item).slug
    client = on_host()
    # The canonical address: https on the host name, as <link rel="canonical"> says.
    assert f"<loc>https://{HOST}/berita/{item.pk}/{slug}/</loc>" in client.get(
        "/sitemap.xml").content.decode()
    assert f"<link>https://{HOST}/berita/{item.pk}/{slug}/</link>" in client.get(
        "/rss/").content.decode()
    robots = client.get("/robots.txt").content.decode()
    assert f"Sitemap: https://{HOST}/sitemap.xml" in robots


def test_the_canonical_address_is_the_host_name_on_both_ways_in(sites):
    item = sites.published("Berita kanonik")
    slug = Article.objects.get(item=item).slug
    canonical = f"https://{HOST}/berita/{item.pk}/{slug}/"
    by_path = Client().get(article_url(item)).content.decode()
    by_host = on_host().get(f"/berita/{item.pk}/{slug}/").content.decode()
    for html in (by_path, by_host):
        assert f'<link rel="canonical" href="{canonical}">' in html
        assert f'<meta property="og:url" content="{canonical}">' in html
    # The publication records the public address people will share.
    assert item.publications.get().url == canonical


def test_www_reaches_the_same_site(sites):
    sites.published("Berita www")
    assert "Berita www" in on_host(f"www.{HOST}").get("/").content.decode()


def test_the_workspace_and_admin_are_not_served_on_a_public_host(sites):
    client = on_host()
    client.force_login(sites.world.admin)
    for path in (f"/kerja/{sites.world.slug}/", "/admin/", "/masuk/",
                 f"/situs/{sites.world.slug}/"):
        assert client.get(path).status_code == 404, path
    missing = client.get("/tidak-ada/")
    assert missing.status_code == 404
    assert "Halaman tidak ditemukan" in missing.content.decode()


def test_another_organizations_items_are_not_found_on_this_host(sites):
    other = sites.published("Berita Bantul", world=sites.other)
    asset = assets_of(other)[0]
    client = on_host()
    assert client.get(f"/berita/{other.pk}/").status_code == 404
    assert client.get(f"/berkas/{asset.pk}/").status_code == 404


def test_a_host_name_set_later_works_at_once(sites):
    sites.published("Berita Bantul", world=sites.other)
    assert "Berita Bantul" not in on_host("bantul.test").get("/").content.decode()  # Tayang's
    sites.other.org.hostname = "bantul.test"
    sites.other.org.save()
    assert "Berita Bantul" in on_host("bantul.test").get("/").content.decode()


def test_tayangs_own_host_keeps_its_pages(sites):
    assert Client().get("/").status_code == 200
    assert Client().get(f"/situs/{sites.world.slug}/").status_code == 200


@pytest.mark.parametrize("slug", ["dpmptsp-gunungkidul", "dinas-2147483647"])
def test_a_rows_address_is_the_one_reverse_makes(slug):
    """A row's address is reversed once and its key written in (``addresses.site_path``):
    the very path ``reverse`` makes, on a host or under /situs/<org>/, whatever the org's
    name holds."""
    from django.urls import reverse

    from tayang.orgs.models import Organization
    from tayang.public.addresses import HOST_URLCONF, site_path

    organization = Organization(slug=slug)
    for name, kwargs in (("public:asset", {"pk": 7}), ("public:asset-variant",
                         {"pk": 123, "variant": "w640"}), ("public:article",
                         {"pk": 2147483647, "slug": "x"}), ("public:article-captions",
                         {"pk": 5, "asset": 2147483647})):
        for _ in range(2):  # the second time from the remembered address
            assert site_path(organization, name, by_host=False, **kwargs) == reverse(
                name, kwargs={"org": slug, **kwargs})
            assert site_path(organization, name, by_host=True, **kwargs) == reverse(
                name, kwargs=kwargs, urlconf=HOST_URLCONF)
