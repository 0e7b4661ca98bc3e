"""Every page type of an organization's public site, with what it must and must never show."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.utils.html import escape

from tayang.engine.actions import ChooseRoute, Edit
from tayang.items.models import Publication
from tayang.items.workflow import perform
from tayang.public.models import Article
from tayang.public.queries import PER_PAGE
from tayang.sop.model import END

from .public_world import (
    IMMEDIATE_TASKS,
    OTHER_ORG,
    Sites,
    article_url,
    assets_of,
    make_sites,
    page,
    site_url,
)
from .world import SOP_C, drive, make_world, new_item, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def sites(db, settings, django_capture_on_commit_callbacks) -> Sites:
    settings.TASKS = IMMEDIATE_TASKS
    return make_sites(django_capture_on_commit_callbacks)


@pytest.fixture
def client() -> Client:
    return Client()


def test_home_lists_the_latest_news_of_its_own_organization_only(sites, client):
    sites.published("Pelatihan perizinan daring")
    sites.published("Berita organisasi lain", world=sites.other)
    sites.draft("Draf yang belum ditayangkan")
    html = page(client, site_url())
    assert '<html lang="id">' in html
    assert "<h1>Dinas Contoh Gunungkidul</h1>" in html
    assert "Pelatihan perizinan daring" in html
    assert "Berita organisasi lain" not in html
    assert "Draf yang belum ditayangkan" not in html
    assert 'href="#isi"' in html and 'id="isi"' in html  # skip link and its target
    assert "Berita organisasi lain" in page(client, site_url(org=OTHER_ORG))


def test_an_unknown_organization_has_no_site(client, db):
    assert client.get(site_url(org="tidak-ada")).status_code == 404


def test_news_list_is_paginated_newest_first(sites, client):
    titles = [f"Berita nomor {n:02d}" for n in range(PER_PAGE + 2)]
    for title in titles:
        sites.published(title, photos=5)
    first = page(client, site_url("berita/"))
    assert first.index(titles[-1]) < first.index(titles[-2])  # newest first
    assert titles[0] not in first and titles[1] not in first
    assert "Halaman 1 dari 2" in first
    assert 'rel="next" href="/situs/dpmptsp-gunungkidul/berita/?halaman=2"' in first
    second = page(client, site_url("berita/?halaman=2"))
    assert titles[0] in second and titles[1] in second and titles[-1] not in second
    assert 'rel="prev" href="/situs/dpmptsp-gunungkidul/berita/"' in second
    assert client.get(site_url("berita/?halaman=3")).status_code == 404
    assert client.get(site_url("berita/?halaman=x")).status_code == 404


def test_article_page_shows_the_content_with_its_gallery_and_metadata(sites, client, settings):
    item = sites.published("Sosialisasi perizinan di Wonosari", big=True,
                           unit=sites.world.units[1])
    html = page(client, article_url(item))
    assert "<h1>Sosialisasi perizinan di Wonosari</h1>" in html
    assert "Balai Desa Wonosari" in html  # place
    assert "Bidang Pelayanan" in html  # unit
    assert "Sosialisasi perizinan di Wonosari" in html  # caption as the lead
    assert "Kegiatan sosialisasi layanan perizinan dilaksanakan di balai desa" in html
    assert "Senin, 2 Maret 2026" in html  # activity date, in Indonesian
    assert "<h2 id=\"galeri-foto\">Galeri foto</h2>" in html
    for number in range(1, 6):  # every image with its alt text
        assert f'alt="Foto besar {number} dari kegiatan"' in html
    # Responsive images from the derivatives: 480, 960 and the 1200-px original width.
    asset = assets_of(item)[0]
    base = site_url(f"berkas/{asset.pk}/")
    assert f'srcset="{base}w480/ 480w, {base}w960/ 960w, {base}w1200/ 1200w"' in html
    assert 'width="960" height="640"' in html
    # A link shared on social media: OpenGraph and schema.org NewsArticle.
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Sosialisasi perizinan di Wonosari">' in html
    # Absolute and canonical: Tayang's public address (TAYANG_PUBLIC_BASE_URL), not the host
    # this request used.
    public = settings.TAYANG_PUBLIC_BASE_URL
    assert f'<meta property="og:image" content="{public}{base}w1200/">' in html
    assert '<meta property="og:image:alt" content="Foto besar 1 dari kegiatan">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    data = json_ld(html)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Sosialisasi perizinan di Wonosari"
    assert data["image"][0] == f"{public}{base}w1200/"
    assert data["publisher"]["@type"] == "GovernmentOrganization"
    assert data["contentLocation"]["name"] == "Balai Desa Wonosari"
    assert data["datePublished"].startswith(item.published_at.date().isoformat()[:4])
    assert "nonce" not in html  # nothing per request: the whole page can be cached


def json_ld(html: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found, "no JSON-LD"
    return json.loads(found.group(1))


def test_json_ld_cannot_close_its_script_element(sites, client):
    item = sites.published("Judul </script><script>alert(1)</script> & lainnya")
    html = page(client, article_url(item))
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert script and "<" not in script.group(1)
    assert json_ld(html)["headline"].startswith("Judul </script>")


def test_the_page_shows_the_published_revision_not_later_edits(sites, client):
    item = sites.published("Judul yang ditayangkan")
    # A later correction of the record (as an admin could make in the database or a future
    # step) is not what was approved and published.
    values = {**item.values, "title": "Judul sesudah tayang", "narrative": "Narasi baru."}
    type(item).objects.filter(pk=item.pk).update(values=values, title="Judul sesudah tayang")
    html = page(client, article_url(item))
    assert "Judul yang ditayangkan" in html
    assert "Judul sesudah tayang" not in html and "Narasi baru." not in html


def test_a_wrong_or_missing_slug_redirects_to_the_article(sites, client):
    item = sites.published("Pameran produk unggulan")
    for url in (site_url(f"berita/{item.pk}/"), site_url(f"berita/{item.pk}/judul-lama/")):
        response = client.get(url)
        assert response.status_code == 301
        assert response["Location"] == article_url(item)


def test_unpublished_items_are_never_visible(sites, client):
    draft = sites.draft("Draf rahasia")
    waiting = drive(sites.world, sites.draft("Menunggu persetujuan"), "putuskan")
    other = sites.published("Punya organisasi lain", world=sites.other)
    for item in (draft, waiting):
        assert client.get(site_url(f"berita/{item.pk}/")).status_code == 404
        assert client.get(site_url(f"berita/{item.pk}/slug/")).status_code == 404
    # Another organization's article is not found under this organization's site.
    assert client.get(site_url(f"berita/{other.pk}/")).status_code == 404
    for url in (site_url(), site_url("berita/"), site_url("cari/?q=rahasia"),
                site_url("cari/?q=persetujuan"), site_url("rss/"), site_url("sitemap.xml")):
        text = page(client, url)
        assert "Draf rahasia" not in text and "Menunggu persetujuan" not in text


def test_the_public_404_page_is_in_the_sites_layout(sites, client):
    response = client.get(site_url("berita/999999/"))
    assert response.status_code == 404
    text = response.content.decode()
    assert "Halaman tidak ditemukan" in text and 'lang="id"' in text
    assert "/situs/dpmptsp-gunungkidul/cari/" in text


def test_search_finds_published_content_only(sites, client):
    sites.published("Pelatihan kerja berbasis kompetensi")
    sites.draft("Pelatihan yang belum tayang")
    html = page(client, site_url("cari/?q=PELATIHAN"))
    assert "Ditemukan 1 berita untuk «PELATIHAN»." in html
    assert "Pelatihan kerja berbasis kompetensi" in html
    assert "Pelatihan yang belum tayang" not in html
    # Every word, anywhere in the content: here the place and the alt text of a photo.
    assert "Ditemukan 1 berita" in page(client, site_url("cari/?q=balai+wonosari+foto"))
    assert "Tidak ada berita yang cocok" in page(client, site_url("cari/?q=banjir"))
    assert "minimal dua huruf" in page(client, site_url("cari/?q=a"))
    form = page(client, site_url("cari/"))
    assert '<label for="kata-kunci">Kata kunci</label>' in form
    assert 'id="kata-kunci"' in form
    assert '<meta name="robots" content="noindex, follow">' in form


def test_search_keeps_its_query_across_pages(sites, client):
    for number in range(PER_PAGE + 1):
        sites.published(f"Rapat koordinasi {number}", photos=5)
    html = page(client, site_url("cari/?q=rapat"))
    assert 'href="/situs/dpmptsp-gunungkidul/cari/?q=rapat&amp;halaman=2"' in html


def test_a_category_is_the_organizations_own_for_an_sop_without_a_choice_field(sites, client):
    item = sites.published("Sosialisasi perizinan")
    article = Article.objects.get(item=item)
    # Never the SOP's name ("Alur Upload Konten ..."): the organization's own, else "Kegiatan".
    assert (article.category_slug, article.category_label) == ("kegiatan", "Kegiatan")
    html = page(client, site_url(f"kategori/{article.category_slug}/"))
    assert escape(article.category_label) in html and "Sosialisasi perizinan" in html
    assert client.get(site_url("kategori/tidak-ada/")).status_code == 404
    assert f'href="/situs/dpmptsp-gunungkidul/kategori/{article.category_slug}/"' in page(
        client, site_url()
    )


def test_a_category_is_the_choice_of_an_sop_that_has_one(db, settings, client,
                                                         django_capture_on_commit_callbacks):
    """Seed C sorts its content by *Jenis informasi*, chosen on the route at step 4."""
    settings.TASKS = IMMEDIATE_TASKS
    world = make_world("diy", "dinsos-diy", SOP_C)
    titles = {"kegiatan_rutin": "Penyaluran bantuan lansia", "kebijakan": "Kebijakan baru"}
    for value, title in titles.items():
        item = new_item(world, title, activity_date="2026-03-02",
                        naskah_berita="Naskah berita kegiatan dinas sosial.",
                        daftar_informasi="Daftar informasi yang diumumkan.")
        asset = upload(item, "gambar", item.created_by)
        assert perform(item.pk, item.created_by,
                       Edit({"gambar": [{"id": asset.pk, "alt": "Foto kegiatan"}]})).ok
        drive(world, item, "filter_pimpinan_unit")
        assert perform(item.pk, world.holder("pimpinan_unit"), ChooseRoute("category", value)).ok
        with django_capture_on_commit_callbacks(execute=True):
            drive(world, item, END)
    html = page(client, "/situs/dinsos-diy/kategori/kegiatan-rutin/")
    assert "Kegiatan biasa rutin" in html
    assert "Penyaluran bantuan lansia" in html and "Kebijakan baru" not in html
    html = page(client, "/situs/dinsos-diy/kategori/kebijakan/")
    assert "Kebijakan baru" in html and "Penyaluran bantuan lansia" not in html
    article = page(client, "/situs/dinsos-diy/")
    assert "Kegiatan biasa rutin" in article and "(1 berita)" in article
    # The second long text is a section of its own, under its label.
    item = Article.objects.get(title="Kebijakan baru").item
    assert "<h2>Daftar informasi</h2>" in page(client, article_url(item))


def test_the_information_page_is_reserved(sites, client):
    html = page(client, site_url("informasi-publik/"))
    assert "<h1>Informasi Publik</h1>" in html
    assert 'aria-current="page">Informasi Publik</a>' in html


def test_originals_stand_in_until_the_derivatives_are_made(sites, client, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    item = sites.published("Foto belum diproses", big=True)
    assert not Article.objects.get(item=item).media_ready
    html = page(client, article_url(item))
    asset = assets_of(item)[0]
    base = site_url(f"berkas/{asset.pk}/")
    # The page names the web sizes it will have (1200 px wide: never enlarged)...
    assert f'srcset="{base}w480/ 480w, {base}w960/ 960w, {base}w1200/ 1200w"' in html
    # ...and until they are made, each leads to the original.
    assert client.get(f"{base}").status_code == 200
    assert client.get(f"{base}w480/")["Location"] == base
    assert client.get(f"{base}w9999/").status_code == 404


def test_publication_records_the_articles_address(sites, settings):
    item = sites.published("Alamat berita")
    publication = Publication.objects.get(item=item, channel="website")
    assert publication.url == settings.TAYANG_PUBLIC_BASE_URL + article_url(item)


def test_titles_and_text_are_escaped(sites, client):
    item = sites.published('Judul <b>tebal</b> & "kutip"')
    html = page(client, article_url(item))
    assert "<b>tebal</b>" not in html
    assert "<h1>Judul &lt;b&gt;tebal&lt;/b&gt; &amp; &quot;kutip&quot;</h1>" in html
