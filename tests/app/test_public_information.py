"""The public-information page: the DIP by classification, never an exempt entry."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from tayang.dip.documents import add_document
from tayang.dip.models import Entry
from tayang.orgs.models import Organization

pytestmark = pytest.mark.django_db
SITE = "/situs/disperindag-kalteng"
EXEMPT = "Dokumen lelang yang masih dalam proses evaluasi"


@pytest.fixture
def demo(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    call_command("demo")
    return Organization.objects.get(slug="disperindag-kalteng")


def test_entries_are_listed_by_classification_without_exempt_ones(client, demo):
    page = client.get(f"{SITE}/informasi-publik/").content.decode()
    for heading in ("Informasi berkala", "Informasi serta merta",
                    "Informasi tersedia setiap saat"):
        assert f">{heading}</h2>" in page
    assert "Profil badan publik" in page
    assert "Terakhir diperbarui" in page
    assert EXEMPT not in page
    assert "Informasi dikecualikan" not in page


def test_exempt_entries_appear_nowhere_on_the_site(client, demo):
    for path in ("/", "/berita/", "/cari/?q=lelang", "/rss/", "/atom/", "/sitemap.xml",
                 "/informasi-publik/"):
        assert EXEMPT not in client.get(f"{SITE}{path}").content.decode(), path


def test_documents_of_public_entries_download_and_exempt_ones_do_not(client, demo, admin_user):
    public = Entry.objects.get(organization=demo, number="DIP-2026-001")
    exempt = Entry.objects.get(organization=demo, number="DIP-2026-005")
    pdf = b"%PDF-1.4\n%%EOF\n" + b" " * 64
    shown = add_document(public, "Profil", SimpleUploadedFile("a.pdf", pdf), admin_user)
    hidden = add_document(exempt, "Lelang", SimpleUploadedFile("b.pdf", pdf), admin_user)
    page = client.get(f"{SITE}/informasi-publik/").content.decode()
    assert f"/informasi-publik/dokumen/{shown.pk}/" in page  # the new document shows at once
    response = client.get(f"{SITE}/informasi-publik/dokumen/{shown.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == pdf
    assert client.get(f"{SITE}/informasi-publik/dokumen/{hidden.pk}/").status_code == 404
    assert client.get(f"/situs/dinsos-diy/informasi-publik/dokumen/{shown.pk}/").status_code == 404


def test_a_published_announcement_is_listed_under_its_entry_and_in_the_announcements(
    client, demo
):
    from tayang.public.models import Article

    # The demo's sample announcement; its past weeks (tayang.demo.history) publish others.
    announcement = next(
        article for article in Article.objects.filter(
            organization=demo, item__procedure__key="kalteng-disperindag-pengumuman-informasi"
        ).order_by("pk")
        if article.item.values.get("dip_entry") == "DIP-2026-001"
    )
    page = client.get(f"{SITE}/informasi-publik/").content.decode()
    section = page.split('id="dip-')[1:]
    first = next(part for part in section if "DIP-2026-001" in part.split("</h3>")[0])
    assert announcement.title in first
    # Seed D publishes to the announcements (destinations), apart from the news.
    assert announcement.category_slug == "pengumuman"
    assert announcement.title in client.get(f"{SITE}/pengumuman/").content.decode()
    assert announcement.title not in client.get(f"{SITE}/berita/").content.decode()


def test_reclassifying_an_entry_as_exempt_hides_it_at_once(client, demo):
    assert "Profil badan publik" in client.get(f"{SITE}/informasi-publik/").content.decode()
    entry = Entry.objects.get(organization=demo, number="DIP-2026-001")
    entry.classification = "dikecualikan"
    entry.save()
    assert "Profil badan publik" not in client.get(f"{SITE}/informasi-publik/").content.decode()
