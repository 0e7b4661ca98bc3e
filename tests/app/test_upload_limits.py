"""Issue 11, finding 5: uploads stream to disk within limits, and nothing of them lingers.

* A body larger than the limit is refused by its Content-Length before a byte of it is read
  (today a 2 GB body is received in full first).
* A file past the limit of its kind is stopped while it streams; the rest of the batch goes on.
* Files stream to ``FILE_UPLOAD_TEMP_DIR``; what a killed process leaves there is removed by age
  at start-up and by the sweep, and so is a stored file whose row was never committed.
"""

from __future__ import annotations

import io
import os
import socket
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from bench.webprocess import WebProcess
from tayang.media.models import MediaAsset, PendingFile
from tayang.media.sweep import sweep_uploads
from tayang.workspace import file_intake as handin  # where uploads are checked and stored

from .world import jpeg_bytes, make_world, new_item, uploaded

pytestmark = pytest.mark.django_db

BOUNDARY = "----tayang-batas"
JSON = {"Accept": "application/json"}


class EndlessZeros:
    """A request body of ``size`` zeros behind a file part's headers, made as it is read.

    It refuses to be read past its first megabyte: a server that reads on has already lost
    (today's code reads the whole body before it refuses anything).
    """

    def __init__(self, size: int) -> None:
        self.head = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"files\"; "
                     "filename=\"besar.mp4\"\r\nContent-Type: video/mp4\r\n\r\n").encode()
        self.size = size
        self.consumed = 0

    def read(self, size: int = -1) -> bytes:
        size = min(size if size >= 0 else 1 << 20, self.size - self.consumed)
        assert self.consumed + size <= 1 << 20, "the body was read past its refusal"
        start = self.consumed
        self.consumed += size
        head = self.head[start:start + size]
        return head + b"\x00" * (size - len(head))

    def readline(self, size: int = -1) -> bytes:
        return self.read(size)


@pytest.fixture
def world(db):
    return make_world("gunungkidul", "dpmptsp-gunungkidul")


@pytest.fixture
def item(world):
    return new_item(world)


def upload_url(item) -> str:
    return reverse("workspace:item-upload", kwargs={"org": item.organization.slug, "pk": item.pk})


def test_a_2_gb_body_is_refused_before_it_is_read(client, item):
    client.force_login(item.created_by)
    body = EndlessZeros(2 * 1024 ** 3)
    response = client.generic(
        "POST", upload_url(item), headers=JSON,
        **{"wsgi.input": body, "CONTENT_LENGTH": str(body.size),
           "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}"},
    )
    assert response.status_code == 413
    assert response.json()["rejected"] == [{
        "name": "unggahan",
        "message": "Unggahan ini (2048,0 MB) melebihi batas 600 MB untuk sekali kirim; tidak ada "
                   "yang disimpan. Kirim berkasnya dalam beberapa kali unggah, atau perkecil dulu.",
    }]
    assert body.consumed == 0
    assert not MediaAsset.objects.exists()


def test_a_large_form_without_files_is_refused_before_it_is_read(client):
    body = EndlessZeros(50 * 1024 * 1024)
    response = client.generic("POST", "/masuk/", **{
        "wsgi.input": body, "CONTENT_LENGTH": str(body.size),
        "CONTENT_TYPE": "application/x-www-form-urlencoded"})
    assert response.status_code == 413  # Django's own refusal would be a bare 400 in English
    assert "Isian formulir terlalu panjang untuk sekali kirim." in response.content.decode()
    assert body.consumed == 0


def test_a_refusal_is_a_page_in_indonesian_without_javascript(client, item, settings):
    settings.TAYANG_UPLOAD_REQUEST_MAX_MB = 1
    client.force_login(item.created_by)
    response = client.post(upload_url(item), {
        "field": "media", "files": uploaded("besar.jpg", jpeg_bytes() + b"\x00" * (2 << 20)),
    })
    assert response.status_code == 413
    page = response.content.decode()
    assert "Unggahan ditolak" in page and "melebihi batas 1 MB untuk sekali kirim" in page


def test_a_file_past_the_limit_of_its_kind_is_stopped_while_the_rest_goes_on(client, item,
                                                                             settings):
    settings.TAYANG_UPLOAD_MAX_MB = {**settings.TAYANG_UPLOAD_MAX_MB, "photo": 1}
    client.force_login(item.created_by)
    big = jpeg_bytes() + b"\x00" * (3 << 20)
    response = client.post(upload_url(item), {"field": "media", "files": [
        uploaded("besar.jpg", big, "image/jpeg"), uploaded("kecil.jpg", jpeg_bytes()),
    ]}, headers=JSON)
    assert response.status_code == 200
    answer = response.json()
    assert [a["name"] for a in answer["accepted"]] == ["kecil.jpg"]
    assert answer["rejected"] == [{
        "name": "besar.jpg",
        "message": "foto (foto JPEG) lebih besar dari batas 1 MB; perkecil atau potong berkasnya "
                   "lalu unggah ulang",
    }]
    assert list(Path(settings.FILE_UPLOAD_TEMP_DIR).iterdir()) == []


def test_uploads_stream_to_the_temporary_folder_and_leave_nothing_there(client, item, settings,
                                                                        monkeypatch):
    seen = []
    check = handin.check_upload

    def watching(item_field, upload):
        seen.append(Path(upload.temporary_file_path()))
        assert seen[-1].exists()
        return check(item_field, upload)

    monkeypatch.setattr(handin, "check_upload", watching)
    client.force_login(item.created_by)
    buffer = io.BytesIO()
    Image.effect_noise((800, 600), 60).convert("RGB").save(buffer, "JPEG", quality=95)
    photo = buffer.getvalue()
    assert len(photo) > settings.FILE_UPLOAD_MAX_MEMORY_SIZE
    response = client.post(upload_url(item), {"field": "media", "files": [
        uploaded("foto.jpg", photo, "image/jpeg")]}, headers=JSON)
    assert response.status_code == 200
    assert seen[0].parent == Path(settings.FILE_UPLOAD_TEMP_DIR)  # on disk, in the known place
    assert list(Path(settings.FILE_UPLOAD_TEMP_DIR).iterdir()) == []


def test_the_definition_upload_has_the_definitions_limit(client, world):
    client.force_login(world.admin)
    response = client.post(reverse("workspace:manage-procedures", kwargs={"org": world.slug}), {
        "upload": "1", "definition": uploaded("sop.yaml", b"tayang: 1\n" + b"#" * (600 << 10)),
    })
    assert response.status_code == 413
    assert "berkas definisi SOP lebih besar dari batas 512 KB" in response.content.decode()


def test_a_stored_file_whose_row_was_never_committed_is_swept(db):
    orphan = default_storage.save("org/1/ab/orphan-12345678.jpg", ContentFile(b"x"))
    kept = default_storage.save("org/1/ab/kept-12345678.jpg", ContentFile(b"y"))
    world = make_world("gunungkidul", "dpmptsp-gunungkidul")
    item = new_item(world)
    MediaAsset.objects.create(organization=world.org, item=item, kind="photo", file=kept,
                              original_name="a.jpg", content_type="image/jpeg", extension="jpg",
                              size=1, sha256="ab", uploaded_by=item.created_by)
    young = PendingFile.objects.create(name=default_storage.save("org/1/ab/new-1.jpg",
                                                                 ContentFile(b"z")))
    for name in (orphan, kept):  # a process died between writing these and committing rows
        PendingFile.objects.create(name=name)
    PendingFile.objects.exclude(pk=young.pk).update(
        created_at=timezone.now() - timedelta(hours=2))

    assert sweep_uploads()["pending"] == 2
    assert not default_storage.exists(orphan)
    assert default_storage.exists(kept)  # a committed row refers to it: never deleted
    assert list(PendingFile.objects.all()) == [young]  # an upload still under way


def test_old_temporary_files_are_swept_and_young_ones_kept(settings):
    folder = Path(settings.FILE_UPLOAD_TEMP_DIR)
    old, young = folder / "lama.upload.jpg", folder / "baru.upload.jpg"
    old.write_bytes(b"x")
    young.write_bytes(b"y")
    past = time.time() - 7 * 3600
    os.utime(old, (past, past))
    assert sweep_uploads()["temporary"] == 1
    assert not old.exists() and young.exists()


def test_a_process_killed_mid_upload_leaves_a_file_that_is_removed_later(tmp_path):
    with WebProcess(tmp_path / "web") as web:
        connection = socket.create_connection(("127.0.0.1", web.port))
        body = EndlessZeros(50 * 1024 * 1024)
        connection.sendall(
            f"POST /masuk/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {body.size}\r\n"
            f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n\r\n".encode()
            + body.read(1 << 20)
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not list(web.temporary_folder.glob("*.upload*")):
            time.sleep(0.1)
        web.kill()  # kill -9 in the middle of the upload
        connection.close()
        left = list(web.temporary_folder.glob("*.upload*"))
        assert len(left) == 1  # today it is in /tmp, and stays there for good

        web.manage("check")  # a start-up: an upload of another process may still be running
        assert left[0].exists()
        past = time.time() - 7 * 3600
        os.utime(left[0], (past, past))
        web.manage("check")  # the next start-up (or the worker's sweep) removes it
        assert not left[0].exists()
