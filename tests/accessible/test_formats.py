"""A seed D announcement gets its audio, Braille and large print (issue 14, points 1–3, 5)."""

from __future__ import annotations

import io
import subprocess

import av
import pytest
from django.core.files.storage import default_storage
from pypdf import PdfReader

from tayang.accessible import engines, making
from tayang.accessible.models import AccessibleFormat, Format
from tayang.accessible.source import source_of
from tayang.engine.actions import Edit, Publish
from tests.accessible.announcements import TEXT, TITLE, handed_in_announcement, seed_d_world

pytestmark = pytest.mark.django_db
State = AccessibleFormat.State


@pytest.fixture
def world():
    return seed_d_world()


def test_hand_in_queues_all_three_and_the_worker_makes_them(world, monkeypatch):
    item = handed_in_announcement(world)
    rows = AccessibleFormat.objects.filter(item=item)
    assert {row.format: row.state for row in rows} == {
        Format.AUDIO: State.QUEUED, Format.BRAILLE: State.QUEUED,
        Format.LARGE_PRINT: State.QUEUED,
    }
    sent: list[tuple[str, str]] = []
    run = subprocess.run

    def listening(command, **kwargs):  # the real program runs; what it was given is kept
        sent.append((command[0].rsplit("/", 1)[-1], kwargs["input"].decode()))
        return run(command, **kwargs)

    monkeypatch.setattr(engines.subprocess, "run", listening)
    assert making.make_waiting(item) == {
        Format.AUDIO: "ready", Format.BRAILLE: "ready", Format.LARGE_PRINT: "ready",
    }
    spoken = dict(sent)["espeak-ng"]
    assert spoken.startswith("Pengumuman ha e te minyak goreng. pe pe i de Kabupaten Kotawaringin")
    assert ("pada enam Desember dua ribu dua puluh enam pukul sembilan waktu Indonesia barat"
            in spoken)
    assert "lima belas ribu tujuh ratus rupiah per liter" in spoken
    assert not any(character.isdigit() for character in spoken)

    audio = AccessibleFormat.objects.get(item=item, format=Format.AUDIO)
    data = audio.file.read()
    with av.open(io.BytesIO(data)) as container:
        stream = container.streams.audio[0]
        assert stream.codec_context.name == "opus"
        decoded = sum(frame.samples for frame in container.decode(audio=0)) / stream.rate
    words = len(spoken.split())
    # Read at 150 words a minute, with pauses between sentences: the whole text, no more.
    assert words / 150 * 60 * 0.6 < decoded < words / 150 * 60 * 1.6
    assert decoded == pytest.approx(audio.duration, abs=0.1)
    assert audio.size == len(data) < 5_000 * decoded  # small: Opus at about 24–30 kbit/s


def test_the_braille_file_has_the_expected_cells(world):
    item = handed_in_announcement(world)
    making.make_waiting(item)
    brf = AccessibleFormat.objects.get(item=item, format=Format.BRAILLE).file.read().decode()
    lines = brf.split("\r\n")
    assert lines[0] == ",PENGUMUMAN ,,HET MINYAK GORENG"  # capital signs, uncontracted
    assert "\r\n,RAPAT ,,PPID PADA #F ,DESEMBER #BJBF4\r\n" in brf
    assert all(len(line) <= engines.CELLS_PER_LINE for line in lines)
    assert brf.endswith("\r\n") and "\f" not in brf  # one page: no form feed


def test_brf_pages_are_40_cells_by_25_lines():
    cells = " ".join(["ABCDEFGHI"] * 200)  # 2,000 cells of words
    brf = engines.brf_pages(cells)
    pages = brf.split("\f")
    assert len(pages) > 1
    for page in pages:
        lines = page.split("\r\n")[:-1]
        assert len(lines) <= engines.LINES_PER_PAGE
        assert all(len(line) <= engines.CELLS_PER_LINE for line in lines)
    assert len(pages[0].split("\r\n")[:-1]) == engines.LINES_PER_PAGE


def test_the_large_print_is_at_least_18_points_and_says_the_text(world):
    item = handed_in_announcement(world)
    making.make_waiting(item)
    pdf = AccessibleFormat.objects.get(item=item, format=Format.LARGE_PRINT).file.read()
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == TITLE
    sizes: dict[str, float] = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            sizes[text.strip()] = size * tm[0] * cm[0] if cm[0] else size * tm[0]

    text = "".join(page.extract_text(visitor_text=visit) for page in reader.pages)
    assert TITLE in " ".join(text.split())
    assert "Rp15.700 per liter" in " ".join(text.split())
    assert min(sizes.values()) >= 18
    assert max(sizes.values()) >= 28  # the title


def test_publishing_waits_for_the_formats_then_the_page_offers_them(world, client):
    item = handed_in_announcement(world)
    publisher = world.holder("petugas_ppid")
    from tayang.items.workflow import perform

    refused = perform(item.pk, publisher, Publish())
    assert not refused.ok
    assert "Format aksesibel masih dibuat: audio, Braille, cetak besar" in refused.message
    making.make_waiting(item)
    done = perform(item.pk, publisher, Publish())
    assert done.ok, done.message

    client.force_login(publisher)
    page = client.get(f"/kerja/{world.slug}/konten/{item.pk}/").content.decode()
    assert "Format aksesibel" in page and page.count(">siap<") == 3

    public = client.get(f"/situs/{world.slug}/berita/{item.pk}/")
    public = client.get(public["Location"]) if public.status_code == 301 else public
    html = public.content.decode()
    assert "<audio controls" in html and "Unduh berkas Braille" in html
    assert "Unduh versi cetak besar" in html and "Versi teks biasa" in html
    base = f"/situs/{world.slug}/berita/{item.pk}"
    audio = client.get(f"{base}/format/audio/")
    assert audio.status_code == 200 and audio["Content-Type"].startswith("audio/ogg")
    braille = client.get(f"{base}/format/braille/")
    assert braille["Content-Disposition"].startswith("attachment")
    assert b"".join(braille.streaming_content).startswith(b",PENGUMUMAN")
    large = client.get(f"{base}/format/cetak-besar/")
    assert b"".join(large.streaming_content).startswith(b"%PDF")
    text = client.get(f"{base}/teks.txt")
    assert text["Content-Type"] == "text/plain; charset=utf-8"
    assert text.content.decode() == source_of(world.sop, item.values).text
    assert TEXT.splitlines()[0] in text.content.decode()
    assert client.get(f"{base}/format/lainnya/").status_code == 404


def test_a_missing_engine_says_which_format_and_never_blocks_publishing(world, client,
                                                                       monkeypatch):
    item = handed_in_announcement(world)
    real = engines.shutil.which
    monkeypatch.setattr(engines.shutil, "which",
                        lambda name: None if name == "espeak-ng" else real(name))
    assert making.make_waiting(item)[Format.AUDIO] == "unavailable"
    audio = AccessibleFormat.objects.get(item=item, format=Format.AUDIO)
    assert audio.error == "Audio tidak tersedia: program espeak-ng belum terpasang di server."
    from tayang.items.workflow import perform

    done = perform(item.pk, world.holder("petugas_ppid"), Publish())
    assert done.ok, done.message
    client.force_login(world.holder("petugas_ppid"))
    page = client.get(f"/kerja/{world.slug}/konten/{item.pk}/").content.decode()
    assert "tidak tersedia" in page and "espeak-ng belum terpasang" in page
    public = client.get(f"/situs/{world.slug}/berita/{item.pk}/", follow=True)
    html = public.content.decode()
    assert "<audio controls" not in html and "Unduh berkas Braille" in html


def test_a_correction_makes_them_again_from_the_new_text(world):
    item = handed_in_announcement(world)
    making.make_waiting(item)
    first = AccessibleFormat.objects.get(item=item, format=Format.BRAILLE)
    first_cells = first.file.read().decode()
    from tayang.engine.actions import SendBack
    from tayang.items.workflow import perform

    assert perform(item.pk, world.holder("petugas_ppid"), SendBack("Tambahkan kontak.")).ok
    corrected = perform(item.pk, world.holder("ppid_pelaksana"), Edit(
        {"konten": TEXT + "\nPengaduan: 0811-5200-2026."}, note="Kontak"))
    assert corrected.ok, corrected.message
    again = AccessibleFormat.objects.get(item=item, format=Format.BRAILLE)
    assert again.state == State.QUEUED and again.source_hash != first.source_hash
    assert again.file.name == first.file.name  # the old file stays until the new one is made
    making.make_waiting(item)
    again.refresh_from_db()
    assert again.state == State.READY and again.file.name != first.file.name
    assert "#JHAA" not in first_cells and "#JHAA" in again.file.read().decode()  # 0811
    assert not default_storage.exists(first.file.name)  # the old file is gone once replaced


def test_bounds_before_the_engines():
    long = "kata " * 10_000
    assert len(engines.bounded(long)) <= engines.MAX_CHARACTERS
    assert engines.bounded("pendek") == "pendek"


def test_a_failing_engine_is_retried_then_failed_and_the_sweep_recovers_a_dead_worker(
    world, settings, monkeypatch,
):
    from datetime import timedelta

    from django.utils import timezone

    from tayang.accessible import sweep

    settings.TAYANG_ACCESSIBLE_MAX_ATTEMPTS = 2
    item = handed_in_announcement(world)
    braille = AccessibleFormat.objects.get(item=item, format=Format.BRAILLE)

    def broken(text):
        raise engines.EngineFailed("liblouis gagal (kode 1): tabel rusak")

    monkeypatch.setattr(engines, "braille", broken)
    assert making.make(braille.pk) == "retrying"
    braille.refresh_from_db()
    assert braille.state == State.RETRYING and "tabel rusak" in braille.error_detail
    later = braille.due_at + timedelta(seconds=1)
    assert making.make(braille.pk, now=later) == "failed"
    braille.refresh_from_db()
    assert braille.state == State.FAILED and braille.error == "Braille gagal dibuat."

    # A worker that died holding the audio: the sweep hands it back and enqueues it again.
    audio = AccessibleFormat.objects.get(item=item, format=Format.AUDIO)
    AccessibleFormat.objects.filter(pk=audio.pk).update(
        state=State.WORKING, lease_until=timezone.now() - timedelta(seconds=1), enqueued_at=None)
    found = sweep.make_due()
    assert found["interrupted"] == 1 and found["enqueued"] >= 1
    audio.refresh_from_db()
    assert audio.state == State.RETRYING and audio.enqueued_at is not None


def test_the_hand_in_enqueues_the_tasks_that_make_them(world, settings,
                                                      django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {
        "BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        item = handed_in_announcement(world)
    assert callbacks  # the tasks were enqueued once the hand-in committed, not before
    states = dict(AccessibleFormat.objects.filter(item=item).values_list("format", "state"))
    assert states == {Format.AUDIO: State.READY, Format.BRAILLE: State.READY,
                      Format.LARGE_PRINT: State.READY}
