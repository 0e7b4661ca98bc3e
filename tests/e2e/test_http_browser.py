"""HTTP as the browser uses it: a published video seeks through byte ranges (206), and the SOP
document page loads its WOFF2 subsets, never the 410 KB TTFs, with the pages compressed."""

from __future__ import annotations

import io
from fractions import Fraction

import av
import pytest
from django.urls import reverse
from PIL import Image, ImageDraw
from playwright.sync_api import Browser

from tayang.engine.actions import Edit
from tayang.items.content import media_entries
from tayang.items.workflow import perform
from tests.app.public_world import IMMEDIATE_TASKS, article_url, make_sites
from tests.app.world import upload

pytestmark = pytest.mark.django_db(transaction=True)


def h264(seconds: int = 8, size: tuple[int, int] = (320, 240)) -> bytes:
    """An H.264 MP4 the browser plays, its index (moov) at the end as phones write it."""
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=10)
        stream.width, stream.height = size
        stream.pix_fmt = "yuv420p"
        for index in range(seconds * 10):
            image = Image.new("RGB", size, (20 * (index // 10), 90, 150))
            ImageDraw.Draw(image).rectangle((index * 3, 10, index * 3 + 40, 50), fill="white")
            frame = av.VideoFrame.from_image(image)
            frame.pts, frame.time_base = index, Fraction(1, 10)
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return buffer.getvalue()


def test_the_browser_seeks_in_a_published_video_through_byte_ranges(
    live_server, browser: Browser, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE_TASKS
    sites = make_sites(django_capture_on_commit_callbacks)
    item = sites.draft("Video yang bisa digeser")
    author = item.created_by
    video = upload(item, "media", author, "video.mp4", h264())
    entries = [*media_entries(item.values, "media"),
               {"id": video.pk, "alt": "Video kegiatan di balai desa"}]
    assert perform(item.pk, author, Edit({"media": entries})).ok
    sites.publish(item)

    page = browser.new_page()
    answers: list[tuple[int, str, str]] = []
    page.on("response", lambda response: answers.append(
        (response.status, response.request.headers.get("range", ""),
         response.headers.get("content-range", ""))
    ) if f"/berkas/{video.pk}/" in response.url and response.request.resource_type == "media"
        else None)
    page.goto(live_server.url + article_url(item))
    player = page.locator("video")
    page.wait_for_function("document.querySelector('video').readyState >= 1")
    duration = page.evaluate("document.querySelector('video').duration")
    assert duration == pytest.approx(8, abs=0.5)
    landed = player.evaluate("""video => new Promise(resolve => {
        video.addEventListener('seeked', () => resolve(video.currentTime), {once: true});
        video.currentTime = video.duration - 1.5;
    })""")
    assert landed == pytest.approx(duration - 1.5, abs=0.5)
    assert answers, "the player asked nothing"
    assert all(status == 206 for status, _, _ in answers), answers
    assert all(asked.startswith("bytes=") and sent.startswith("bytes ")
               for _, asked, sent in answers), answers
    page.close()


def test_the_document_page_loads_the_woff2_subsets_only(live_server, browser: Browser):
    page = browser.new_page()
    fonts: list[tuple[str, int, str]] = []
    page.on("response", lambda response: fonts.append(
        (response.url.rsplit("/", 1)[1], response.status,
         response.headers.get("content-type", ""))
    ) if "/huruf/" in response.url else None)
    encodings: dict[str, str] = {}
    page.on("response", lambda response: encodings.__setitem__(
        response.request.resource_type, response.headers.get("content-encoding", "")
    ) if response.request.resource_type in ("document", "stylesheet") else None)
    page.goto(live_server.url + reverse("sop-document",
                                        kwargs={"key": "dinsos-diy-media-informasi"}))
    assert page.evaluate("document.fonts.ready.then(() => document.fonts.status)") == "loaded"
    assert page.evaluate("document.fonts.check('8pt \"Liberation Sans\"')")
    assert page.evaluate("document.fonts.check('bold 8pt \"Liberation Sans\"')")
    names = sorted(name.split("?")[0] for name, _, _ in fonts)
    assert names and all(name.endswith(".woff2") for name in names), fonts
    assert all(status == 200 and kind == "font/woff2" for _, status, kind in fonts), fonts
    # The page reads the session (the header shows who is signed in): gzip with Django's
    # BREACH padding; the stylesheet is the same for everybody: brotli.
    assert encodings == {"document": "gzip", "stylesheet": "br"}
    page.close()
