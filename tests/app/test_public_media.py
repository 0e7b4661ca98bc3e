"""Files on the public site: served only for published items; web sizes made in the background.

Covers the derivative task (enqueued on commit, idempotent, working on what is published when
it runs), the photo derivatives themselves (upright, without metadata, never enlarged), video
poster frames, byte ranges, and that nothing of an unpublished item is ever served.
"""

from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from PIL import Image

from bench.samples import mp4
from tayang import apart
from tayang.engine.actions import ChooseRoute, Edit
from tayang.items.content import media_entries
from tayang.items.withdrawal import withdraw
from tayang.items.workflow import perform
from tayang.media.derivatives import render, target_widths
from tayang.media.models import Derivative, MediaAsset
from tayang.public.models import Article, SiteState
from tayang.public.tasks import prepare_article
from tayang.sop.model import END

from .public_world import (
    IMMEDIATE_TASKS,
    Sites,
    article_url,
    assets_of,
    make_sites,
    page,
    photo,
    site_url,
)
from .world import SOP_C, drive, make_world, new_item, pdf_bytes, upload

pytestmark = pytest.mark.django_db

REASON = "Ditarik untuk diperbaiki oleh admin."


@pytest.fixture
def sites(db, settings, django_capture_on_commit_callbacks) -> Sites:
    settings.TASKS = IMMEDIATE_TASKS
    return make_sites(django_capture_on_commit_callbacks)


def body(response) -> bytes:
    """The whole body; reading a streamed one to its end closes it (the test client's wrapper)."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def with_video(sites: Sites, title: str) -> tuple:
    item = sites.draft(title)
    author = item.created_by
    video = upload(item, "media", author, "video.mp4", mp4())
    assert video.kind == MediaAsset.Kind.VIDEO
    entries = [*media_entries(item.values, "media"),
               {"id": video.pk, "alt": "Video sambutan kepala dinas di balai desa"}]
    assert perform(item.pk, author, Edit({"media": entries})).ok
    return sites.publish(item), video


# --- what is served, and to whom -----------------------------------------------------------------


def test_files_of_a_published_item_are_served_to_everybody(sites):
    item = sites.published("Pameran produk unggulan")
    asset = assets_of(item)[0]
    response = Client().get(site_url(f"berkas/{asset.pk}/"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "public, max-age=3600"
    with asset.file.open("rb") as stored:
        assert body(response) == stored.read()
    # Named after the article, never after the uploader's file.
    slug = Article.objects.get(item=item).slug
    assert f'filename="{slug}-1.jpg"' in response["Content-Disposition"]
    assert "foto-1" not in response["Content-Disposition"]
    again = Client().get(site_url(f"berkas/{asset.pk}/"), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_files_of_unpublished_items_are_never_served(sites):
    draft = sites.draft("Draf")
    waiting = drive(sites.world, sites.draft("Menunggu"), "unggah")
    other = sites.published("Organisasi lain", world=sites.other)
    client = Client()
    for item in (draft, waiting):
        for asset in assets_of(item):
            for variant in ("", "kecil/", "w48/", "poster/"):
                url = site_url(f"berkas/{asset.pk}/{variant}")
                assert client.get(url).status_code == 404, url
    for asset in assets_of(other):  # published, but under another organization's site
        assert client.get(site_url(f"berkas/{asset.pk}/")).status_code == 404
        assert client.get(site_url(f"berkas/{asset.pk}/", "disnakertrans-bantul")).status_code \
            == 200


def test_a_file_that_is_not_in_the_published_revision_is_not_served(sites):
    item = sites.published("Sudah tayang")
    extra = upload(item, "media", item.created_by, "tambahan.jpg", photo())
    assert Client().get(site_url(f"berkas/{extra.pk}/")).status_code == 404


def test_unknown_or_missing_variants_are_not_found(sites, settings):
    item = sites.published("Varian")
    asset = assets_of(item)[0]
    client = Client()
    for variant in ("besar", "w9999", "poster", "..", "w48x"):
        assert client.get(site_url(f"berkas/{asset.pk}/{variant}/")).status_code == 404
    assert client.get(site_url(f"berkas/{asset.pk}/kecil/")).status_code == 200
    assert client.post(site_url(f"berkas/{asset.pk}/")).status_code == 405


def test_withdrawn_files_are_gone(sites):
    item = sites.published("Akan ditarik")
    asset = assets_of(item)[0]
    assert Client().get(site_url(f"berkas/{asset.pk}/")).status_code == 200
    assert withdraw(item.pk, sites.world.holder("admin_medsos"), REASON).done
    assert Client().get(site_url(f"berkas/{asset.pk}/")).status_code == 404
    assert Client().get(site_url(f"berkas/{asset.pk}/w48/")).status_code == 404


# --- the derivative task -------------------------------------------------------------------------


def test_publishing_enqueues_the_derivatives_on_commit(sites, django_capture_on_commit_callbacks):
    item = sites.draft("Foto besar", big=True)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        drive(sites.world, item, "end")
    assert len(callbacks) == 1  # nothing ran before the commit
    assert not Derivative.objects.exists()
    callbacks[0]()
    assert Article.objects.get(item=item).media_ready
    asset = assets_of(item)[0]
    made = sorted(Derivative.objects.filter(asset=asset).values_list("width", "file"))
    assert [width for width, _ in made] == [480, 960, 1200]
    # Named by the start of the photo's hash, not the whole of it again (the row has it).
    assert [name for _, name in made] == [
        f"org/{asset.organization_id}/web/{asset.sha256[:16]}-resized-{width}.jpg"
        for width in (480, 960, 1200)]


def test_the_derivative_task_is_idempotent(sites):
    item = sites.published("Foto besar", big=True)
    count = Derivative.objects.count()
    assert count == 5 * 3
    assert prepare_article.call(item.pk) == {"photos": 0, "posters": 0}
    assert Derivative.objects.count() == count
    # Files lost from one photo are made again, and only those.
    Derivative.objects.filter(asset=assets_of(item)[0]).delete()
    assert prepare_article.call(item.pk) == {"photos": 3, "posters": 0}
    assert Derivative.objects.count() == count


def test_the_web_sizes_of_an_article_are_made_in_one_child_process(sites, monkeypatch):
    # Decoding and encoding photos in the worker took its peak over 80 MB on the demo's
    # backlog; one child makes every photo's sizes of the article (docs/performance.md).
    children = []
    real_call = apart.call

    def watched(module: str, function: str, *args, **kwargs):
        children.append((module, function, len(args[0]) if isinstance(args[0], list) else 1))
        return real_call(module, function, *args, **kwargs)

    monkeypatch.setattr(apart, "call", watched)
    item = sites.published("Lima foto besar", big=True)
    # Each upload's photo is checked in a child of its own (tayang/media/photo_check.py); the
    # published article's web sizes are one child for all five.
    assert children == [("tayang.media.photo_check", "check", 1)] * 5 + [
        ("tayang.media.websizes", "render_files", 5)]
    assert Derivative.objects.filter(asset__item=item).count() == 5 * 3
    # A video's poster frame too (PyAV: ~17 MB the worker kept after one video).
    children.clear()
    _, video = with_video(sites, "Video di proses anak")
    assert ("tayang.media.frames", "poster_file", 1) in children
    assert Derivative.objects.filter(asset=video, kind=Derivative.Kind.POSTER).exists()


def test_the_task_does_nothing_for_an_item_withdrawn_before_it_ran(sites, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    item = sites.published("Ditarik sebelum diproses", big=True)
    assert withdraw(item.pk, sites.world.holder("admin_medsos"), REASON).done
    assert prepare_article.call(item.pk) == {"photos": 0, "posters": 0}
    assert not Derivative.objects.exists()


def test_the_page_names_the_web_sizes_before_they_exist(sites, settings):
    """Making web sizes changes no page: no new generation, the page cache stays warm."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    item = sites.published("Siap nanti", big=True)
    client = Client()
    asset = assets_of(item)[0]
    before = page(client, article_url(item))
    assert f'src="{site_url(f"berkas/{asset.pk}/w960/")}"' in before
    # Not made yet: the original stands in, and the answer is not kept anywhere.
    early = client.get(site_url(f"berkas/{asset.pk}/w960/"))
    assert early.status_code == 302
    assert early["Location"] == site_url(f"berkas/{asset.pk}/")
    assert early["Cache-Control"] == "no-store"
    generation = SiteState.objects.get(organization=sites.org).generation
    prepare_article.call(item.pk)
    assert SiteState.objects.get(organization=sites.org).generation == generation
    assert page(client, article_url(item)) == before
    made = client.get(site_url(f"berkas/{asset.pk}/w960/"))
    assert made.status_code == 200
    assert made["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(body(made))).size == (960, 640)


# --- the derivatives themselves ------------------------------------------------------------------


def test_derivatives_are_upright_jpegs_without_metadata():
    # Stored 1200x800 with "rotate 90° clockwise" (6): upright it is 800 wide, 1200 high.
    rendered = render(io.BytesIO(photo((1200, 800), orientation=6)), target_widths(800, 1200))
    assert [(r.width, r.height) for r in rendered] == [(800, 1200), (480, 720)]
    for made in rendered:
        image = Image.open(io.BytesIO(made.data))
        assert image.format == "JPEG"
        assert image.size == (made.width, made.height)
        assert not image.getexif()  # no camera, time or orientation left
        assert "exif" not in image.info and "xmp" not in image.info
        # The white block drawn top-left is now top-right: the pixels were turned.
        corner = image.convert("RGB").getpixel((made.width - 5, 5))
        assert min(corner) > 200


def test_photos_are_never_enlarged_and_their_long_side_stays_within_1600():
    assert target_widths(300) == (300,)
    assert target_widths(1200, 800) == (480, 960, 1200)
    assert target_widths(4000, 3000) == (480, 960, 1600)
    assert target_widths(3000, 4000) == (480, 960, 1200)  # portrait: 1200 × 1600
    rendered = render(io.BytesIO(photo((300, 200))), target_widths(300))
    assert [(r.width, r.height) for r in rendered] == [(300, 200)]


def test_draft_decoding_gives_the_same_sizes():
    data = photo((3200, 2400))
    fast = render(io.BytesIO(data), (480, 960, 1600))
    slow = render(io.BytesIO(data), (480, 960, 1600), use_draft=False)
    assert [(r.width, r.height) for r in fast] == [(r.width, r.height) for r in slow]


def test_transparent_areas_become_white():
    buffer = io.BytesIO()
    Image.new("RGBA", (600, 400), (0, 0, 0, 0)).save(buffer, "PNG")
    made = render(io.BytesIO(buffer.getvalue()), (480,))[0]
    assert Image.open(io.BytesIO(made.data)).convert("RGB").getpixel((10, 10)) == (255, 255, 255)


# --- video ---------------------------------------------------------------------------------------


def test_a_video_gets_a_poster_frame_and_is_shown_with_it(sites):
    item, video = with_video(sites, "Berita dengan video")
    poster = Derivative.objects.get(asset=video, kind=Derivative.Kind.POSTER)
    assert (poster.width, poster.height) == (64, 48)
    with poster.file.open("rb") as stored:
        frame = Image.open(stored)
        frame.load()
    # Taken one second in: past the dark first second.
    assert min(frame.convert("RGB").getpixel((32, 24))) > 180
    html = page(Client(), article_url(item))
    base = site_url(f"berkas/{video.pk}/")
    assert f'poster="{base}poster/"' in html
    assert f'<source src="{base}" type="video/mp4">' in html
    assert "Video sambutan kepala dinas di balai desa" in html
    assert Client().get(f"{base}poster/")["Content-Type"] == "image/jpeg"


def test_a_video_answers_byte_ranges(sites):
    _, video = with_video(sites, "Video yang bisa digeser")
    client = Client()
    url = site_url(f"berkas/{video.pk}/")
    whole = client.get(url)
    assert whole["Accept-Ranges"] == "bytes"
    data = body(whole)
    assert int(whole["Content-Length"]) == len(data) == video.size
    etag = whole["ETag"]
    part = client.get(url, HTTP_RANGE="bytes=10-19")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 10-19/{len(data)}"
    assert part["Content-Length"] == "10"
    assert part["Content-Type"] == "video/mp4"
    assert part["ETag"] == etag
    assert body(part) == data[10:20]
    assert body(client.get(url, HTTP_RANGE="bytes=-5")) == data[-5:]
    rest = client.get(url, HTTP_RANGE=f"bytes={len(data) - 7}-")
    assert rest.status_code == 206 and body(rest) == data[-7:]
    past_end = client.get(url, HTTP_RANGE=f"bytes={len(data) - 3}-{len(data) + 100}")
    assert past_end["Content-Range"] == f"bytes {len(data) - 3}-{len(data) - 1}/{len(data)}"
    assert body(past_end) == data[-3:]
    beyond = client.get(url, HTTP_RANGE=f"bytes={len(data) + 5}-")
    assert beyond.status_code == 416
    assert beyond["Content-Range"] == f"bytes */{len(data)}"
    assert client.get(url, HTTP_RANGE="bytes=-0").status_code == 416


def test_if_range_gives_the_whole_file_when_it_changed(sites):
    _, video = with_video(sites, "Video dengan If-Range")
    client = Client()
    url = site_url(f"berkas/{video.pk}/")
    etag = client.get(url)["ETag"]
    same = client.get(url, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=etag)
    assert same.status_code == 206 and len(body(same)) == 10
    for other in ('"another-version"', f"W/{etag}", "Sat, 01 Jan 2000 00:00:00 GMT"):
        changed = client.get(url, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=other)
        assert changed.status_code == 200, other
        assert len(body(changed)) == video.size


def test_ranges_the_server_may_ignore_give_the_whole_file(sites):
    item, video = with_video(sites, "Video rentang aneh")
    client = Client()
    url = site_url(f"berkas/{video.pk}/")
    for header in ("bytes=0-1,5-6", "bytes=9-3", "items=0-5", "bytes=abc", "bytes=-"):
        response = client.get(url, HTTP_RANGE=header)
        assert response.status_code == 200, header
        assert len(body(response)) == video.size
    head = client.head(url, HTTP_RANGE="bytes=0-9")
    assert head.status_code == 200 and head["Content-Length"] == str(video.size)
    # Photos and documents answer ranges too (a download manager resumes), never compressed.
    photo_url = site_url(f"berkas/{assets_of(item)[0].pk}/")
    part = client.get(photo_url, HTTP_RANGE="bytes=0-1", HTTP_ACCEPT_ENCODING="gzip, br")
    assert part.status_code == 206 and body(part) == b"\xff\xd8"  # a JPEG's first bytes
    assert not part.has_header("Content-Encoding")
    assert client.get(photo_url, HTTP_ACCEPT_ENCODING="gzip, br").get("Content-Encoding") is None


def test_a_range_is_streamed_from_the_storage_not_read_whole(sites, monkeypatch):
    """The view asks the storage for the file and reads only the blocks of the range."""
    from tayang.http import ranges

    _, video = with_video(sites, "Video dibaca per blok")
    monkeypatch.setattr(ranges, "BLOCK_SIZE", 100)
    from django.core.files.storage import Storage

    reads: list[int] = []
    original_open = Storage.open

    class Counting:
        def __init__(self, raw):
            self.raw = raw

        def read(self, size=-1):
            reads.append(size)
            return self.raw.read(size)

        def __getattr__(self, name):
            return getattr(self.raw, name)

    def counting_open(self, name, mode="rb"):
        handle = original_open(self, name, mode)
        handle.file = Counting(handle.file)
        return handle

    monkeypatch.setattr(Storage, "open", counting_open)
    last = video.size - 11
    response = Client().get(site_url(f"berkas/{video.pk}/"), HTTP_RANGE=f"bytes=10-{last}")
    assert response.status_code == 206
    assert response.streaming
    assert len(body(response)) == last - 9
    assert len(reads) > 5 and max(reads) <= 100 and -1 not in reads


def test_an_unreadable_video_just_has_no_poster(sites):
    item = sites.draft("Video rusak")
    author = item.created_by
    broken = upload(item, "media", author, "rusak.mp4", mp4())
    with default_storage.open(broken.file.name, "wb") as stored:  # unreadable since
        stored.write(mp4()[:200])
    entries = [*media_entries(item.values, "media"), {"id": broken.pk, "alt": "Video"}]
    assert perform(item.pk, author, Edit({"media": entries})).ok
    sites.publish(item)
    assert not Derivative.objects.filter(asset=broken).exists()
    assert Article.objects.get(item=item).media_ready
    assert "<video controls" in page(Client(), article_url(item))


def test_documents_download_under_the_articles_name(db, settings,
                                                    django_capture_on_commit_callbacks):
    """Seed C hands in documents with its news: they are offered as downloads."""
    settings.TASKS = IMMEDIATE_TASKS
    world = make_world("diy", "dinsos-diy", SOP_C)
    item = new_item(world, "Laporan penyaluran bantuan", activity_date="2026-03-02",
                    naskah_berita="Naskah berita penyaluran bantuan.")
    author = item.created_by
    picture = upload(item, "gambar", author, "foto.jpg", photo())
    document = upload(item, "dokumen", author, "scan-surat-warga.pdf", pdf_bytes())
    assert perform(item.pk, author, Edit({
        "gambar": [{"id": picture.pk, "alt": "Penyerahan bantuan"}],
        "dokumen": [{"id": document.pk, "alt": ""}],
    })).ok
    drive(world, item, "filter_pimpinan_unit")
    assert perform(item.pk, world.holder("pimpinan_unit"),
                   ChooseRoute("category", "kegiatan_rutin")).ok
    with django_capture_on_commit_callbacks(execute=True):
        drive(world, item, END)
    html = page(Client(), article_url(item))
    url = site_url(f"berkas/{document.pk}/", "dinsos-diy")
    assert f'<a href="{url}">Dokumen 1</a> <span class="meta">(PDF, ' in html
    # The stored body's slot for the accessible formats is filled in its place, before the
    # documents, and leaves no trace (tayang.public.body).
    assert html.index('aria-labelledby="versi-aksesibel"') < html.index('id="dokumen-unduhan"')
    assert "<!--" not in html
    response = Client().get(url)
    assert response["Content-Type"] == "application/pdf"
    slug = Article.objects.get(item=item).slug
    assert response["Content-Disposition"] == f'attachment; filename="{slug}-2.pdf"'
    assert "scan-surat-warga" not in response["Content-Disposition"]
    body(response)
