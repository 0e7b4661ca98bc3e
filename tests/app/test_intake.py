"""Uploading documentation: a file is what its content says, within limits, and keeps no location.

Checked by content, never by name or by what the browser claims; within the size limit of its
kind and the kinds the SOP field allows; a photo loses its GPS position (EXIF and XMP) but keeps
its orientation, and gets a thumbnail; a refused or overtaken upload leaves no row and no file.
"""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from PIL import Image

from bench.samples import mp4
from tayang.engine.actions import HandIn
from tayang.items.workflow import perform
from tayang.media.intake import MediaRejected, accept_upload
from tayang.media.limits import file_limit
from tayang.media.models import MediaAsset
from tayang.workspace import file_intake as handin  # where uploads are checked and stored

from .world import (
    SOP_C,
    World,
    jpeg_bytes,
    make_world,
    new_item,
    pdf_bytes,
    png_bytes,
    ready_item,
    uploaded,
)

pytestmark = pytest.mark.django_db

MP4 = mp4()
MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00" * 32
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
GPS_IFD = 0x8825
ORIENTATION = 0x0112
XMP_WITH_PLACE = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    b'xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="7,58.5S" '
    b'exif:GPSLongitude="110,36.0E"/></rdf:RDF></x:xmpmeta>'
)


@pytest.fixture
def world(db) -> World:
    return make_world("gunungkidul", "dpmptsp-gunungkidul")


@pytest.fixture
def item(world):
    return new_item(world)


def stored_files() -> list[Path]:
    root = Path(django_settings.MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file())


def accept(item, field_key: str, name: str, data: bytes, content_type: str = "image/jpeg"):
    sop = item.procedure_version.sop
    return accept_upload(item, sop.field(field_key), uploaded(name, data, content_type),
                         item.created_by)


def refused(item, field_key: str, name: str, data: bytes, content_type: str = "image/jpeg"
            ) -> str:
    with pytest.raises(MediaRejected) as caught:
        accept(item, field_key, name, data, content_type)
    assert not MediaAsset.objects.exists()
    assert stored_files() == []
    return str(caught.value)


def photo_with_location(size: tuple[int, int] = (64, 32), fmt: str = "JPEG") -> bytes:
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # taken with the phone turned: shown rotated 90°
    exif[0x010F] = "Kamera Dinas"
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "S", 2: (7.0, 58.0, 30.0), 3: "E", 4: (110.0, 36.0, 0.0)})
    buffer = io.BytesIO()
    options: dict[str, object] = {"exif": exif.tobytes()}
    if fmt == "JPEG":
        options["xmp"] = XMP_WITH_PLACE
    Image.new("RGB", size, (120, 60, 30)).save(buffer, fmt, **options)
    data = buffer.getvalue()
    assert GPS_IFD in Image.open(io.BytesIO(data)).getexif()
    return data


# --- by content, never by name --------------------------------------------------------------------


def test_a_jpg_that_is_really_a_pdf_is_refused_in_indonesian(item):
    message = refused(item, "media", "foto-kegiatan.jpg", pdf_bytes())
    assert message == (
        "dokumen PDF tidak diterima di Dokumentasi kegiatan (video dan/atau foto); "
        "unggah foto atau video"
    )


def test_a_jpg_that_is_really_text_is_refused_in_indonesian(item):
    message = refused(item, "media", "foto.jpg", b"Ini bukan foto, hanya catatan rapat.\n" * 3)
    assert message.startswith("jenis berkas tidak dikenali dari isinya")
    assert "JPEG" in message


def test_a_png_named_txt_is_accepted_as_png(item):
    asset = accept(item, "media", "catatan.txt", png_bytes((40, 30)), "text/plain")
    assert (asset.kind, asset.content_type, asset.extension) == ("photo", "image/png", "png")
    assert asset.original_name == "catatan.txt"
    # The uploader's name is never stored: the content hash's first 16 digits (the row keeps
    # the whole hash; the path does not store it again) and a random part (no two uploads
    # share a file, so removing one never takes another's away).
    assert re.fullmatch(rf"org/\d+/{asset.sha256[:2]}/{asset.sha256[:16]}-[0-9a-f]{{8}}\.png",
                        asset.file.name)
    assert re.fullmatch(rf"org/\d+/derivatives/{asset.sha256[:2]}/{asset.sha256[:16]}"
                        rf"-[0-9a-f]{{8}}-thumb\.jpg", asset.thumbnail.name)
    assert (asset.width, asset.height) == (40, 30)
    with asset.file.open("rb") as handle:
        assert Image.open(handle).format == "PNG"


def test_the_browsers_word_on_the_type_is_ignored(world):
    c = make_world("diy", "dinsos-diy", SOP_C)
    item = new_item(c)
    asset = accept(item, "dokumen", "scan.jpg", pdf_bytes(), "image/jpeg")
    assert (asset.kind, asset.content_type, asset.extension) == (
        "document", "application/pdf", "pdf"
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "berkas kosong atau terpotong; unggah ulang"),
        (b"\xff\xd8\xff\xe0", "berkas kosong atau terpotong; unggah ulang"),
        (b"\xff\xd8\xff\xe0" + b"\x13" * 300, "foto rusak atau tidak lengkap; unggah ulang"),
    ],
    ids=["kosong", "terpotong", "rusak"],
)
def test_empty_cut_or_broken_photos_are_refused(item, data, message):
    assert refused(item, "media", "foto.jpg", data) == message


# --- size and kind --------------------------------------------------------------------------------


def test_a_photo_over_the_size_limit_is_refused_before_it_is_read(item):
    limit = file_limit("photo")
    data = jpeg_bytes() + b"\x00" * (limit + 1)
    message = refused(item, "media", "besar.jpg", data)
    assert message.startswith("foto JPEG berukuran 25,0 MB, melebihi batas 25 MB")


def test_a_photo_of_too_many_pixels_is_refused(item):
    buffer = io.BytesIO()
    Image.new("1", (10_000, 7_000)).save(buffer, "PNG")  # 70 megapixels, a few kilobytes
    assert refused(item, "media", "bom.png", buffer.getvalue()) == (
        "foto terlalu besar (lebih dari 60 megapiksel)"
    )


def test_kinds_follow_the_sop_field(world):
    diy = make_world("diy", "dinsos-diy", SOP_C)
    item = new_item(diy)
    sop = item.procedure_version.sop
    assert refused(item, "gambar", "video.jpg", MP4) == (
        f"video MP4 tidak diterima di {sop.field('gambar').label}; unggah foto"
    )
    assert refused(item, "video", "foto.mp4", jpeg_bytes()) == (
        f"foto JPEG tidak diterima di {sop.field('video').label}; unggah video"
    )
    assert accept(item, "gambar", "foto.jpg", jpeg_bytes()).kind == "photo"
    assert accept(item, "video", "rekaman.mp4", MP4).kind == "video"
    # A document field takes any file it recognises: a scan as a photo, a PDF.
    assert accept(item, "dokumen", "scan.jpg", jpeg_bytes(color=(1, 2, 3))).kind == "photo"
    assert accept(item, "dokumen", "sk.pdf", pdf_bytes()).kind == "document"


def test_audio_is_refused_where_the_sop_asks_for_photos_or_videos(item):
    assert refused(item, "media", "wawancara.jpg", MP3) == (
        "audio MP3 tidak diterima di Dokumentasi kegiatan (video dan/atau foto); "
        "unggah foto atau video"
    )
    video = accept(item, "media", "rekaman.mp4", MP4)
    assert (video.kind, video.content_type, bool(video.thumbnail)) == ("video", "video/mp4",
                                                                        False)


def test_heic_is_refused_with_advice(item):
    message = refused(item, "media", "IMG_0001.HEIC", HEIC)
    assert message.startswith("foto HEIC belum dapat diproses")
    assert "JPEG" in message and "Paling Kompatibel" in message


# --- location, orientation, thumbnail -------------------------------------------------------------


def test_location_is_stripped_and_orientation_kept_on_a_jpeg(item):
    original = photo_with_location((64, 32))
    asset = accept(item, "media", "lokasi.jpg", original)

    with asset.file.open("rb") as handle:
        kept = handle.read()
    image = Image.open(io.BytesIO(kept))
    exif = image.getexif()
    assert GPS_IFD not in exif
    assert exif.get_ifd(GPS_IFD) == {}
    assert exif[ORIENTATION] == 6
    assert exif[0x010F] == "Kamera Dinas"  # the rest of the metadata stays
    assert b"GPSLatitude" not in kept  # XMP carried the place too: gone with it
    assert "xmp" not in image.info
    assert asset.sha256 != hashlib.sha256(original).hexdigest()
    assert asset.size == len(kept)
    # Shown upright: 32 wide, 64 high, and so is the thumbnail.
    assert (asset.width, asset.height) == (32, 64)
    with asset.thumbnail.open("rb") as handle:
        thumbnail = Image.open(handle)
        assert thumbnail.format == "JPEG"
        assert thumbnail.size == (32, 64)
        assert GPS_IFD not in thumbnail.getexif()


def test_location_is_stripped_from_a_png_too(item):
    asset = accept(item, "media", "layar.png", photo_with_location((40, 20), "PNG"))
    with asset.file.open("rb") as handle:
        image = Image.open(handle)
        image.load()
        assert GPS_IFD not in image.getexif()
        assert image.getexif()[ORIENTATION] == 6


def test_a_photo_without_location_is_stored_as_it_came(item):
    data = jpeg_bytes((800, 600))
    asset = accept(item, "media", "foto.jpg", data)
    with asset.file.open("rb") as handle:
        assert handle.read() == data


def test_a_thumbnail_is_made_within_480_pixels(item):
    asset = accept(item, "media", "besar.jpg", jpeg_bytes((1200, 800)))
    assert (asset.width, asset.height) == (1200, 800)
    with asset.thumbnail.open("rb") as handle:
        thumbnail = Image.open(handle)
        assert thumbnail.format == "JPEG"
        assert thumbnail.size == (480, 320)


# --- through the upload view ----------------------------------------------------------------------


def _upload_url(item) -> str:
    return reverse("workspace:item-upload", kwargs={"org": item.organization.slug, "pk": item.pk})


def test_one_bad_file_does_not_stop_the_good_one(client, item):
    client.force_login(item.created_by)
    version = item.version
    response = client.post(_upload_url(item), {
        "field": "media",
        "files": [uploaded("bagus.jpg", jpeg_bytes(), "image/jpeg"),
                  uploaded("palsu.jpg", b"%PDF-1.4 bukan foto " * 10, "image/jpeg")],
    }, headers={"Accept": "application/json"})
    assert response.status_code == 200
    answer = response.json()
    assert [a["name"] for a in answer["accepted"]] == ["bagus.jpg"]
    assert answer["rejected"] == [{
        "name": "palsu.jpg",
        "message": "dokumen PDF tidak diterima di Dokumentasi kegiatan (video dan/atau foto); "
                   "unggah foto atau video",
    }]
    assert answer["version"] == version + 1
    item.refresh_from_db()
    assert [entry["id"] for entry in item.values["media"]] == [answer["accepted"][0]["id"]]
    assert MediaAsset.objects.count() == 1
    assert len(stored_files()) == 2  # the photo and its thumbnail


def test_a_refused_upload_without_javascript_says_why_in_messages(client, item):
    client.force_login(item.created_by)
    response = client.post(_upload_url(item), {
        "field": "media", "files": uploaded("IMG_0002.heic", HEIC, "image/heic"),
    }, follow=True)
    page = response.content.decode()
    assert "IMG_0002.heic ditolak: foto HEIC belum dapat diproses" in page
    assert not MediaAsset.objects.exists()
    assert stored_files() == []


def test_an_upload_overtaken_by_a_hand_in_leaves_no_row_and_no_file(client, world, monkeypatch):
    """The file is stored, then someone hands the item in before it is added: it is removed."""
    item = ready_item(world)
    before_files = stored_files()
    before_assets = MediaAsset.objects.count()
    check_really = handin.check_upload

    def checked_then_overtaken(*args, **kwargs):
        checked = check_really(*args, **kwargs)
        assert perform(item.pk, item.created_by, HandIn()).ok  # meanwhile, in another tab
        return checked

    monkeypatch.setattr(handin, "check_upload", checked_then_overtaken)
    client.force_login(item.created_by)
    response = client.post(_upload_url(item), {
        "field": "media", "files": uploaded("telat.jpg", jpeg_bytes(color=(9, 9, 9)),
                                            "image/jpeg"),
    }, headers={"Accept": "application/json"})

    assert response.status_code == 422
    answer = response.json()
    assert answer["accepted"] == []
    assert answer["rejected"][0]["name"] == "telat.jpg"
    assert "hanya dapat dikerjakan oleh" in answer["rejected"][0]["message"]
    assert MediaAsset.objects.count() == before_assets
    assert stored_files() == before_files


def test_an_upload_by_someone_who_may_not_act_stores_nothing(client, world, item):
    client.force_login(world.holder("admin_medsos"))
    response = client.post(_upload_url(item), {
        "field": "media", "files": uploaded("foto.jpg", jpeg_bytes(), "image/jpeg"),
    }, headers={"Accept": "application/json"})
    assert response.status_code == 422
    assert response.json()["rejected"] == [{
        "name": "foto.jpg",
        "message": "Langkah 1 hanya dapat dikerjakan oleh Tim Pelaksanaan.",
    }]
    assert not MediaAsset.objects.exists()
    assert stored_files() == []


# --- where the photo is read ------------------------------------------------------------------


def test_a_photo_is_read_stripped_and_made_small_in_a_child_process(tmp_path):
    """Pillow never loads in the process that takes the upload (tayang/media/photo_check.py):
    the web process stays as small after its first photo as before it (issue 16)."""
    import os
    import subprocess
    import sys
    import textwrap

    photo = tmp_path / "lokasi.jpg"
    photo.write_bytes(photo_with_location((64, 32)))
    code = textwrap.dedent(
        f"""
        import sys
        import django
        django.setup()
        from django.core.files.uploadedfile import SimpleUploadedFile
        from tayang.media.intake import inspect_file
        data = open({str(photo)!r}, "rb").read()
        checked = inspect_file(SimpleUploadedFile("lokasi.jpg", data, "image/jpeg"),
                               lambda found: None)
        stripped = checked.content.read()
        checked.close()
        print(checked.width, checked.height, len(stripped) < len(data),
              checked.thumbnail[:2] == b"\\xff\\xd8", "PIL" in sys.modules)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tayang.settings",
             "TAYANG_VAR_DIR": str(tmp_path / "var"),
             "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    # Upright 32 × 64, the location gone, a JPEG thumbnail: and no Pillow in this process.
    assert result.stdout.split() == ["32", "64", "True", "True", "False"]
