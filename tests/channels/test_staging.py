"""Files kept in object storage reach a connector as local copies, for one delivery only."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from tayang.channels.connectors.base import ChannelError, MediaFile, MediaKind, Post
from tayang.channels.staging import local_copies


def _post(*files: MediaFile) -> Post:
    return Post(key="k", title="Judul", text="Teks", summary="", body_html="", link="",
                media=tuple(f for f in files if f.kind != MediaKind.DOCUMENT),
                documents=tuple(f for f in files if f.kind == MediaKind.DOCUMENT))


def _file(kind: MediaKind, stored: str, path: str = "") -> MediaFile:
    return MediaFile(kind=kind, path=path, url="https://contoh.go.id/berkas", filename="x",
                     content_type="image/jpeg", size=3, stored=stored)


def test_files_without_a_local_path_are_copied_for_the_delivery_and_removed_after(settings):
    photo = default_storage.save("org/1/foto.jpg", ContentFile(b"\xff\xd8\xff foto"))
    document = default_storage.save("dip/1/sk.pdf", ContentFile(b"%PDF dokumen"))
    local = _file(MediaKind.PHOTO, "", path=str(Path(settings.MEDIA_ROOT) / photo))
    post = _post(_file(MediaKind.PHOTO, photo), local, _file(MediaKind.DOCUMENT, document))

    with local_copies(post) as staged:
        copied = [Path(f.path) for f in (*staged.media, *staged.documents)]
        assert [p.read_bytes() for p in copied] == [
            b"\xff\xd8\xff foto", b"\xff\xd8\xff foto", b"%PDF dokumen"]
        assert staged.media[1] is local  # already on this machine: used as it is
        assert staged.documents[0].kind == MediaKind.DOCUMENT
    assert not copied[0].exists() and not copied[2].exists()
    assert copied[1].exists()  # the stored file itself is never touched


def test_a_file_missing_from_storage_is_a_retryable_error_before_anything_is_sent(settings):
    with pytest.raises(ChannelError) as raised, local_copies(
        _post(_file(MediaKind.PHOTO, "org/1/hilang.jpg"))
    ):
        pass
    assert raised.value.retryable
    assert not raised.value.maybe_posted
    assert "tidak dapat diambil dari penyimpanan" in raised.value.message
