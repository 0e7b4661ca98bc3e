"""Uploads that survive a weak signal (tayang.media.chunked) and *Konten baru* taking photos on
its first screen: pieces appended at offsets, a dropped piece resumed from where the server
stands, the assembled file held to the same checks as any upload, the same photo twice pointed
out, and abandoned parts swept with the other temporary upload files."""

from __future__ import annotations

import io
import os
import random
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from tayang.items.content import media_entries
from tayang.items.models import Item
from tayang.media import chunked
from tayang.media.models import MediaAsset
from tayang.media.sweep import sweep_temporary_files

from .world import SOP_A, World, jpeg_bytes, make_world, new_item, pdf_bytes

pytestmark = pytest.mark.django_db

ORG = "dpmptsp-gunungkidul"
JSON = {"Accept": "application/json"}


@pytest.fixture
def world(db) -> World:
    return make_world("gunungkidul", ORG)


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(chunked, "CHUNK_BYTES", 4096)
    return 4096


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def start(client: Client, item: Item, name: str, size: int, field: str = "media"):
    return client.post(
        reverse("workspace:item-chunks", kwargs={"org": item.organization.slug, "pk": item.pk}),
        {"field": field, "name": name, "size": str(size)}, headers=JSON)


def piece(client: Client, url: str, offset: int, data: bytes):
    return client.post(url, data, content_type="application/offset+octet-stream",
                       headers={**JSON, "Upload-Offset": str(offset)})


def parts() -> list[Path]:
    return sorted(Path(django_settings.FILE_UPLOAD_TEMP_DIR).glob("tayang-part-*"))


def big_jpeg(seed: int = 0) -> bytes:
    # Noise does not compress: a photo of several pieces.
    rng = random.Random(seed)
    image = Image.new("RGB", (120, 90))
    image.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256))
                   for _ in range(120 * 90)])
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95)
    return out.getvalue()


def test_a_photo_in_pieces_with_a_dropped_piece_resumes_and_is_stored(world, small_chunks):
    item = new_item(world, "Pameran UMKM")
    client = login(item.created_by)
    data = big_jpeg()
    assert len(data) > 3 * small_chunks

    started = start(client, item, "pameran.jpg", len(data))
    assert started.status_code == 201
    url = started.json()["url"]
    assert started.json()["chunk"] == small_chunks

    assert piece(client, url, 0, data[:small_chunks]).json() == {
        "offset": small_chunks, "size": len(data)}
    # The next piece is cut off halfway (the signal dropped): the server keeps what arrived.
    half = small_chunks + small_chunks // 2
    assert piece(client, url, small_chunks, data[small_chunks:half]).json()["offset"] == half
    # The page, unsure what arrived, asks where to resume, and a stale offset is refused.
    assert client.get(url, headers=JSON).json() == {"offset": half, "size": len(data)}
    stale = piece(client, url, small_chunks, data[small_chunks:2 * small_chunks])
    assert stale.status_code == 409
    assert stale.json()["offset"] == half

    offset = half
    answer = None
    while offset < len(data):
        answer = piece(client, url, offset, data[offset:offset + small_chunks])
        offset = answer.json()["offset"]
    assert answer is not None and answer.status_code == 200
    result = answer.json()
    assert result["done"] is True
    assert [a["name"] for a in result["accepted"]] == ["pameran.jpg"]
    item.refresh_from_db()
    stored = media_entries(item.values, "media")
    assert [e["id"] for e in stored] == [result["accepted"][0]["id"]]
    asset = MediaAsset.objects.get()
    assert asset.size == len(data)
    assert parts() == []  # the part and its record went once the file was stored


def test_an_assembled_file_of_the_wrong_kind_is_refused_by_name(world, small_chunks):
    item = new_item(world, "Laporan kegiatan")
    client = login(item.created_by)
    data = pdf_bytes()
    url = start(client, item, "laporan.pdf", len(data)).json()["url"]
    offset, answer = 0, None
    while offset < len(data):
        answer = piece(client, url, offset, data[offset:offset + small_chunks])
        offset = answer.json()["offset"]
    assert answer.status_code == 422
    rejected = answer.json()["rejected"]
    assert [r["name"] for r in rejected] == ["laporan.pdf"]
    assert "tidak diterima di Dokumentasi kegiatan" in rejected[0]["message"]
    assert not MediaAsset.objects.exists()
    assert parts() == []


def test_pieces_are_bounded_and_belong_to_whoever_started_them(world, small_chunks, settings):
    item = new_item(world, "Pameran UMKM")
    client = login(item.created_by)
    limit = max(settings.TAYANG_UPLOAD_MAX_MB.values())
    too_big = start(client, item, "film.mp4", limit * 1024 * 1024 + 1)
    assert too_big.status_code == 413
    assert "lebih besar dari batas" in too_big.json()["rejected"][0]["message"]

    url = start(client, item, "foto.jpg", 10_000).json()["url"]
    oversized = piece(client, url, 0, b"x" * (small_chunks + 1))
    assert oversized.status_code == 413
    past_end = start(client, item, "kecil.jpg", 10).json()["url"]
    assert piece(client, past_end, 0, b"x" * 11).status_code == 413

    other = login(world.holder("tim_pertimbangan"))
    assert other.get(url, headers=JSON).status_code == 404
    assert piece(other, url, 0, b"x").status_code == 404
    assert client.get(url, headers=JSON).json()["offset"] == 0


def test_a_person_who_may_not_add_files_cannot_start_one(world):
    item = new_item(world, "Pameran UMKM")
    response = start(login(world.holder("tim_pertimbangan")), item, "foto.jpg", 100)
    assert response.status_code == 422
    assert "hanya dapat dikerjakan oleh" in response.json()["rejected"][0]["message"]
    assert parts() == []


def test_abandoned_parts_are_swept_with_the_other_temporary_files(world, small_chunks):
    item = new_item(world, "Pameran UMKM")
    client = login(item.created_by)
    url = start(client, item, "foto.jpg", 10_000).json()["url"]
    piece(client, url, 0, b"x" * 100)
    assert len(parts()) == 2  # the part and its record
    assert sweep_temporary_files() == 0  # in use: young
    old = time.time() - 3 * 24 * 3600
    for path in parts():
        os.utime(path, (old, old))
    assert sweep_temporary_files() == 2
    assert parts() == []
    assert client.get(url, headers=JSON).status_code == 404


def test_the_same_photo_twice_is_pointed_out(world, small_chunks):
    item = new_item(world, "Pameran UMKM")
    client = login(item.created_by)
    data = jpeg_bytes()
    answers = []
    for name in ("pameran-1.jpg", "pameran-lagi.jpg"):
        url = start(client, item, name, len(data)).json()["url"]
        answers.append(piece(client, url, 0, data).json())
    assert answers[0]["warnings"] == []
    assert answers[1]["warnings"] == [
        "pameran-lagi.jpg sama persis dengan pameran-1.jpg yang sudah diunggah; hapus salah "
        "satunya bila tidak sengaja (hilangkan centang «Sertakan»)."]
    assert MediaAsset.objects.count() == 2  # a warning, not a refusal


# --- Konten baru: photos on the first screen -----------------------------------------------------


def test_the_first_screen_asks_for_photos_from_the_camera_before_saving(world):
    client = login(world.holder("tim_pelaksana"))
    page = client.get(reverse("workspace:item-create",
                              kwargs={"org": ORG, "procedure": SOP_A})).content.decode()
    assert 'enctype="multipart/form-data"' in page
    camera = page.split('id="camera-media"')[1].split(">")[0]
    assert 'capture="environment"' in camera and "image/" in camera
    assert page.index('id="camera-media"') < page.index("Simpan draf")
    assert page.index('id="files-media"') < page.index("Simpan draf")


def test_without_the_script_the_first_screen_keeps_its_photos_and_names_each_result(world):
    client = login(world.holder("tim_pelaksana"))
    photos = [SimpleUploadedFile(f"foto-{n}.jpg", jpeg_bytes(color=(40 * n, 90, 150)),
                                 "image/jpeg") for n in range(1, 4)]
    report = SimpleUploadedFile("laporan.pdf", pdf_bytes(), "application/pdf")
    response = client.post(
        reverse("workspace:item-create", kwargs={"org": ORG, "procedure": SOP_A}),
        {"title": "Pameran UMKM", "files__media": [*photos, report]})
    item = Item.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:item-edit",
                                           kwargs={"org": ORG, "pk": item.pk})
    assert len(media_entries(item.values, "media")) == 3
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert "3 berkas diterima: foto-1.jpg, foto-2.jpg, foto-3.jpg." in said
    assert any(m.startswith("laporan.pdf ditolak: dokumen PDF tidak diterima") for m in said)
    assert "Draf tersimpan. Lengkapi teks alternatif foto, lalu serahkan." in said


def test_the_script_saves_the_draft_first_and_is_told_where_to_send_the_files(world):
    client = login(world.holder("tim_pelaksana"))
    response = client.post(
        reverse("workspace:item-create", kwargs={"org": ORG, "procedure": SOP_A}),
        {"title": "Pameran UMKM", "files_follow": "1"}, headers=JSON)
    item = Item.objects.get()
    assert response.status_code == 201
    assert response.json() == {
        "item": item.pk,
        "edit": reverse("workspace:item-edit", kwargs={"org": ORG, "pk": item.pk}),
        "chunks": reverse("workspace:item-chunks", kwargs={"org": ORG, "pk": item.pk}),
    }
