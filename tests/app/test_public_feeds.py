"""RSS, Atom, sitemap.xml and robots.txt of one organization's site.

Feeds are read back with feedparser (never "bozo": well-formed and as the formats say) and
checked for what the W3C feed validator checks (it is not installable from PyPI or npm):
RSS 2.0's required channel and item elements, RFC 822 dates, ``atom:link rel="self"``, Atom's
required ``id``/``title``/``updated`` and RFC 3339 dates, absolute links, enclosure attributes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import feedparser
import pytest
from django.db import transaction
from django.test import Client

from tayang.engine.actions import Edit
from tayang.items.models import ItemRevision, Publication
from tayang.items.revisions import revision_content
from tayang.items.workflow import perform
from tayang.public.index import sync
from tayang.public.models import Article

from .public_world import IMMEDIATE_TASKS, OTHER_ORG, Sites, assets_of, make_sites, site_url

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BASE = "https://tayang.example.go.id"
HOST = "dpmptsp.gunungkidulkab.go.id"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


@pytest.fixture
def sites(db, settings, django_capture_on_commit_callbacks) -> Sites:
    settings.TASKS = IMMEDIATE_TASKS
    settings.TAYANG_PUBLIC_BASE_URL = BASE
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST, "intranet.pemda.local"]
    return make_sites(django_capture_on_commit_callbacks)


def xml(client: Client, url: str, content_type: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert response.has_header("ETag")
    return ET.fromstring(response.content)


def canonical(item, org: str = "dpmptsp-gunungkidul") -> str:
    article = Article.objects.get(item=item)
    return f"{BASE}/situs/{org}/berita/{item.pk}/{article.slug}/"


def parsed(client: Client, url: str) -> feedparser.FeedParserDict:
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def test_rss_lists_the_organizations_news_newest_first(sites):
    sites.published("Berita pertama")
    second = sites.published("Berita kedua")
    sites.published("Berita organisasi lain", world=sites.other)
    sites.draft("Draf")
    channel = xml(Client(), site_url("rss/"), "application/rss+xml").find("channel")
    assert channel is not None
    assert channel.findtext("title") == "Berita Dinas Contoh Gunungkidul"
    assert channel.findtext("language") == "id"
    assert channel.findtext("link") == f"{BASE}/situs/dpmptsp-gunungkidul/"
    items = channel.findall("item")
    assert [entry.findtext("title") for entry in items] == ["Berita kedua", "Berita pertama"]
    assert items[0].findtext("link") == canonical(second)
    assert items[1].findtext("description") == "Sosialisasi perizinan di Wonosari"
    # An SOP without a choice field: the organization's category for it, else "Kegiatan".
    assert items[1].findtext("category") == "Kegiatan"
    assert items[0].findtext("pubDate")


def test_atom_lists_the_same_news(sites):
    item = sites.published("Berita Atom")
    feed = xml(Client(), site_url("atom/"), "application/atom+xml")
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Berita Atom"]
    link = entries[0].find(f"{ATOM}link[@rel='alternate']")
    assert link is not None and link.get("href") == canonical(item)
    assert entries[0].findtext(f"{ATOM}updated")


def test_feeds_follow_the_formats_as_the_w3c_validator_checks_them(sites):
    sites.published("Berita format", big=True)
    client = Client()
    rss = xml(client, site_url("rss/"), "application/rss+xml")
    assert rss.get("version") == "2.0"
    channel = rss.find("channel")
    assert channel is not None
    for required in ("title", "link", "description"):  # RSS 2.0: required channel elements
        assert channel.findtext(required), required
    self_link = channel.find(f"{ATOM}link[@rel='self']")  # the validator's first warning
    assert self_link is not None
    assert self_link.get("href") == f"{BASE}/situs/dpmptsp-gunungkidul/rss/"
    parsedate_to_datetime(channel.findtext("lastBuildDate") or "")
    for item in channel.findall("item"):
        assert item.findtext("title") and item.findtext("description")
        assert parsedate_to_datetime(item.findtext("pubDate") or "").tzinfo is not None
        assert (item.findtext("link") or "").startswith("https://")
        enclosures = item.findall("enclosure")
        assert len(enclosures) == 1  # RSS allows one
        assert enclosures[0].get("url", "").startswith("https://")
        assert int(enclosures[0].get("length", "")) > 0
        assert enclosures[0].get("type") == "image/jpeg"
    atom = xml(client, site_url("atom/"), "application/atom+xml")
    assert atom.findtext(f"{ATOM}id", "").startswith("tag:")
    assert atom.findtext(f"{ATOM}title")
    assert RFC3339.match(atom.findtext(f"{ATOM}updated", ""))
    assert atom.find(f"{ATOM}link[@rel='self']") is not None
    for entry in atom.findall(f"{ATOM}entry"):
        assert entry.findtext(f"{ATOM}id", "").startswith("tag:")
        assert RFC3339.match(entry.findtext(f"{ATOM}updated", ""))
        assert entry.find(f"{ATOM}author/{ATOM}name") is not None
        summary = entry.find(f"{ATOM}summary")
        assert summary is not None and summary.get("type") == "text"


def test_feedparser_reads_both_feeds_with_enclosures(sites):
    item = sites.published("Berita dengan foto utama", big=True)
    client = Client()
    article = Article.objects.get(item=item)
    for path in ("rss/", "atom/"):
        feed = parsed(client, site_url(path))
        assert feed.version in ("rss20", "atom10")
        (entry,) = feed.entries
        assert entry.link == canonical(item)
        (enclosure,) = entry.enclosures
        # the lead photo's largest web size, which the file view serves at that length
        assert enclosure.href.startswith(f"{BASE}/situs/dpmptsp-gunungkidul/berkas/")
        assert enclosure.type == "image/jpeg"
        served = client.get(enclosure.href.removeprefix(BASE))
        assert served.status_code == 200
        assert int(enclosure.length) == int(served["Content-Length"])
        assert article.cover_id is not None and f"/berkas/{article.cover_id}/w" in enclosure.href


def test_the_lead_is_plain_text_in_both_feeds(sites):
    """Issue 11: markup a staff member typed is shown as typed, never rendered."""
    lead = 'Sosialisasi <b>tebal</b> & <script>alert("x")</script> di Wonosari'
    item = sites.draft("Berita bertanda")
    assert perform(item.pk, item.created_by, Edit({"caption": lead})).ok
    sites.publish(item)
    assert Article.objects.get(item=item).lead == lead
    client = Client()
    rss = xml(client, site_url("rss/"), "application/rss+xml")
    # RSS descriptions are HTML: the text is escaped once more, so HTML shows the characters
    assert rss.findtext("channel/item/description") == (
        "Sosialisasi &lt;b&gt;tebal&lt;/b&gt; &amp; &lt;script&gt;alert(\"x\")&lt;/script&gt;"
        " di Wonosari"
    )
    atom = xml(client, site_url("atom/"), "application/atom+xml")
    summary = atom.find(f"{ATOM}entry/{ATOM}summary")
    assert summary is not None and summary.get("type") == "text" and summary.text == lead
    # what a reader gets: HTML that shows the characters (RSS), or plain text (Atom)
    rss_entry = parsed(client, site_url("rss/")).entries[0]
    assert rss_entry.summary_detail.type == "text/html"
    assert "<b>" not in rss_entry.summary and "&lt;b&gt;tebal&lt;/b&gt;" in rss_entry.summary
    atom_entry = parsed(client, site_url("atom/")).entries[0]
    assert atom_entry.summary_detail.type == "text/plain"
    assert atom_entry.summary == lead


def test_guids_never_change_with_the_host_name_or_the_title(sites):
    item = sites.published("Judul pertama")
    by_path = parsed(Client(), site_url("rss/")).entries[0]
    intranet = parsed(Client(HTTP_HOST="intranet.pemda.local"), site_url("rss/")).entries[0]
    assert by_path.id == intranet.id
    assert by_path.id == (
        f"tag:tayang.example.go.id,{sites.org.created_at.date().isoformat()}:"
        f"situs/{sites.org.pk}/berita/{item.pk}"
    )
    assert by_path.guidislink is False
    atom_id = parsed(Client(), site_url("atom/")).entries[0].id
    assert atom_id == by_path.id

    # A corrected revision is published: new title, new slug, new link — same identifier.
    publication = Publication.objects.get(item=item, channel="website")
    published = ItemRevision.objects.get(item=item, number=publication.revision)
    corrected = ItemRevision.objects.create(
        item=item, number=published.number + 1,
        values={**revision_content(item.pk, published.number), "title": "Judul sesudah koreksi"},
        content_hash="0" * 64, author=published.author, step=published.step,
        created_at=published.created_at,
    )
    with transaction.atomic():
        publication.revision = corrected.number
        publication.save(update_fields=["revision"])
        sync(publication)
    renamed = parsed(Client(), site_url("rss/")).entries[0]
    assert renamed.title == "Judul sesudah koreksi"
    assert renamed.link != by_path.link
    assert renamed.id == by_path.id

    # The organization gets its own host name: every link moves there, the identifier stays.
    sites.org.hostname = HOST
    sites.org.save()
    for client in (Client(), Client(HTTP_HOST=HOST)):
        path = site_url("rss/") if client.defaults.get("HTTP_HOST") != HOST else "/rss/"
        on_host = parsed(client, path).entries[0]
        assert on_host.link.startswith(f"https://{HOST}/berita/{item.pk}/")
        assert on_host.id == by_path.id


def test_sitemap_lists_pages_categories_and_articles_of_one_organization(sites):
    item = sites.published("Berita di peta situs")
    other = sites.published("Berita lain di peta situs", world=sites.other)
    sites.draft("Draf")
    root = xml(Client(), site_url("sitemap.xml"), "application/xml")
    locations = [url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")]
    article = Article.objects.get(item=item)
    site = f"{BASE}/situs/dpmptsp-gunungkidul/"
    assert locations == [
        site,
        f"{site}berita/",
        f"{site}informasi-publik/",
        f"{site}kategori/{article.category_slug}/",
        canonical(item),
    ]
    lastmods = [url.findtext(f"{SITEMAP}lastmod") for url in root.findall(f"{SITEMAP}url")]
    assert all(lastmods)
    other_root = xml(Client(), site_url("sitemap.xml", OTHER_ORG), "application/xml")
    assert canonical(other, OTHER_ORG) in [
        url.findtext(f"{SITEMAP}loc") for url in other_root.findall(f"{SITEMAP}url")
    ]


def test_a_large_site_gets_a_sitemap_index_naming_every_article(sites, monkeypatch):
    """Past one file of articles, ``sitemap.xml`` became incomplete: Django's sitemap view
    serves only the first page unless something names ``?p=2``. It is now an index."""
    from tayang.public.views import sitemaps

    monkeypatch.setattr(sitemaps, "PER_FILE", 2)
    items = [sites.published(f"Berita besar {number}") for number in range(5)]
    root = xml(Client(), site_url("sitemap.xml"), "application/xml")
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    files = [entry.findtext(f"{SITEMAP}loc") for entry in root.findall(f"{SITEMAP}sitemap")]
    site = f"{BASE}/situs/dpmptsp-gunungkidul/"
    assert files == [f"{site}sitemap-halaman.xml", f"{site}sitemap-berita.xml?p=1",
                     f"{site}sitemap-berita.xml?p=2", f"{site}sitemap-berita.xml?p=3"]
    found: list[str] = []
    for location in files:
        page = xml(Client(), location.removeprefix(BASE), "application/xml")
        found += [url.findtext(f"{SITEMAP}loc") for url in page.findall(f"{SITEMAP}url")]
    assert sorted(location for location in found if "/berita/" in location
                  and not location.endswith("/berita/")) == sorted(map(canonical, items))
    assert f"{site}informasi-publik/" in found
    assert Client().get(site_url("sitemap-berita.xml") + "?p=4").status_code == 404
    assert Client().get(site_url("sitemap-lain.xml")).status_code == 404


def test_sitemap_and_feeds_agree_with_the_canonical_link_whatever_the_host(sites):
    """They used to follow the request's host and disagree with ``<link rel=canonical>``."""
    item = sites.published("Berita kanonik")
    sites.org.hostname = HOST
    sites.org.save()
    slug = Article.objects.get(item=item).slug
    expected = f"https://{HOST}/berita/{item.pk}/{slug}/"
    for client, prefix in ((Client(), site_url()), (Client(HTTP_HOST=HOST), "/"),
                           (Client(HTTP_HOST="intranet.pemda.local"), site_url())):
        page = client.get(f"{prefix}berita/{item.pk}/{slug}/").content.decode()
        assert f'<link rel="canonical" href="{expected}">' in page
        sitemap = client.get(f"{prefix}sitemap.xml").content.decode()
        assert f"<loc>{expected}</loc>" in sitemap
        assert f"<loc>https://{HOST}/informasi-publik/</loc>" in sitemap
        assert parsed(client, f"{prefix}rss/").entries[0].link == expected
        assert parsed(client, f"{prefix}atom/").entries[0].link == expected


def test_robots_txt_names_the_sitemaps_of_sites_served_by_path(sites):
    sites.other.org.hostname = "bantul.test"
    sites.other.org.save()
    robots = Client().get("/robots.txt")
    assert robots.status_code == 200
    assert robots["Content-Type"] == "text/plain; charset=utf-8"
    text = robots.content.decode()
    assert f"Sitemap: {BASE}/situs/dpmptsp-gunungkidul/sitemap.xml" in text.splitlines()
    assert "bantul" not in text  # named on its own host instead
    for private in ("/kerja/", "/admin/", "/masuk/"):
        assert f"Disallow: {private}" in text.splitlines()
    assert Client().head("/robots.txt").status_code == 200


def test_robots_txt_on_an_own_host_names_its_sitemap(sites, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "bantul.test"]
    sites.other.org.hostname = "bantul.test"
    sites.other.org.save()
    text = Client(HTTP_HOST="bantul.test").get("/robots.txt").content.decode()
    assert "Sitemap: https://bantul.test/sitemap.xml" in text.splitlines()
    assert "/situs/" not in text


def test_every_page_announces_its_feeds(sites):
    html = Client().get(site_url()).content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/situs/dpmptsp-gunungkidul/atom/"' in html


def test_feeds_name_every_photo_url_the_file_view_serves(sites):
    """An enclosure of an article whose web sizes are not made yet is the original."""
    item = sites.published("Berita foto asli", big=False)
    Article.objects.filter(item=item).update(media_ready=False)
    from tayang.media.models import Derivative

    Derivative.objects.filter(asset__item=item).delete()
    entry = parsed(Client(), site_url("rss/")).entries[0]
    (enclosure,) = entry.enclosures
    cover = assets_of(item)[0]
    assert enclosure.href == f"{BASE}/situs/dpmptsp-gunungkidul/berkas/{cover.pk}/"
    assert int(enclosure.length) == cover.size
