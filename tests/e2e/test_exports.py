"""A long register exported in the background, watched in a real browser: the export is
started from the register page, the job page shows its progress as the worker reports it,
then the download link, and the downloaded CSV holds every row.

The task backend here only queues (Django's dummy backend); the test itself plays the
worker by running the task in its own thread, and pauses it half-way to look at the page.
(The live server shares the test's one SQLite connection and answers one request at a
time, so the task cannot run inside the request that starts it and still be watched.)
"""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from functools import partial

import pytest
from playwright.sync_api import Page, expect

from tayang.exports import tasks
from tayang.exports.models import ExportJob
from tayang.exports.progress import ProgressWriter
from tayang.items.models import Item, RegisterCounter
from tayang.orgs.models import Organization
from tayang.records.register import COLUMNS

pytestmark = pytest.mark.django_db(transaction=True)

EXTRA = 400  # on top of the demo's own items: over the 200 rows made in the request


def add_register_rows(slug: str) -> int:
    """A past year of handed-in items, written straight as rows; the register's size."""
    org = Organization.objects.get(slug=slug)
    template = Item.objects.filter(organization=org, register_number__isnull=False).first()
    assert template is not None
    start = datetime(2019, 1, 7, 2, 0, tzinfo=UTC)
    Item.objects.bulk_create(
        Item(organization=org, procedure=template.procedure,
             procedure_version=template.procedure_version, created_by=template.created_by,
             title=f"Kegiatan arsip nomor {n}", status="finished", created_at=start,
             handed_in_at=start + timedelta(hours=n), register_year=2019, register_number=n)
        for n in range(1, EXTRA + 1)
    )
    # The register counter of that year, as hand-ins would have left it.
    RegisterCounter.objects.create(organization=org, year=2019, last_number=EXTRA)
    return Item.objects.filter(organization=org, register_number__isnull=False).count()


def test_a_long_register_is_exported_in_the_background(demo_site, settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    site = demo_site("dpmptsp-gunungkidul")
    total = add_register_rows(site.demo.slug)
    half = total // 2
    violations: list[str] = []

    with site.signed_in("tim_pelaksana") as page:
        page.on("console", lambda message: violations.append(message.text)
                if "Content Security Policy" in message.text else None)
        page.get_by_role("link", name="Register", exact=True).click()
        expect(page.get_by_text(f"{total} konten, jadi berkasnya disiapkan di latar belakang",
                                exact=False)).to_be_visible()
        page.get_by_role("button", name="CSV", exact=True).click()

        page.wait_for_url(re.compile(r"/unduhan/\d+/$"))
        expect(page.get_by_role("heading", level=1)).to_contain_text("Unduhan: Register (CSV)")
        status = page.get_by_role("region", name="Status unduhan")
        expect(status.get_by_role("status")).to_have_text("Menunggu giliran")
        expect(status.locator(".export-count")).to_have_text(f"0 dari {total} konten")
        job = ExportJob.objects.get()

        looked: list[int] = []

        def write(self: ProgressWriter, done: int, all_rows: int) -> None:
            original_write(self, done, all_rows)
            if done == half:  # the worker is half-way: what does the person see?
                watch_progress(page, half, total)
                looked.append(done)

        original_write = ProgressWriter.write
        monkeypatch.setattr(ProgressWriter, "write", write)
        monkeypatch.setattr(tasks, "ProgressWriter", partial(ProgressWriter, interval=0))
        assert tasks.run_export.call(job.pk)["built"]
        assert looked == [half]

        link = status.get_by_role("link", name=f"Unduh register-{site.demo.slug}.csv")
        expect(link).to_be_visible()  # polling brought the finished state without a reload
        expect(status.get_by_role("status")).to_have_text("Siap diunduh")
        expect(status.locator(".export-count")).to_have_text(f"{total} dari {total} konten")
        expect(status.locator("[hx-get]")).to_have_count(0)
        with page.expect_download() as info:
            link.click()
        download = info.value
        assert download.suggested_filename == f"register-{site.demo.slug}.csv"
        with open(download.path(), encoding="utf-8-sig") as handle:
            table = list(csv.reader(io.StringIO(handle.read()), delimiter=";"))
        assert table[0] == list(COLUMNS)
        assert len(table) == total + 1
        assert table[-1][0] == "0001/2019" and table[-1][4] == "Kegiatan arsip nomor 1"

        page.get_by_role("link", name="Unduhan", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Unduhan saya")
        expect(page.get_by_role("row").filter(has_text="Register (CSV)")).to_contain_text(
            "Siap diunduh")
    assert violations == []


def watch_progress(page: Page, done: int, total: int) -> None:
    """The job page, polling once a second, shows the worker's count and a progress bar."""
    status = page.get_by_role("region", name="Status unduhan")
    expect(status.locator(".export-count")).to_have_text(f"{done} dari {total} konten")
    expect(status.get_by_role("status")).to_have_text("Sedang disiapkan")
    bar = status.get_by_role("progressbar", name="Kemajuan")
    expect(bar).to_have_attribute("value", str(done))
    expect(bar).to_have_attribute("max", str(total))
