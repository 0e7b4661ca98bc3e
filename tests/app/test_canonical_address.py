"""One public address per organization, everywhere: pages, channel posts and poster QR codes.

The poster's QR code is read with zbarimg (Debian's zbar-tools, installed by
``scripts/setup.sh test``), an independent decoder, from the image inside the PDF.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date

import pytest
from django.core.cache import cache
from django.test import Client
from pypdf import PdfReader

from tayang.channels import poster
from tayang.channels.post import build
from tayang.public.addresses import canonical_url, public_base_url
from tayang.public.models import Article

from .public_world import IMMEDIATE_TASKS, Sites, article_url, make_sites

pytestmark = pytest.mark.django_db

BASE = "https://tayang.example.go.id"
HOST = "dpmptsp.gunungkidulkab.go.id"


@pytest.fixture
def sites(db, settings, django_capture_on_commit_callbacks) -> Sites:
    settings.TASKS = IMMEDIATE_TASKS
    settings.TAYANG_PUBLIC_BASE_URL = BASE + "/"  # a trailing slash is tolerated
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST]
    cache.clear()
    return make_sites(django_capture_on_commit_callbacks)


def qr_text(pdf: bytes, tmp_path) -> str:
    """What a phone reads from the poster's QR code (zbarimg on the image in the PDF)."""
    zbarimg = shutil.which("zbarimg")
    if zbarimg is None:
        pytest.skip("zbarimg tidak terpasang (scripts/setup.sh test memasang zbar-tools)")
    (page,) = PdfReader(io.BytesIO(pdf)).pages
    found = []
    for number, image in enumerate(page.images):
        path = tmp_path / f"image-{number}.png"
        image.image.convert("L").save(path)
        result = subprocess.run([zbarimg, "--quiet", "--raw", str(path)],
                                capture_output=True, text=True, timeout=30)
        if result.returncode == 0:
            found.append(result.stdout.strip())
    assert len(found) == 1, found
    return found[0]


def test_the_base_url_is_the_host_name_or_tayangs_address(sites):
    org = sites.org
    assert public_base_url(org) == f"{BASE}/situs/{org.slug}/"
    assert canonical_url(org, "public:feed-rss") == f"{BASE}/situs/{org.slug}/rss/"
    org.hostname = "DPMPTSP.GunungkidulKab.go.id."
    assert public_base_url(org) == f"https://{HOST}/"
    assert canonical_url(org, "public:article-short", pk=7) == f"https://{HOST}/berita/7/"


@pytest.mark.parametrize("own_host", [False, True])
def test_posts_pages_and_the_poster_qr_code_share_one_address(sites, tmp_path, own_host):
    if own_host:
        sites.org.hostname = HOST
        sites.org.save()
    item = sites.published("Berita di papan pengumuman")
    item.refresh_from_db()
    base = f"https://{HOST}/" if own_host else f"{BASE}/situs/{sites.org.slug}/"
    slug = Article.objects.get(item=item).slug
    post = build(item, item.values, key="uji")
    assert post.link == f"{base}berita/{item.pk}/"  # the short address: it redirects to slug
    assert all(media.url.startswith(f"{base}berkas/") for media in post.media)
    page = Client().get(article_url(item)).content.decode()
    assert f'<link rel="canonical" href="{base}berita/{item.pk}/{slug}/">' in page
    assert qr_text(poster.render(post, day=date(2026, 11, 24)), tmp_path) == post.link
    # and the short address leads to the canonical page
    short = Client().get(f"/situs/{sites.org.slug}/berita/{item.pk}/")
    assert short.status_code == 301
    assert short["Location"].endswith(f"/berita/{item.pk}/{slug}/")


def test_only_a_post_that_is_sent_reads_the_organizations_logo(sites, monkeypatch):
    """The poster prints the logo; the checks at hand-in and the previews build a post for
    every channel and never look at it, so they do not read the file from the storage."""
    from tayang.channels.post import for_publication
    from tayang.items.models import Publication
    from tayang.procedures.logo import store_logo

    from .world import png_bytes

    logo = png_bytes((64, 64))
    sites.org.logo = store_logo(sites.org, logo, "logo.png", sites.world.admin)
    sites.org.save()
    item = sites.published("Berita dengan kop")
    item.refresh_from_db()
    opened: list[str] = []
    original = type(sites.org.logo.file).open

    def counted(self, *args, **kwargs):
        opened.append(self.name)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(type(sites.org.logo.file), "open", counted)
    assert build(item, item.values, key="periksa").logo_png == b""
    assert opened == []
    assert build(item, item.values, key="kirim", with_logo=True).logo_png == logo
    publication = Publication.objects.filter(item=item).first() or Publication.objects.create(
        item=item, channel="papan-pengumuman", revision=item.revision,
        requested_by=sites.world.admin, requested_at=item.updated_at)
    assert for_publication(publication).logo_png == logo
    assert len(opened) == 2
