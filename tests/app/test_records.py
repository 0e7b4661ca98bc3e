"""The records of issue 6 as people download them: the register (CSV, XLSX, PDF) of a year with
1,000 items, a written response as a letter, the approval record that says when the content
has changed since, and an item's dossier ZIP checked file by file."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import UTC, date, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from tayang.engine.actions import Archive, Edit, SendBack
from tayang.evaluation.figures import Result, Visit, result_of
from tayang.items.models import Approval, Item, LogEntry, StepVisit, WrittenResponse
from tayang.media.models import MediaAsset
from tayang.records.approvals import CHANGED
from tayang.records.dossier import HISTORY_COLUMNS
from tayang.records.register import COLUMNS, period_text
from tayang.sop.model import END

from .world import World, act, drive, jpeg_bytes, make_world, ready_item, upload

ORG = "dpmptsp-gunungkidul"
RESPONSE = "Foto kurang tajam dan caption belum menyebut tempat kegiatan, mohon diperbaiki."
COUNT = 1000


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_pages(content: bytes) -> list[str]:
    return [squash(page.extract_text()) for page in PdfReader(io.BytesIO(content)).pages]


def client_for(world: World, role: str = "tim_pelaksana") -> Client:
    client = Client()
    client.force_login(world.holder(role))
    return client


def url(name: str, **kwargs: object) -> str:
    return reverse(f"workspace:{name}", kwargs={"org": ORG, **kwargs})


@pytest.fixture
def world(db) -> World:
    return make_world("gunungkidul", ORG)


# --- the register ------------------------------------------------------------------------------


def thousand_items(world: World) -> list[Item]:
    """A year's register, written straight as rows: the export is under test, not the engine.

    Every tenth item has an overdue step, so the time-standard column has both results.
    """
    version = world.procedure.current
    author = world.holder("tim_pelaksana")
    start = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)
    items = Item.objects.bulk_create(
        Item(
            organization=world.org, procedure=world.procedure, procedure_version=version,
            unit=world.units[n % 2], created_by=author, title=f"Kegiatan nomor {n}",
            status="in_progress", step="terima", created_at=start + timedelta(hours=n),
            handed_in_at=start + timedelta(hours=n), register_year=2026, register_number=n,
            activity_date=(start + timedelta(hours=n)).date(),
        )
        for n in range(1, COUNT + 1)
    )
    StepVisit.objects.bulk_create(
        StepVisit(item=item, step="serahkan", entered_at=item.created_at,
                  finished_at=item.created_at, timeliness="overdue" if n % 10 == 0 else "on_time")
        for n, item in enumerate(items, start=1)
    )
    return items


def test_register_export_of_a_thousand_items(world, settings):
    # Made in the request here (the files are under test); above TAYANG_EXPORT_INLINE_ROWS the
    # page sends them to the background, which tests/app/test_exports.py follows.
    settings.TAYANG_EXPORT_INLINE_ROWS = COUNT
    thousand_items(world)
    client = client_for(world)

    response = client.get(url("register-export", fmt="csv"), {"tahun": 2026})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert table[0] == list(COLUMNS)
    assert len(table) == COUNT + 1
    assert table[1][0] == "1000/2026" and table[-1][0] == "0001/2026"
    assert table[1][4] == "Kegiatan nomor 1000"
    assert table[1][8] == "1 langkah terlambat" and table[2][8] == "Tepat waktu"
    assert table[-1][2] == "5 Januari 2026 10.00 WIB"  # 02.00 UTC in the org's zone
    assert table[-1][7].startswith("2. ")

    response = client.get(url("register-export", fmt="xlsx"), {"tahun": 2026})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2] == tuple(COLUMNS)
    assert len(rows) == 3 + COUNT
    assert rows[3][0] == "1000/2026" and rows[-1][0] == "0001/2026"
    assert rows[1] == ("Tahun 2026",)

    response = client.get(url("register-export", fmt="pdf"),
                          {"tahun": 2026, "jabatan": "Kepala Dinas Penanaman Modal"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pages = pdf_pages(response.content)
    assert len(pages) > 10
    text = "".join(pages)
    assert "REGISTERDOKUMENTASIDANKONTEN" in pages[0]
    assert squash(world.org.name.upper()) in pages[0]
    assert "Periode:Tahun2026" in pages[0]
    for n in (1, 2, 500, 999, 1000):
        assert f"{n:04d}/2026" in text, n
    assert text.count("/2026") >= COUNT
    assert "Mengetahui," in pages[-1] and "KepalaDinasPenanamanModal" in pages[-1]
    assert "Mengetahui," not in pages[0]


def test_the_export_follows_the_register_filters(world):
    items = thousand_items(world)
    Item.objects.filter(pk__in=[item.pk for item in items[:7]]).update(status="finished")
    response = client_for(world).get(url("register-export", fmt="csv"), {"status": "finished"})
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [row[0] for row in table[1:]] == [f"{n:04d}/2026" for n in range(7, 0, -1)]
    assert client_for(world).get(url("register-export", fmt="doc")).status_code == 404


def test_a_title_is_never_run_as_a_formula(world):
    formula = '=HYPERLINK("http://contoh.invalid","klik")'
    Item.objects.filter(pk=thousand_items(world)[0].pk).update(title=formula)
    client = client_for(world)
    response = client.get(url("register-export", fmt="csv"), {"q": "0001/2026"})
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert table[1][4] == "'" + formula
    response = client.get(url("register-export", fmt="xlsx"), {"q": "0001/2026"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    cell = sheet.cell(row=4, column=5)
    assert cell.value == formula and cell.data_type == "s"


def test_the_register_page_links_to_the_exports_with_its_filters(world):
    page = client_for(world).get(url("register"), {"status": "finished", "hal": 2})
    text = page.content.decode()
    for fmt in ("pdf", "xlsx", "csv"):
        assert f'{url("register-export", fmt=fmt)}?status=finished"' in text


# --- written responses -------------------------------------------------------------------------


def sent_back(world: World) -> Item:
    item = drive(world, ready_item(world, "Sosialisasi perizinan di Wonosari"), "terima")
    assert act(item, world.holder("tim_pertimbangan"), SendBack(RESPONSE)).ok
    item.refresh_from_db()
    return item


def test_a_written_response_as_a_letter(world):
    item = sent_back(world)
    response = WrittenResponse.objects.get(item=item)
    page = client_for(world).get(url("item", pk=item.pk)).content.decode()
    letter_url = url("response-letter", pk=item.pk, response=response.pk)
    assert letter_url in page

    letter = client_for(world).get(letter_url)
    assert letter.status_code == 200 and letter["Content-Type"] == "application/pdf"
    text = "".join(pdf_pages(letter.content))
    local = timezone.localtime(response.created_at, world.org.zone)
    for expected in (
        "TANGGAPANTERTULIS", world.org.name.upper(), item.register_code, item.title,
        response.label, RESPONSE, world.holder("tim_pertimbangan").first_name,
        world.sop.role("tim_pertimbangan").name, world.sop.step("terima").activity,
        f"{local:%H.%M}WIB", str(local.year),
    ):
        assert squash(expected) in text, expected


def test_a_letter_of_another_item_is_not_found(world):
    item = sent_back(world)
    other = drive(world, ready_item(world, "Konten lain"), "terima")
    response = WrittenResponse.objects.get(item=item)
    assert client_for(world).get(
        url("response-letter", pk=other.pk, response=response.pk)
    ).status_code == 404


# --- approval records ---------------------------------------------------------------------------


def test_an_approval_record_says_when_the_content_has_changed(world):
    item = drive(world, ready_item(world), "koreksi")
    approval = Approval.objects.get(item=item)
    page_url = url("approval-record", pk=item.pk, approval=approval.pk)
    pdf_url = url("approval-record-pdf", pk=item.pk, approval=approval.pk)
    client = client_for(world)
    assert page_url in client.get(url("item", pk=item.pk)).content.decode()

    page = client.get(page_url).content.decode()
    assert approval.content_hash in page
    assert CHANGED not in page
    text = "".join(pdf_pages(client.get(pdf_url).content))
    for expected in ("CATATANPERSETUJUAN", approval.content_hash, approval.label,
                     world.sop.role(approval.role).name, world.holder(approval.role).first_name,
                     "Isikontensamadenganyangdisetujui"):
        assert squash(expected) in text, expected
    assert squash(CHANGED) not in text

    item.refresh_from_db()
    edited = act(item, world.holder("tim_pertimbangan"),
                 Edit({"caption": "Sosialisasi perizinan di Balai Desa Wonosari"}))
    assert edited.ok, edited.message

    page = client.get(page_url).content.decode()
    assert CHANGED in page
    assert approval.content_hash in page  # the record keeps what was approved
    text = "".join(pdf_pages(client.get(pdf_url).content))
    assert squash(CHANGED) in text
    assert approval.content_hash in text


# --- the dossier ---------------------------------------------------------------------------------


def test_the_dossier_zip_file_by_file(world):
    item = ready_item(world, "Sosialisasi perizinan di Wonosari", photos=5)
    author = item.created_by
    renamed = upload(item, "media", author, "foto-1.jpg", jpeg_bytes(color=(1, 2, 3)))
    # The very photo of foto-2.jpg again, under another name: kept once.
    twice = upload(item, "media", author, "salinan.jpg", jpeg_bytes(color=(40, 90, 150)))
    drive(world, item, "terima")
    assert act(item, world.holder("tim_pertimbangan"), SendBack(RESPONSE)).ok
    item = drive(world, item, END)

    response = client_for(world).get(url("item-dossier", pk=item.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert (f"berkas-{item.register_year}-{item.register_number:04d}.zip"
            in response["Content-Disposition"])
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.testzip() is None
    names = archive.namelist()
    approvals = list(Approval.objects.filter(item=item))
    assert approvals
    assert sorted(names) == sorted([
        "ringkasan.pdf", "konten.json", "riwayat.csv", "penayangan.csv",
        *(f"berkas/foto-{n}.jpg" for n in range(1, 6)), "berkas/foto-1 (2).jpg",
        # The send-back's response, then the Tim Pertimbangan's and the decision's written
        # answers on accepting (steps 2, 3 and 4 produce one).
        *(f"tanggapan/tanggapan-{n:02d}.pdf" for n in range(1, item.responses.count() + 1)),
        *(f"persetujuan/persetujuan-{n:02d}.pdf" for n in range(1, len(approvals) + 1)),
    ])

    content = json.loads(archive.read("konten.json"))
    item.refresh_from_db()
    assert content["isi"] == item.values
    assert content["register"] == item.register_code

    assets = {asset.original_name: asset for asset in MediaAsset.objects.filter(item=item)
              if asset.pk not in (twice.pk, renamed.pk)}
    assert twice.sha256 == assets["foto-2.jpg"].sha256
    for name in (f"foto-{n}.jpg" for n in range(1, 6)):
        with assets[name].file.open("rb") as handle:
            assert archive.read(f"berkas/{name}") == handle.read()
    with renamed.file.open("rb") as handle:
        assert archive.read("berkas/foto-1 (2).jpg") == handle.read()

    history = list(csv.reader(io.StringIO(archive.read("riwayat.csv").decode("utf-8-sig")),
                              delimiter=";"))
    assert history[0] == list(HISTORY_COLUMNS)
    assert len(history) - 1 == LogEntry.objects.filter(item=item).count()
    assert any(row[4] == "mengembalikan dengan tanggapan tertulis" for row in history[1:])

    publications = list(csv.reader(
        io.StringIO(archive.read("penayangan.csv").decode("utf-8-sig")), delimiter=";"))
    publication = item.publications.get()
    # The channel by its name, not its key; the address absolute and public.
    assert publications[1][:3] == ["Situs web", "Tayang", publication.url]
    assert publication.url.startswith(("http://", "https://"))

    letter = "".join(pdf_pages(archive.read("tanggapan/tanggapan-01.pdf")))
    assert squash(RESPONSE) in letter
    for n, approval in enumerate(approvals, start=1):
        record = "".join(pdf_pages(archive.read(f"persetujuan/persetujuan-{n:02d}.pdf")))
        assert approval.content_hash in record
        assert squash(approval.label) in record

    summary = "".join(pdf_pages(archive.read("ringkasan.pdf")))
    for expected in ("RINGKASANBERKASKONTEN", item.register_code, item.title, "Selesai",
                     "berkas/foto-1(2).jpg", "tanggapan/tanggapan-01.pdf", "riwayat.csv",
                     "Situs web", publication.url):
        assert squash(expected) in summary, expected


def test_the_item_page_links_to_its_dossier(world):
    item = drive(world, ready_item(world), "terima")
    page = client_for(world).get(url("item", pk=item.pk)).content.decode()
    assert url("item-dossier", pk=item.pk) in page


def test_an_archived_item_keeps_its_dossier_and_stays_read_only(world):
    item = drive(world, ready_item(world), END)
    assert act(item, world.holder("admin_medsos"), Archive()).ok
    item.refresh_from_db()
    before = client_for(world).get(url("item-dossier", pk=item.pk))
    assert before.status_code == 200
    assert not act(item, world.holder("tim_pertimbangan"), Edit({"caption": "Diubah"})).ok
    item.refresh_from_db()
    assert item.status == "archived" and item.values["caption"] != "Diubah"
    archive = zipfile.ZipFile(io.BytesIO(before.content))
    assert json.loads(archive.read("konten.json"))["isi"] == item.values
    assert "Status:Diarsipkan" in "".join(pdf_pages(archive.read("ringkasan.pdf")))


def test_the_printed_period():
    assert period_text(None, None, None) == "Semua periode"
    assert period_text(2026, None, None) == "Tahun 2026"
    assert period_text(None, date(2026, 3, 1), date(2026, 3, 31)) == (
        "1 Maret 2026 s.d. 31 Maret 2026")
    assert period_text(2026, date(2026, 3, 1), None) == "Tahun 2026, diserahkan sejak 1 Maret 2026"


def test_a_step_still_open_past_its_limit_is_late_in_the_register_and_its_exports(world):
    """The inbox calls an item waiting past its step's limit overdue: the register, its files
    and the figures must call it late too, not "tepat waktu" (issue 13)."""
    long_ago = timezone.now() - timedelta(days=30)
    waiting = drive(world, ready_item(world, "Menunggu lewat batas", now=long_ago), "terima",
                    now=long_ago)
    assert waiting.due_limit is not None and waiting.due_limit < timezone.now()
    now = timezone.now()
    visits = [Visit.at(v.item_id, v.step, v.entered_at, v.finished_at, v.due_target, v.due_limit,
                    v.outcome, v.skipped) for v in waiting.visits.all()]
    open_visit = next(visit for visit in visits if visit.finished_at is None)
    assert result_of(open_visit, now) is Result.LATE  # waiting at "terima" past its limit
    late = sum(result_of(visit, now) is Result.LATE for visit in visits)
    expected = f"{late} langkah terlambat"
    client = client_for(world)

    page = client.get(url("register")).content.decode()
    row = page.split("Menunggu lewat batas", 1)[1].split("</tr>", 1)[0]
    assert expected in row and "tepat waktu" not in row

    response = client.get(url("register-export", fmt="csv"))
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [row[8] for row in table[1:]] == [expected]
    response = client.get(url("register-export", fmt="xlsx"))
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    assert [row[8] for row in list(sheet.iter_rows(values_only=True))[3:]] == [expected]
