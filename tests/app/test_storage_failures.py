"""Issue 11, findings 5 and 8: a storage that cannot be written gives a clear message, leaves
nothing half-stored, and never keeps a publication held until its lease ends.

The storage fails as a full disk does (OSError 28) or as an object store does (its own
exception class, here :class:`ObjectStoreError`): both are the storage's failure.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import FileSystemStorage
from django.urls import reverse
from django.utils import timezone

from tayang.channels import delivery
from tayang.channels.models import Channel
from tayang.dip.models import Document, Entry
from tayang.exports.models import ExportJob
from tayang.exports.tasks import STORAGE_ERROR, run_export
from tayang.items.models import Item, Publication
from tayang.media.models import Derivative, MediaAsset, PendingFile
from tayang.public.models import Article
from tayang.public.tasks import prepare_article
from tests.channels.test_delivery import at_publish_step, publish

from .public_world import IMMEDIATE_TASKS
from .world import jpeg_bytes, make_world, new_item, pdf_bytes, uploaded

pytestmark = pytest.mark.django_db

JSON = {"Accept": "application/json"}
WRITE_FAILED = ("berkas tidak dapat disimpan di server (penyimpanan penuh atau tidak dapat "
                "ditulisi); tidak ada yang tersimpan. Coba lagi nanti; bila tetap gagal, hubungi "
                "pengelola Tayang")


class ObjectStoreError(Exception):
    """What an S3 client raises (botocore's ClientError is not an OSError)."""


@pytest.fixture
def world(db):
    return make_world("gunungkidul", "dpmptsp-gunungkidul")


def failing_after(monkeypatch, writes: int, error: Exception) -> list[str]:
    """Let ``writes`` files be written, then fail every later write with ``error``."""
    written: list[str] = []
    save = FileSystemStorage._save

    def _save(storage, name, content):
        if len(written) >= writes:
            raise error
        written.append(save(storage, name, content))
        return written[-1]

    monkeypatch.setattr(FileSystemStorage, "_save", _save)
    return written


def stored_files() -> list[Path]:
    return sorted(p for p in Path(django_settings.MEDIA_ROOT).rglob("*") if p.is_file())


def upload(client, item, *files):
    client.force_login(item.created_by)
    url = reverse("workspace:item-upload", kwargs={"org": item.organization.slug, "pk": item.pk})
    return client.post(url, {"field": "media", "files": list(files)}, headers=JSON)


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"),
                                   ObjectStoreError("AccessDenied")], ids=["disk", "s3"])
def test_an_upload_to_a_storage_that_cannot_be_written_says_so(client, world, monkeypatch, error):
    item = new_item(world)
    failing_after(monkeypatch, 0, error)
    response = upload(client, item, uploaded("foto.jpg", jpeg_bytes(), "image/jpeg"))
    assert response.status_code == 503  # today: a bare 500
    assert response.json()["rejected"] == [{"name": "foto.jpg", "message": WRITE_FAILED}]
    assert not MediaAsset.objects.exists() and not PendingFile.objects.exists()
    assert stored_files() == []


def test_a_two_file_batch_is_stored_whole_or_not_at_all(client, world, monkeypatch):
    item = new_item(world)
    values = dict(item.values)
    written = failing_after(monkeypatch, 2, OSError(28, "No space left on device"))
    response = upload(client, item, uploaded("satu.jpg", jpeg_bytes(color=(1, 2, 3))),
                      uploaded("dua.jpg", jpeg_bytes(color=(4, 5, 6))))
    assert len(written) == 2  # the first photo and its thumbnail were written …
    assert response.status_code == 503
    assert [r["name"] for r in response.json()["rejected"]] == ["satu.jpg", "dua.jpg"]
    # … and removed again: no file outside the item, no row (today: the first stays, a 500)
    assert stored_files() == []
    assert not MediaAsset.objects.exists() and not PendingFile.objects.exists()
    item.refresh_from_db()
    assert item.values == values


def test_a_batch_that_is_stored_is_part_of_the_item_together(client, world):
    item = new_item(world)
    response = upload(client, item, uploaded("satu.jpg", jpeg_bytes(color=(1, 2, 3))),
                      uploaded("dua.jpg", jpeg_bytes(color=(4, 5, 6))))
    assert response.status_code == 200
    item.refresh_from_db()
    ids = [entry["id"] for entry in item.values["media"]]
    assert ids == [a["id"] for a in response.json()["accepted"]]
    assert set(MediaAsset.objects.values_list("pk", flat=True)) == set(ids)
    assert len(stored_files()) == 4  # two photos, two thumbnails
    assert not PendingFile.objects.exists()


def test_a_dip_document_that_cannot_be_stored_says_so(client, monkeypatch):
    world = make_world("kalteng", "disperindag-kalteng", "kalteng-disperindag-pengumuman-informasi")
    world.org.memberships.filter(user=world.admin).update(is_ppid=True)
    entry = Entry.objects.create(organization=world.org, number="DIP-01", summary="Profil",
                                 holder="Sekretariat", responsible="PPID", made_when="2026",
                                 retention="5 tahun", classification="berkala", softcopy=True,
                                 updated_on=timezone.localdate())
    failing_after(monkeypatch, 0, ObjectStoreError("SlowDown"))
    client.force_login(world.admin)
    response = client.post(f"/kerja/{world.slug}/dip/entri/{entry.pk}/dokumen/",
                           {"title": "SK PPID", "file": uploaded("sk.pdf", pdf_bytes())},
                           follow=True)
    assert f"Dokumen tidak disimpan: {WRITE_FAILED}." in response.content.decode()
    assert not Document.objects.exists() and not PendingFile.objects.exists()


def test_a_poster_that_cannot_be_stored_is_released_to_retry(monkeypatch, settings):
    world = make_world("dinsos", "dinsos-uji")
    Channel.objects.create(organization=world.org, key="papan", kind="noticeboard",
                           name="Papan pengumuman", config={})
    item = at_publish_step(world)
    publish(world, item)
    publication = Publication.objects.get(item=item, channel="papan")
    failing_after(monkeypatch, 0, OSError(13, "Permission denied"))
    assert delivery.deliver(publication.pk) == "retrying"
    publication.refresh_from_db()
    assert publication.state == Publication.State.RETRYING  # today: "publishing" until its lease
    assert publication.lease_until is None and publication.due_at is not None
    assert publication.error.startswith("Penyimpanan berkas di server Tayang tidak dapat ditulisi")

    monkeypatch.undo()  # the disk is writable again: the retry publishes
    later = publication.due_at + timedelta(seconds=1)
    assert delivery.deliver(publication.pk, now=later) == "published"
    publication.refresh_from_db()
    assert publication.document


def test_an_export_to_an_object_store_that_fails_says_storage(world, monkeypatch):
    job = ExportJob.objects.create(
        organization=world.org, requested_by=world.admin, kind=ExportJob.Kind.REGISTER_CSV,
        label="Register", parameters={"query": "tahun=2026"},
        expires_at=ExportJob.expiry(timezone.now()),
    )
    failing_after(monkeypatch, 0, ObjectStoreError("AccessDenied"))
    run_export.call(job.pk)
    job.refresh_from_db()
    assert (job.state, job.error) == (ExportJob.State.FAILED, STORAGE_ERROR)


def test_web_sizes_that_cannot_be_stored_leave_the_originals_shown(world, monkeypatch, settings):
    settings.TASKS = IMMEDIATE_TASKS
    item = at_publish_step(world)
    publish(world, item)
    article = Article.objects.get(item=item)
    Derivative.objects.all().delete()  # as before the worker got to them
    Article.objects.filter(pk=article.pk).update(media_ready=False)
    failing_after(monkeypatch, 0, OSError(28, "No space left on device"))
    made = prepare_article.call(item.pk)
    assert made["failed"] == 5 and made["photos"] == 0  # today: the task died at the first
    assert not Article.objects.get(pk=article.pk).media_ready  # tried again later
    assert Item.objects.filter(pk=item.pk).exists()
