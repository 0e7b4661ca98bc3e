"""RSS, Atom and sitemap.xml of one organization's site."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from tayang.public.models import Article

from .public_world import IMMEDIATE_TASKS, OTHER_ORG, Sites, article_url, make_sites, site_url

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def sites(db, settings, django_capture_on_commit_callbacks) -> Sites:
    settings.TASKS = IMMEDIATE_TASKS
    return make_sites(django_capture_on_commit_callbacks)


def xml(client: Client, url: str, content_type: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert response.has_header("ETag")
    return ET.fromstring(response.content)


def test_rss_lists_the_organizations_news_newest_first(sites):
    first = sites.published("Berita pertama")
    second = sites.published("Berita kedua")
    sites.published("Berita organisasi lain", world=sites.other)
    sites.draft("Draf")
    channel = xml(Client(), site_url("rss/"), "application/rss+xml").find("channel")
    assert channel is not None
    assert channel.findtext("title") == "Berita Dinas Contoh Gunungkidul"
    assert channel.findtext("language") == "id"
    items = channel.findall("item")
    assert [entry.findtext("title") for entry in items] == ["Berita kedua", "Berita pertama"]
    assert items[0].findtext("link") == f"http://testserver{article_url(second)}"
    assert items[1].findtext("description") == "Sosialisasi perizinan di Wonosari"
    assert items[1].findtext("category") == first.procedure.name
    assert items[0].findtext("pubDate")


def test_atom_lists_the_same_news(sites):
    item = sites.published("Berita Atom")
    feed = xml(Client(), site_url("atom/"), "application/atom+xml")
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Berita Atom"]
    link = entries[0].find(f"{ATOM}link")
    assert link is not None and link.get("href") == f"http://testserver{article_url(item)}"
    assert entries[0].findtext(f"{ATOM}updated")


def test_sitemap_lists_pages_categories_and_articles_of_one_organization(sites):
    item = sites.published("Berita di peta situs")
    other = sites.published("Berita lain di peta situs", world=sites.other)
    sites.draft("Draf")
    root = xml(Client(), site_url("sitemap.xml"), "application/xml")
    locations = [url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")]
    article = Article.objects.get(item=item)
    assert locations == [
        "http://testserver/situs/dpmptsp-gunungkidul/",
        "http://testserver/situs/dpmptsp-gunungkidul/berita/",
        f"http://testserver/situs/dpmptsp-gunungkidul/kategori/{article.category_slug}/",
        f"http://testserver{article_url(item)}",
    ]
    lastmods = [url.findtext(f"{SITEMAP}lastmod") for url in root.findall(f"{SITEMAP}url")]
    assert all(lastmods)
    other_root = xml(Client(), site_url("sitemap.xml", OTHER_ORG), "application/xml")
    assert f"http://testserver{article_url(other)}" in [
        url.findtext(f"{SITEMAP}loc") for url in other_root.findall(f"{SITEMAP}url")
    ]


def test_every_page_announces_its_feeds(sites):
    html = Client().get(site_url()).content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/situs/dpmptsp-gunungkidul/atom/"' in html
