"""Withdrawing a publication from the website: who may, what is recorded, what disappears."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from tayang.engine.actions import Archive
from tayang.items.models import LogEntry, Publication
from tayang.items.withdrawal import withdraw
from tayang.items.workflow import perform
from tayang.public.models import Article, SiteState

from .public_world import IMMEDIATE_TASKS, Sites, article_url, assets_of, make_sites, site_url
from .world import drive

pytestmark = pytest.mark.django_db

REASON = "Foto memuat data pribadi warga, ditarik atas permintaan."


@pytest.fixture
def sites(db, settings, django_capture_on_commit_callbacks) -> Sites:
    settings.TASKS = IMMEDIATE_TASKS
    return make_sites(django_capture_on_commit_callbacks)


def item_url(sites: Sites, name: str, item) -> str:
    return reverse(f"workspace:{name}", kwargs={"org": sites.world.slug, "pk": item.pk})


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_publish_role_sees_the_button_and_others_do_not(sites):
    item = sites.published("Berita yang bisa ditarik")
    page = login(sites.world.holder("admin_medsos")).get(item_url(sites, "item", item))
    assert "Tarik dari situs web" in page.content.decode()
    assert 'name="reason"' in page.content.decode()
    for role in ("tim_pelaksana", "tim_pertimbangan", "sekretaris_ppid"):
        other = login(sites.world.holder(role)).get(item_url(sites, "item", item))
        assert "Tarik dari situs web" not in other.content.decode()
    assert "Tarik dari situs web" not in login(sites.world.admin).get(
        item_url(sites, "item", item)).content.decode()


def test_withdrawal_removes_the_item_from_every_page_feed_search_and_sitemap(sites):
    item = sites.published("Berita yang akan ditarik")
    kept = sites.published("Berita yang tetap tayang")
    asset = assets_of(item)[0]
    public = Client()
    urls = [site_url(), site_url("berita/"), site_url("cari/?q=ditarik"), site_url("rss/"),
            site_url("atom/"), site_url("sitemap.xml"),
            site_url(f"kategori/{Article.objects.get(item=item).category_slug}/")]
    article = article_url(item)
    assert all("Berita yang akan ditarik" in public.get(url).content.decode()
               or article in public.get(url).content.decode() for url in urls)
    etags = {url: public.get(url)["ETag"] for url in urls}

    response = login(sites.world.holder("admin_medsos")).post(
        item_url(sites, "item-withdraw", item), {"reason": REASON})
    assert response.status_code == 302
    assert "Penayangan di situs web telah ditarik." in said(response)

    publication = Publication.objects.get(item=item, channel="website")
    assert publication.state == Publication.State.WITHDRAWN
    assert publication.url == ""
    assert not Article.objects.filter(item=item).exists()
    for url in urls:
        # A client holding the old page must not be told it is still current.
        response = public.get(url, HTTP_IF_NONE_MATCH=etags[url])
        assert response.status_code == 200, url
        text = response.content.decode()
        assert "Berita yang akan ditarik" not in text and article not in text, url
    assert "Berita yang tetap tayang" in public.get(site_url()).content.decode()
    assert public.get(article).status_code == 404
    assert public.get(site_url(f"berita/{item.pk}/")).status_code == 404
    assert public.get(site_url(f"berkas/{asset.pk}/")).status_code == 404
    assert public.get(site_url(f"berkas/{asset.pk}/w48/")).status_code == 404
    assert public.get(article_url(kept)).status_code == 200


def test_withdrawal_is_recorded_in_the_items_history(sites):
    item = sites.published("Berita dengan riwayat penarikan")
    user = sites.world.holder("admin_medsos")
    response = login(user).post(item_url(sites, "item-withdraw", item), {"reason": REASON})
    assert response.status_code == 302
    entry = LogEntry.objects.filter(item=item).order_by("-pk").first()
    assert entry is not None
    assert (entry.actor, entry.role, entry.outcome, entry.detail, entry.step) == (
        user, "admin_medsos", "withdrawn", REASON, "unggah")
    page = login(user).get(item_url(sites, "item", item)).content.decode()
    assert "menarik penayangan dari situs web" in page
    assert REASON in page
    assert "Situs web organisasi</th>" in page  # the Penayangan table's website row
    assert '<strong class="publication-state">Ditarik</strong>' in page
    assert "Tarik dari situs web" not in page  # nothing left to withdraw


@pytest.mark.parametrize("role", ["tim_pelaksana", "tim_pertimbangan", "atasan_ppid"])
def test_only_the_publish_role_may_withdraw(sites, role):
    item = sites.published("Berita yang dijaga")
    generation = SiteState.objects.get(organization=sites.org).generation
    response = login(sites.world.holder(role)).post(
        item_url(sites, "item-withdraw", item), {"reason": REASON})
    assert response.status_code == 302
    assert "Penayangan hanya dapat ditarik oleh Admin Medsos." in said(response)
    assert Publication.objects.get(item=item).state == Publication.State.PUBLISHED
    assert Article.objects.filter(item=item).exists()
    assert not LogEntry.objects.filter(item=item, outcome="withdrawn").exists()
    assert SiteState.objects.get(organization=sites.org).generation == generation


def test_a_reason_is_required(sites):
    item = sites.published("Berita tanpa alasan")
    response = login(sites.world.holder("admin_medsos")).post(
        item_url(sites, "item-withdraw", item), {"reason": "salah"})
    assert "Tuliskan alasan penarikan (minimal 10 karakter)." in said(response)
    assert Article.objects.filter(item=item).exists()


def test_an_item_not_on_the_website_cannot_be_withdrawn(sites):
    waiting = drive(sites.world, sites.draft("Belum tayang"), "unggah")
    result = withdraw(waiting.pk, sites.world.holder("admin_medsos"), REASON)
    assert not result.done
    assert result.message == "Konten ini tidak sedang tayang di situs web."
    assert not LogEntry.objects.filter(item=waiting, outcome="withdrawn").exists()


def test_withdrawing_twice_records_once(sites):
    item = sites.published("Ditarik dua kali")
    user = sites.world.holder("admin_medsos")
    assert withdraw(item.pk, user, REASON).done
    second = withdraw(item.pk, user, REASON)
    assert not second.done
    assert LogEntry.objects.filter(item=item, outcome="withdrawn").count() == 1


def test_an_archived_item_can_still_be_withdrawn(sites):
    item = sites.published("Sudah diarsipkan")
    assert perform(item.pk, sites.world.holder("admin_medsos"), Archive()).ok
    assert withdraw(item.pk, sites.world.holder("admin_medsos"), REASON).done
    assert not Article.objects.filter(item=item).exists()


def test_a_member_of_another_organization_cannot_withdraw(sites):
    item = sites.published("Milik Gunungkidul")
    response = login(sites.other.holder("admin_medsos")).post(
        item_url(sites, "item-withdraw", item), {"reason": REASON})
    assert response.status_code == 404
    assert Article.objects.filter(item=item).exists()


def test_withdrawal_needs_a_post(sites):
    item = sites.published("Hanya lewat POST")
    response = login(sites.world.holder("admin_medsos")).get(
        item_url(sites, "item-withdraw", item))
    assert response.status_code == 405
