"""The SOP document's PDF is typeset once per content and served from the file storage after
that (tayang/web/stored_pdf.py, issue 16): ETag and 304, HEAD, a new PDF when anything that
shapes it changes, the copy shared through the storage (not a process's memory)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from PIL import Image

from tayang import apart
from tayang.procedures.logo import store_logo
from tayang.procedures.services import add_definition
from tayang.sop.bundled import BUNDLED_DIR
from tayang.web.stored_pdf import PREFIX, stored_pdf

from .test_sop_document import ORG, as_user, document_url, pdf_text, squash, world  # noqa: F401
from .world import SOP_A

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def typesets(monkeypatch) -> list[int]:
    """Each call of Typst (in its child process), counted."""
    calls: list[int] = []
    real = apart.typeset

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(apart, "typeset", counted)
    return calls


def stored_files(slot: str) -> list[str]:
    return default_storage.listdir(f"{PREFIX}/sop/{slot}")[1]


# --- a bundled SOP, public ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_public_pdf_is_typeset_once_then_served_from_the_storage(client, typesets):
    url = reverse("sop-document-pdf", kwargs={"key": SOP_A})
    first = client.get(url)
    assert first.status_code == 200 and len(typesets) == 1
    etag = first["ETag"]
    assert etag.startswith('"') and len(etag) == 42  # strong: the same bytes for everybody
    assert first["Cache-Control"] == "public, max-age=86400"
    assert first["Content-Length"] == str(len(first.content))
    assert first["Content-Disposition"] == f'inline; filename="SOP-{SOP_A}.pdf"'
    [name] = stored_files(f"bawaan/{SOP_A}")
    assert name.startswith(etag.strip('"')) and name.endswith(".pdf")

    second = client.get(url)
    assert len(typesets) == 1  # not typeset again
    assert second.content == first.content and second["ETag"] == etag
    assert second["Content-Length"] == first["Content-Length"]

    held = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert held.status_code == 304 and held.content == b"" and held["ETag"] == etag
    assert held["Cache-Control"] == "public, max-age=86400"

    head = client.head(url)
    assert head.status_code == 200 and head.content == b""
    assert head["Content-Length"] == first["Content-Length"] and head["ETag"] == etag
    assert len(typesets) == 1

    assert client.post(url).status_code == 405


@pytest.mark.django_db
def test_the_stored_pdf_outlives_the_process_that_typeset_it(client, typesets):
    """Another process (another machine, through the same storage) serves it without Typst."""
    url = reverse("sop-document-pdf", kwargs={"key": SOP_A})
    first = client.get(url)
    [name] = stored_files(f"bawaan/{SOP_A}")
    program = (
        "import django, hashlib, json, sys; django.setup()\n"
        "from tayang.web.stored_pdf import stored_pdf\n"
        "def refuse(): raise SystemExit('diketik ulang')\n"
        f"data = stored_pdf('sop/bawaan/{SOP_A}', {name.removesuffix('.pdf')!r}, refuse)\n"
        "print(json.dumps([len(data), hashlib.sha256(data).hexdigest()]))\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tayang.settings",
           "TAYANG_MEDIA_ROOT": str(django_settings.MEDIA_ROOT)}
    done = subprocess.run([sys.executable, "-c", program], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [len(first.content),
                                       hashlib.sha256(first.content).hexdigest()]
    assert len(typesets) == 1


@pytest.mark.django_db
def test_a_half_written_copy_is_not_served(client, typesets):
    url = reverse("sop-document-pdf", kwargs={"key": SOP_A})
    whole = client.get(url).content
    [name] = stored_files(f"bawaan/{SOP_A}")
    path = f"{PREFIX}/sop/bawaan/{SOP_A}/{name}"
    default_storage.delete(path)
    default_storage.save(path, ContentFile(whole[: len(whole) // 2]))  # a writer that died

    assert client.get(url).content == whole
    assert len(typesets) == 2
    with default_storage.open(path, "rb") as stored:
        assert stored.read() == whole  # replaced by the whole one
    assert client.get(url).content == whole and len(typesets) == 2


# --- an organization's version, in its workspace --------------------------------------------


def small_png(colour: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), colour).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.django_db
def test_a_workspace_pdf_changes_with_what_shapes_it(world, typesets):  # noqa: F811
    client = as_user("gunungkidul.staf")
    url = document_url("procedure-document-pdf")
    first = client.get(url)
    assert first.status_code == 200 and len(typesets) == 1
    assert first["Cache-Control"] == "private, no-cache"
    assert first["Content-Length"] == str(len(first.content))
    etag = first["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url).content == first.content and len(typesets) == 1
    slot = f"versi/{world.procedure.current.pk}"
    assert len(stored_files(slot)) == 1

    # The organization's name is in the footer: a new PDF, and the old copy is removed.
    world.org.name = "DPMPTSP Kabupaten Gunungkidul (baru)"
    world.org.save()
    renamed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert renamed.status_code == 200 and renamed["ETag"] != etag and len(typesets) == 2
    assert squash("Gunungkidul(baru)") in pdf_text(renamed.content)
    assert len(stored_files(slot)) == 1

    # The kop's logo prints on a version without a logo of its own.
    world.org.logo = store_logo(world.org, small_png((200, 30, 30)), "kop.png", world.admin)
    world.org.save()
    with_logo = client.get(url, HTTP_IF_NONE_MATCH=renamed["ETag"])
    assert with_logo.status_code == 200 and len(typesets) == 3
    assert with_logo["ETag"] not in (etag, renamed["ETag"])
    world.org.logo = store_logo(world.org, small_png((30, 200, 30)), "kop2.png", world.admin)
    world.org.save()
    other_logo = client.get(url)
    assert other_logo["ETag"] != with_logo["ETag"] and len(typesets) == 4
    assert client.get(url).content == other_logo.content and len(typesets) == 4

    # A new version of the definition: a PDF of its own; the earlier one is still stored.
    text = (BUNDLED_DIR / "a-gunungkidul-dpmptsp.yaml").read_text(encoding="utf-8")
    add_definition(world.org, text.replace("name: Alur Upload Konten Website & Media Sosial",
                                           "name: Alur Upload Konten (Revisi)"),
                   "revisi.yaml", world.admin)
    revised = client.get(url)
    assert revised["ETag"] != other_logo["ETag"] and len(typesets) == 5
    assert squash("(Revisi)") in pdf_text(revised.content)
    earlier = client.get(url + "?versi=1")
    assert earlier.content == other_logo.content and len(typesets) == 5


@pytest.mark.django_db
def test_a_deleted_versions_pdf_goes_with_it(world, typesets,  # noqa: F811
                                              django_capture_on_commit_callbacks):
    text = (BUNDLED_DIR / "a-gunungkidul-dpmptsp.yaml").read_text(encoding="utf-8")
    add_definition(world.org, text.replace("name: Alur Upload Konten Website & Media Sosial",
                                           "name: Alur Upload Konten (Sementara)"),
                   "sementara.yaml", world.admin)
    world.procedure.refresh_from_db()
    version = world.procedure.current
    client = as_user("gunungkidul.staf")
    assert client.get(document_url("procedure-document-pdf")).status_code == 200
    slot = f"versi/{version.pk}"
    assert len(stored_files(slot)) == 1
    kept = f"versi/{world.procedure.versions.exclude(pk=version.pk).get().pk}"
    client.get(document_url("procedure-document-pdf") + "?versi=1")
    assert len(stored_files(kept)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        version.delete()
    assert stored_files(slot) == []
    assert len(stored_files(kept)) == 1  # only the deleted version's


@pytest.mark.django_db
def test_only_members_reach_the_stored_pdf(world, typesets):  # noqa: F811
    as_user("gunungkidul.staf").get(document_url("procedure-document-pdf"))
    outsider = as_user("bantul.kelola").get(document_url("procedure-document-pdf"))
    assert outsider.status_code == 404
    anonymous = Client().get(document_url("procedure-document-pdf"))
    assert anonymous.status_code == 302 and len(typesets) == 1


# --- the storage in production: S3-compatible ------------------------------------------------


def test_the_copy_is_kept_in_s3_storage(settings):
    from moto import mock_aws

    with mock_aws():
        import boto3

        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="tayang")
        settings.STORAGES = {**settings.STORAGES, "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": "tayang", "region_name": "us-east-1",
                        "access_key": "x", "secret_key": "y", "file_overwrite": False},
        }}
        made: list[str] = []

        def make(text: str):
            def typeset() -> bytes:
                made.append(text)
                return f"%PDF-1.7 {text}\n%%EOF".encode()
            return typeset

        assert stored_pdf("sop/versi/1", "a" * 64, make("satu")).endswith(b"satu\n%%EOF")
        assert stored_pdf("sop/versi/1", "a" * 64, make("lagi")).endswith(b"satu\n%%EOF")
        assert stored_pdf("sop/versi/1", "b" * 64, make("dua")).endswith(b"dua\n%%EOF")
        assert made == ["satu", "dua"]
        assert default_storage.listdir(f"{PREFIX}/sop/versi/1")[1] == ["b" * 64 + ".pdf"]
