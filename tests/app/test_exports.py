"""Exports made in the background (issue 6, point 6): a 1,000-item register and a dossier go
through a job, its progress and its page to a download whose contents are checked; a failure
leaves a message and no file; nobody else sees the job; the task run twice makes one file; old
files are removed.

Tasks run on Django's immediate backend, inside ``django_capture_on_commit_callbacks`` because
a job is enqueued on commit."""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tayang.exports import tasks
from tayang.exports.files import register_file
from tayang.exports.jobs import ACTIVE_LIMIT, remove_expired
from tayang.exports.models import ExportJob
from tayang.exports.progress import ProgressWriter
from tayang.exports.tasks import SERVER_ERROR, STORAGE_ERROR, run_export
from tayang.items.models import Item
from tayang.records.dossier import build_dossier
from tayang.records.register import COLUMNS, rows
from tayang.sop.model import END
from tayang.workspace.views.register import filtered_for

from .public_world import IMMEDIATE_TASKS
from .test_records import COUNT, thousand_items
from .world import World, add_person, drive, jpeg_bytes, make_world, ready_item, upload

ORG = "dpmptsp-gunungkidul"
OTHER_ORG = "disnakertrans-bantul"


def url(name: str, org: str = ORG, **kwargs: object) -> str:
    return reverse(f"workspace:{name}", kwargs={"org": org, **kwargs})


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def csv_table(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def export_files(media: Path) -> list[Path]:
    """Every file under MEDIA_ROOT/exports, temporary ones included."""
    root = media / "exports"
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


@pytest.fixture
def world(db, settings) -> World:
    settings.TASKS = IMMEDIATE_TASKS
    return make_world("gunungkidul", ORG)


@pytest.fixture
def writes(monkeypatch) -> Iterator[list[tuple[int, int]]]:
    """Every (done, total) the progress writer put in the database."""
    seen: list[tuple[int, int]] = []
    original = ProgressWriter.write

    def write(self, done: int, total: int) -> None:
        seen.append((done, total))
        original(self, done, total)

    monkeypatch.setattr(ProgressWriter, "write", write)
    yield seen


def start_register(client: Client, capture, fmt: str, query: str = "tahun=2026"):
    with capture(execute=True):
        return client.post(f"{url('register-export-start')}?{query}", {"format": fmt})


# --- the register ---------------------------------------------------------------------------


def test_a_thousand_item_register_goes_through_the_background(
    world, settings, writes, django_capture_on_commit_callbacks
):
    thousand_items(world)
    client = client_for(world.holder("tim_pelaksana"))

    page = client.get(url("register"), {"tahun": 2026, "hal": 3}).content.decode()
    assert f'action="{url("register-export-start")}?tahun=2026"' in page
    for fmt in ("pdf", "xlsx", "csv"):
        assert f'name="format" value="{fmt}"' in page
        assert url("register-export", fmt=fmt) not in page  # no link builds it in the request

    response = start_register(client, django_capture_on_commit_callbacks, "csv")
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == url("export", pk=job.pk)
    assert job.state == ExportJob.State.DONE
    assert job.done == job.total == COUNT
    assert job.requested_by == world.holder("tim_pelaksana")
    assert job.parameters == {"query": "tahun=2026"}
    assert job.label == "Register (CSV) · Tahun 2026 · 1.000 konten"
    assert job.file.name.startswith(f"exports/{world.org.pk}/{job.pk}-")
    assert job.expires_at - job.finished_at == timedelta(days=7)
    # The progress reached the database from nothing to everything, and only a few times.
    assert writes[0] == (0, COUNT) and writes[-1] == (COUNT, COUNT)
    assert len(writes) <= 10
    assert export_files(Path(settings.MEDIA_ROOT)) == [Path(job.file.path)]  # no leftovers

    page = client.get(response["Location"]).content.decode()
    assert f'<progress max="{COUNT}" value="{COUNT}"' in page
    assert f"{COUNT} dari {COUNT} konten" in page
    assert "Siap diunduh" in page
    assert f'href="{url("export-file", pk=job.pk)}"' in page
    assert "hx-trigger" not in page  # done: nothing asks for news any more

    download = client.get(url("export-file", pk=job.pk))
    assert download.status_code == 200
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    assert download["Content-Disposition"] == f'attachment; filename="register-{ORG}.csv"'
    assert download["Cache-Control"] == "private, no-store"
    data = body(download)
    table = csv_table(data)
    assert table[0] == list(COLUMNS)
    assert len(table) == COUNT + 1
    assert table[1][0] == "1000/2026" and table[-1][0] == "0001/2026"
    assert table[1][8] == "1 langkah terlambat" and table[2][8] == "Tepat waktu"
    assert table[-1][2] == "5 Januari 2026 10.00 WIB"
    # Byte for byte what the request would have made.
    inline = register_file(world.org, QueryDict("tahun=2026"), "csv", now=timezone.now())
    assert data == inline.data

    response = start_register(client, django_capture_on_commit_callbacks, "xlsx")
    job = ExportJob.objects.get(kind=ExportJob.Kind.REGISTER_XLSX)
    assert job.state == ExportJob.State.DONE and job.done == COUNT
    download = client.get(url("export-file", pk=job.pk))
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(body(download)), read_only=True).active
    table = list(sheet.iter_rows(values_only=True))
    assert table[1] == ("Tahun 2026",) and table[2] == tuple(COLUMNS)
    assert len(table) == 3 + COUNT
    assert table[3][0] == "1000/2026" and table[-1][0] == "0001/2026"


def test_a_background_export_keeps_the_filters_and_the_signing_official(
    world, django_capture_on_commit_callbacks
):
    items = thousand_items(world)
    Item.objects.filter(pk__in=[item.pk for item in items[:300]]).update(status="finished")
    client = client_for(world.holder("tim_pelaksana"))
    start_register(client, django_capture_on_commit_callbacks, "csv",
                   "status=finished&hal=2&jabatan=Sekretaris")
    job = ExportJob.objects.get()
    assert job.parameters == {"query": "status=finished&jabatan=Sekretaris"}  # no page number
    assert "disaring" in job.label and job.total == 300
    table = csv_table(body(client.get(url("export-file", pk=job.pk))))
    assert [row[0] for row in table[1:]] == [f"{n:04d}/2026" for n in range(300, 0, -1)]


def test_a_long_register_asked_for_directly_is_offered_not_built(world, settings):
    thousand_items(world)
    client = client_for(world.holder("tim_pelaksana"))
    response = client.get(url("register-export", fmt="pdf"), {"tahun": 2026})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    text = response.content.decode()
    assert "Register ini memuat 1.000 konten." in text
    assert f'action="{url("register-export-start")}?tahun=2026"' in text
    assert 'name="format" value="pdf"' in text
    assert not ExportJob.objects.exists()  # a GET starts nothing
    settings.TAYANG_EXPORT_INLINE_ROWS = COUNT
    assert client.get(url("register-export", fmt="csv")).status_code == 200


def test_the_job_page_asks_for_news_while_the_job_runs(world):
    user = world.holder("tim_pelaksana")
    job = ExportJob.objects.create(
        organization=world.org, requested_by=user, kind=ExportJob.Kind.REGISTER_PDF,
        parameters={"query": ""}, label="Register (PDF) · Semua periode · 1.000 konten",
        state=ExportJob.State.RUNNING, done=250, total=1000,
        expires_at=ExportJob.expiry(timezone.now()),
    )
    client = client_for(user)
    page = client.get(url("export", pk=job.pk))
    text = page.content.decode()
    assert page["Cache-Control"] == "private, no-store"
    assert re.search(r'<script src="/static/django_htmx/htmx-2\.min\.js" defer nonce="[^"]+">',
                     text)
    assert "includeIndicatorStyles" in text  # htmx adds no <style> the CSP would refuse
    assert f'hx-get="{url("export", pk=job.pk)}" hx-trigger="every 1s"' in text
    assert '<progress max="1000" value="250"' in text and "250 dari 1000 konten" in text

    fragment = client.get(url("export", pk=job.pk), headers={"HX-Request": "true"})
    text = fragment.content.decode()
    assert text.lstrip().startswith('<section id="export-status"')  # the fragment alone
    assert "<html" not in text and 'hx-trigger="every 1s"' in text
    assert "HX-Request" in fragment["Vary"]

    ExportJob.objects.filter(pk=job.pk).update(done=1000)  # rows in, the PDF being typeset
    text = client.get(url("export", pk=job.pk), headers={"HX-Request": "true"}).content.decode()
    assert "berkas PDF sedang disusun" in text and "<progress aria-label" in text
    assert "1000 dari 1000 konten" in text

    ExportJob.objects.filter(pk=job.pk).update(state=ExportJob.State.QUEUED, done=0)
    text = client.get(url("export", pk=job.pk), headers={"HX-Request": "true"}).content.decode()
    assert "Menunggu giliran" in text and "0 dari 1000 konten" in text


def test_progress_reaches_the_database_at_most_twice_a_second(world):
    job = ExportJob.objects.create(
        organization=world.org, requested_by=world.admin, kind=ExportJob.Kind.REGISTER_CSV,
        label="Register", state=ExportJob.State.RUNNING,
        expires_at=ExportJob.expiry(timezone.now()),
    )
    now = [0.0]
    writer = ProgressWriter(job.pk, clock=lambda: now[0])
    for done, at in ((0, 0.0), (1, 0.1), (2, 0.4), (3, 0.55), (4, 0.6), (5, 1.2), (9, 1.3)):
        now[0] = at
        writer(done, 10)
        job.refresh_from_db()
        assert (job.done, job.total) == {0: (0, 10), 1: (0, 10), 2: (0, 10), 3: (3, 10),
                                         4: (3, 10), 5: (5, 10), 9: (5, 10)}[done]
    writer(10, 10)  # the last report is always written
    job.refresh_from_db()
    assert (job.done, job.total, writer.writes) == (10, 10, 4)


def test_the_register_reports_progress_without_changing_what_it_makes(world):
    thousand_items(world)
    heard: list[tuple[int, int]] = []
    items, _ = filtered_for(world.org, QueryDict("tahun=2026"))
    assert rows(items, world.org, progress=lambda d, t: heard.append((d, t))) == rows(
        filtered_for(world.org, QueryDict("tahun=2026"))[0], world.org
    )
    assert heard[0] == (0, COUNT) and heard[-1] == (COUNT, COUNT) and len(heard) == COUNT + 1
    assert [done for done, _ in heard] == list(range(COUNT + 1))


def test_the_dossier_reports_progress_without_changing_what_it_makes(world):
    item = ready_item(world, photos=5)
    # foto-2.jpg's very bytes again: stored once in the archive, so counted once.
    upload(item, "media", item.created_by, "salinan.jpg", jpeg_bytes(color=(40, 90, 150)))
    item = drive(world, item, END)
    now = timezone.now()
    heard: list[tuple[int, int]] = []
    with_progress = build_dossier(item, now=now, progress=lambda d, t: heard.append((d, t)))
    assert with_progress == build_dossier(item, now=now)
    total = 3 + 5 + item.responses.count() + item.approvals.count() + 1
    assert heard[0] == (0, total) and heard[-1] == (total, total)
    assert len(zipfile.ZipFile(io.BytesIO(with_progress)).namelist()) == total


# --- the dossier ------------------------------------------------------------------------------


def test_a_heavy_dossier_goes_through_a_job(world, settings, writes,
                                            django_capture_on_commit_callbacks):
    settings.TAYANG_EXPORT_INLINE_DOSSIER_BYTES = 1000  # five small photos are "heavy" here
    item = drive(world, ready_item(world, "Sosialisasi di Wonosari", photos=5), END)
    client = client_for(world.holder("tim_pertimbangan"))

    offer = client.get(url("item-dossier", pk=item.pk))
    assert offer.status_code == 200 and offer["Content-Type"].startswith("text/html")
    text = offer.content.decode()
    assert f'action="{url("item-dossier-start", pk=item.pk)}"' in text
    assert "Siapkan berkas" in text
    assert not ExportJob.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("item-dossier-start", pk=item.pk))
    job = ExportJob.objects.get()
    assert response["Location"] == url("export", pk=job.pk)
    assert job.kind == ExportJob.Kind.DOSSIER and job.parameters == {"item": item.pk}
    assert job.state == ExportJob.State.DONE
    names = 3 + 5 + item.approvals.count() + item.responses.count() + 1
    assert job.done == job.total == names
    assert writes[0] == (0, names) and writes[-1] == (names, names)
    assert job.label == f"Berkas lengkap {item.register_code} · Sosialisasi di Wonosari"

    page = client.get(url("export", pk=job.pk)).content.decode()
    assert f"{names} dari {names} berkas" in page
    download = client.get(url("export-file", pk=job.pk))
    assert download["Content-Type"] == "application/zip"
    filename = f"berkas-{item.register_year}-{item.register_number:04d}.zip"
    assert download["Content-Disposition"] == f'attachment; filename="{filename}"'
    archive = zipfile.ZipFile(io.BytesIO(body(download)))
    assert archive.testzip() is None
    listed = archive.namelist()
    assert len(listed) == names
    assert {"ringkasan.pdf", "konten.json", "riwayat.csv", "penayangan.csv",
            *(f"berkas/foto-{n}.jpg" for n in range(1, 6))} <= set(listed)


def test_a_light_dossier_is_still_made_in_the_request(world):
    item = ready_item(world, photos=2)
    response = client_for(world.admin).get(url("item-dossier", pk=item.pk))
    assert response["Content-Type"] == "application/zip"
    assert not ExportJob.objects.exists()


# --- failures -------------------------------------------------------------------------------


def test_a_failing_builder_leaves_a_message_and_no_file(
    world, settings, monkeypatch, django_capture_on_commit_callbacks
):
    thousand_items(world)

    def broken(*args, progress=None, **kwargs):
        progress(0, COUNT)
        progress(COUNT // 2, COUNT)
        raise RuntimeError("database went away")

    monkeypatch.setattr(tasks, "register_file", broken)
    client = client_for(world.holder("tim_pelaksana"))
    start_register(client, django_capture_on_commit_callbacks, "pdf")
    job = ExportJob.objects.get()
    assert job.state == ExportJob.State.FAILED
    assert job.error == SERVER_ERROR
    assert not job.file and job.finished_at is not None
    assert export_files(Path(settings.MEDIA_ROOT)) == []

    page = client.get(url("export", pk=job.pk)).content.decode()
    assert '<div class="refusal" role="alert">' in page
    assert "Berkas tidak dapat disiapkan karena terjadi kesalahan di server." in page
    assert "database went away" not in page and "hx-trigger" not in page
    assert client.get(url("export-file", pk=job.pk)).status_code == 404
    listing = client.get(url("exports")).content.decode()
    assert "Gagal: Berkas tidak dapat disiapkan" in listing


def test_a_file_that_cannot_be_stored_leaves_nothing_behind(
    world, settings, monkeypatch, django_capture_on_commit_callbacks
):
    thousand_items(world)

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("django.core.files.storage.FileSystemStorage._save", full)
    client = client_for(world.holder("tim_pelaksana"))
    start_register(client, django_capture_on_commit_callbacks, "csv")
    job = ExportJob.objects.get()
    assert (job.state, job.error) == (ExportJob.State.FAILED, STORAGE_ERROR)
    assert export_files(Path(settings.MEDIA_ROOT)) == []  # the temporary file is gone too


def test_a_dossier_of_an_item_gone_missing_fails_with_a_message(world):
    item = ready_item(world, photos=1)
    job = ExportJob.objects.create(
        organization=world.org, requested_by=world.admin, kind=ExportJob.Kind.DOSSIER,
        parameters={"item": item.pk + 1000}, label="Berkas lengkap",
        expires_at=ExportJob.expiry(timezone.now()),
    )
    assert run_export.call(job.pk)["built"] is False
    job.refresh_from_db()
    assert (job.state, job.error) == (ExportJob.State.FAILED, "Konten ini tidak ditemukan lagi.")


# --- who sees what --------------------------------------------------------------------------


def test_only_the_requester_and_the_admins_see_a_job(world, django_capture_on_commit_callbacks):
    thousand_items(world)
    other = make_world("bantul", OTHER_ORG)
    owner = world.holder("tim_pelaksana")
    start_register(client_for(owner), django_capture_on_commit_callbacks, "csv")
    job = ExportJob.objects.get()
    colleague = world.holder("tim_pertimbangan")
    staff = add_person(world.org, "gunungkidul.staf", None, ())

    for user in (owner, world.admin):
        client = client_for(user)
        assert client.get(url("export", pk=job.pk)).status_code == 200
        assert client.get(url("export-file", pk=job.pk)).status_code == 200
    for user in (colleague, staff):
        client = client_for(user)
        assert client.get(url("export", pk=job.pk)).status_code == 404
        assert client.get(url("export-file", pk=job.pk)).status_code == 404
        assert job.label not in client.get(url("exports")).content.decode()
    for user in (other.admin, other.holder("tim_pelaksana")):
        client = client_for(user)
        # Under Gunungkidul's address: not a member. Under Bantul's own: no such job.
        assert client.get(url("export", pk=job.pk)).status_code == 404
        assert client.get(url("export", org=OTHER_ORG, pk=job.pk)).status_code == 404
        assert client.get(url("export-file", org=OTHER_ORG, pk=job.pk)).status_code == 404
        with django_capture_on_commit_callbacks(execute=True):
            refused = client.post(f"{url('register-export-start')}", {"format": "csv"})
        assert refused.status_code == 404

    mine = client_for(owner).get(url("exports")).content.decode()
    assert job.label in mine and "Unduhan saya" in mine
    admin = client_for(world.admin)
    assert job.label not in admin.get(url("exports")).content.decode()  # not theirs
    everyone = admin.get(url("exports"), {"semua": "1"}).content.decode()
    assert job.label in everyone and "Unduhan semua anggota" in everyone
    # "semua" means nothing to a member who is no admin.
    assert job.label in client_for(owner).get(url("exports"), {"semua": "1"}).content.decode()
    assert job.label not in client_for(colleague).get(url("exports"),
                                                      {"semua": "1"}).content.decode()


def test_starting_is_a_post_and_a_dossier_of_another_organization_is_not_found(world):
    other = make_world("bantul", OTHER_ORG)
    foreign = ready_item(other, photos=1)
    client = client_for(world.admin)
    assert client.get(url("register-export-start")).status_code == 405
    assert client.post(url("register-export-start"), {"format": "doc"}).status_code == 404
    assert client.post(url("item-dossier-start", pk=foreign.pk)).status_code == 404
    assert not ExportJob.objects.exists()


# --- running twice, starting twice ----------------------------------------------------------


def test_the_task_run_twice_makes_the_file_once(world, monkeypatch,
                                                django_capture_on_commit_callbacks):
    thousand_items(world)
    start_register(client_for(world.admin), django_capture_on_commit_callbacks, "csv")
    job = ExportJob.objects.get()
    stored, finished = job.file.name, job.finished_at
    modified = os.stat(job.file.path).st_mtime_ns

    def must_not_run(*args, **kwargs):
        raise AssertionError("rebuilt")

    monkeypatch.setattr(tasks, "register_file", must_not_run)
    assert run_export.call(job.pk) == {"job": job.pk, "state": "done", "built": False}
    job.refresh_from_db()
    assert (job.state, job.file.name, job.finished_at) == (ExportJob.State.DONE, stored, finished)
    assert os.stat(job.file.path).st_mtime_ns == modified
    # A job another worker is making is left to it, too.
    ExportJob.objects.filter(pk=job.pk).update(state=ExportJob.State.RUNNING)
    assert run_export.call(job.pk)["built"] is False
    assert run_export.call(job.pk + 1)["state"] is None  # gone: nothing to do


def test_the_same_export_is_not_started_twice_and_one_person_waits_for_a_few(
    world, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    settings.TAYANG_EXPORT_INLINE_ROWS = 0
    client = client_for(world.admin)
    first = start_register(client, django_capture_on_commit_callbacks, "csv")
    again = start_register(client, django_capture_on_commit_callbacks, "csv")
    assert first["Location"] == again["Location"]  # a double click: the same job
    assert ExportJob.objects.get().state == ExportJob.State.QUEUED
    for query in ("tahun=2025", "tahun=2024"):
        start_register(client, django_capture_on_commit_callbacks, "csv", query)
    assert ExportJob.objects.count() == ACTIVE_LIMIT
    refused = start_register(client, django_capture_on_commit_callbacks, "pdf")
    assert refused["Location"] == f"{url('register')}?tahun=2026"
    assert ExportJob.objects.count() == ACTIVE_LIMIT
    page = client.get(refused["Location"]).content.decode()
    assert f"Anda masih punya {ACTIVE_LIMIT} unduhan yang sedang disiapkan." in page


# --- expiry -----------------------------------------------------------------------------------


def test_files_are_removed_when_they_expire(world, settings, django_capture_on_commit_callbacks):
    thousand_items(world)
    client = client_for(world.admin)
    start_register(client, django_capture_on_commit_callbacks, "csv")
    job = ExportJob.objects.get()
    path = Path(job.file.path)
    leftover = path.parent / f"{tasks.TEMP_PREFIX}abc"
    leftover.write_bytes(b"half")
    os.utime(leftover, (0, 0))

    assert remove_expired(job.expires_at - timedelta(seconds=1)) == {
        "files": 0, "rows": 0, "temporary": 1}
    assert path.exists() and not leftover.exists()

    output = io.StringIO()
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    call_command("exports_cleanup", stdout=output)
    assert output.getvalue().startswith("1 berkas dihapus")
    assert not path.exists()
    job.refresh_from_db()
    assert job.state == ExportJob.State.EXPIRED and not job.file
    assert client.get(url("export-file", pk=job.pk)).status_code == 404
    assert "sudah dihapus" in client.get(url("export", pk=job.pk)).content.decode()

    assert remove_expired(timezone.now() + timedelta(days=31))["rows"] == 1
    assert not ExportJob.objects.exists()


def test_a_deleted_job_takes_its_file_along(world, django_capture_on_commit_callbacks):
    start_register(client_for(world.admin), django_capture_on_commit_callbacks, "csv")
    job = ExportJob.objects.get()
    path = Path(job.file.path)
    assert job.state == ExportJob.State.DONE and job.total == 0 and path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        world.admin.delete()  # the cascade, as when a person is removed
    assert not ExportJob.objects.exists() and not path.exists()
