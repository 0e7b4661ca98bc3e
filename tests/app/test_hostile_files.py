"""Issue 11, finding 5: small uploads must not cost large memory, and content is what counts.

The same kind of input the issue used: a 7745 × 7745 PNG of a few hundred kilobytes, four of
them in one batch, a PNG whose text chunk inflates to 200 MB, 450 MB of zeros behind an MP4
``ftyp`` header. Each is refused with a message in Bahasa Indonesia, within a bound on the
process's peak memory, and leaves no row and no file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from PIL import Image

from bench.samples import FTYP, fake_video, huge_png, mp4, text_bomb_png, wav
from tayang.media.intake import MediaRejected, accept_upload
from tayang.media.models import MediaAsset, PendingFile

from .memory import peak_growth
from .world import make_world, new_item, uploaded

pytestmark = pytest.mark.django_db

JSON = {"Accept": "application/json"}


@pytest.fixture(scope="module")
def big_png() -> bytes:
    return huge_png(7745)


@pytest.fixture
def world(db):
    return make_world("gunungkidul", "dpmptsp-gunungkidul")


@pytest.fixture
def item(world):
    return new_item(world)


def stored_files() -> list[Path]:
    return sorted(p for p in Path(django_settings.MEDIA_ROOT).rglob("*") if p.is_file())


def post(client, item, *files, field="media"):
    client.force_login(item.created_by)
    url = reverse("workspace:item-upload", kwargs={"org": item.organization.slug, "pk": item.pk})
    return client.post(url, {"field": field, "files": list(files)}, headers=JSON)


def assert_nothing_stored() -> None:
    assert not MediaAsset.objects.exists()
    assert not PendingFile.objects.exists()
    assert stored_files() == []


def test_a_7745_pixel_png_is_refused_before_it_is_decoded(client, item, big_png):
    assert len(big_png) < 400 * 1024  # a small upload …
    with peak_growth() as peak:
        response = post(client, item, uploaded("spanduk.png", big_png, "image/png"))
    assert response.status_code == 422
    message = response.json()["rejected"][0]["message"]
    assert message.startswith("gambar PNG 7745 × 7745 piksel (60,0 megapiksel) memerlukan")
    assert "perkecil ukurannya" in message
    assert peak.growth_mb < 60, peak.growth_mb  # … never decoded: today it took 700 MB
    assert_nothing_stored()


def test_four_of_them_at_once_cost_no_more(client, item, big_png):
    files = [uploaded(f"spanduk-{n}.png", big_png, "image/png") for n in range(4)]
    with peak_growth() as peak:
        response = post(client, item, *files)
    assert response.status_code == 422
    assert [r["name"] for r in response.json()["rejected"]] == [f.name for f in files]
    assert peak.growth_mb < 60, peak.growth_mb  # today: 2.7 GB
    assert_nothing_stored()


def test_a_large_png_within_the_budget_is_decoded_once_without_copies(client, item):
    data = huge_png(5000)  # 25 megapixels: 100 MB decoded, within the 128 MB budget
    with peak_growth() as peak:
        response = post(client, item, uploaded("peta.png", data, "image/png"))
    assert response.status_code == 200, response.json()
    assert peak.growth_mb < 150, peak.growth_mb  # one picture, no full-size copy
    asset = MediaAsset.objects.get()
    assert (asset.width, asset.height) == (5000, 5000)
    with asset.thumbnail.open("rb") as handle:
        assert Image.open(handle).size == (480, 480)


def test_a_png_whose_text_inflates_to_200_mb_is_refused_clearly(client, item):
    data = text_bomb_png()
    assert len(data) < 1024 * 1024
    with peak_growth() as peak:
        response = post(client, item, uploaded("grafik.png", data, "image/png"))
    assert response.status_code == 422  # today: a 500
    assert response.json()["rejected"] == [{
        "name": "grafik.png",
        "message": "gambar PNG berisi teks atau metadata tersembunyi lebih dari 1,0 MB setelah "
                   "dibuka; simpan ulang gambarnya tanpa metadata (misalnya ekspor sebagai JPEG) "
                   "lalu unggah ulang",
    }]
    assert peak.growth_mb < 40, peak.growth_mb
    assert_nothing_stored()


def test_450_mb_of_zeros_behind_ftyp_is_not_a_video(item, tmp_path):
    path = fake_video(tmp_path / "rekaman.mp4")
    sop = item.procedure_version.sop
    with path.open("rb") as handle, peak_growth() as peak:
        upload = UploadedFile(handle, "rekaman.mp4", "video/mp4", path.stat().st_size)
        with pytest.raises(MediaRejected) as refused:
            accept_upload(item, sop.field("media"), upload, item.created_by)
    assert str(refused.value).startswith("video MP4 rusak atau bukan video yang dapat diputar")
    assert peak.growth_mb < 40, peak.growth_mb  # today: read whole into memory, and accepted
    assert_nothing_stored()


def test_a_small_fake_video_is_refused_through_the_uploader(client, item):
    response = post(client, item, uploaded("klip.mp4", FTYP + b"\x00" * 100_000, "video/mp4"))
    assert response.status_code == 422
    assert "bukan video yang dapat diputar" in response.json()["rejected"][0]["message"]
    assert_nothing_stored()


def test_a_real_video_is_accepted_with_what_pyav_found(client, item):
    response = post(client, item, uploaded("klip.mp4", mp4(seconds=3), "video/mp4"))
    assert response.status_code == 200, response.json()
    video = MediaAsset.objects.get()
    assert (video.kind, video.width, video.height) == ("video", 64, 48)
    assert video.duration_seconds == pytest.approx(3.0, abs=0.2)


def test_a_video_longer_than_the_limit_is_refused(client, item, settings):
    settings.TAYANG_MEDIA_MAX_MINUTES = 0
    response = post(client, item, uploaded("klip.mp4", mp4(seconds=2), "video/mp4"))
    assert response.status_code == 422
    assert "melebihi batas 0 menit" in response.json()["rejected"][0]["message"]


def test_a_recording_is_probed_too(db):
    world = make_world("bantul", "disnakertrans-bantul", "bantul-disnakertrans-website-medsos")
    item = new_item(world)
    sop = item.procedure_version.sop
    recording = accept_upload(item, sop.field("materi"), uploaded("wawancara.wav", wav()),
                              item.created_by)
    assert (recording.kind, recording.duration_seconds) == ("audio", 1.0)
    silence = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 64
    with pytest.raises(MediaRejected, match="audio WAV rusak atau bukan audio"):
        accept_upload(item, sop.field("materi"), uploaded("kosong.wav", silence),
                      item.created_by)


@pytest.mark.parametrize(("name", "data", "message"), [
    ("sk.pdf", b"%PDF-1.7\n" + b"0" * 4000, "dokumen PDF terpotong atau rusak"),
    ("sk.docx", b"PK\x03\x04" + b"0" * 4000, "dokumen Office/ZIP terpotong atau rusak"),
])
def test_a_cut_document_is_refused(db, name, data, message):
    world = make_world("diy", "dinsos-diy", "dinsos-diy-media-informasi")
    item = new_item(world)
    sop = item.procedure_version.sop
    with pytest.raises(MediaRejected, match=message):
        accept_upload(item, sop.field("dokumen"), uploaded(name, data), item.created_by)
