"""The DIP: kept by the PPID, imported and exported as spreadsheets, exempt entries guarded."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from tayang.dip import tabular
from tayang.dip.choices import dip_choices
from tayang.dip.models import Classification, Decree, Entry
from tayang.orgs.models import Membership, Organization

pytestmark = pytest.mark.django_db

HEADER = [title for _, title in tabular.COLUMNS]
GOOD = ["DIP-01", "Profil badan publik", "Sekretariat", "PPID", "2026", "Palangka Raya",
        "softcopy dan hardcopy", "5 tahun", "berkala"]


def _csv(rows, delimiter=";"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    for row in rows:
        writer.writerow(row)
    return buffer.getvalue().encode("utf-8")


def _xlsx(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def org():
    return Organization.objects.create(slug="disperindag", name="Disperindag")


@pytest.fixture
def ppid(org, client):
    user = get_user_model().objects.create_user("ppid", password="sandi-panjang-123")
    Membership.objects.create(organization=org, user=user, is_ppid=True)
    client.force_login(user)
    return user


def _import(org, rows, name="dip.csv", make=_csv):
    table = tabular.read_table(name, make(rows))
    return tabular.import_entries(org, None, table, date(2026, 11, 24))


def test_csv_and_xlsx_import_create_then_update_entries(org):
    result = _import(org, [HEADER, GOOD, ["DIP-02", *GOOD[1:8], "Serta merta"]])
    assert (result.ok, result.created, result.updated) == (True, 2, 0)
    entry = Entry.objects.get(number="DIP-01")
    assert (entry.softcopy, entry.hardcopy, entry.classification) == (
        True, True, Classification.PERIODIC)
    assert Entry.objects.get(number="DIP-02").classification == Classification.IMMEDIATE

    again = _import(org, [HEADER, GOOD], name="dip.xlsx", make=_xlsx)
    assert (again.ok, again.created, again.updated) == (True, 0, 0)
    changed = _import(org, [HEADER, [*GOOD[:8], "dikecualikan"]], name="dip.xlsx", make=_xlsx)
    assert changed.updated == 1
    assert Entry.objects.get(number="DIP-01").classification == Classification.EXEMPT


def test_a_bad_row_refuses_the_whole_import_with_a_row_by_row_report(org):
    rows = [
        HEADER,
        GOOD,
        ["DIP-02", "", "Sekretariat", "PPID", "2026", "", "softcopy", "1 tahun", "berkala"],
        ["DIP-03", "Isi", "Sekretariat", "PPID", "2026", "", "faks", "1 tahun", "rahasia"],
        GOOD,
    ]
    result = _import(org, rows)
    assert not result.ok
    reports = {report.row: report.problems for report in result.refused}
    assert set(reports) == {3, 4, 5}
    assert reports[3] == ["kolom «Ringkasan isi informasi» kosong"]
    assert any("klasifikasi «rahasia» tidak dikenal" in p for p in reports[4])
    assert any("bentuk informasi «faks» tidak dikenal" in p for p in reports[4])
    assert reports[5] == ["nomor «DIP-01» sudah dipakai di baris 2"]
    assert not Entry.objects.exists()


def test_a_file_without_the_columns_is_refused_before_any_row(org):
    with pytest.raises(tabular.ImportRefused, match="Penanggung jawab"):
        tabular.read_table("dip.csv", _csv([["Nomor", "Ringkasan isi informasi"], ["1", "x"]]))
    with pytest.raises(tabular.ImportRefused, match="XLSX rusak"):
        tabular.read_table("dip.xlsx", b"PK\x03\x04 bukan excel")


def test_export_then_import_changes_nothing(org, ppid, client):
    _import(org, [HEADER, GOOD, ["DIP-02", *GOOD[1:8], "setiap saat"]])
    exported = client.get("/kerja/disperindag/dip/ekspor.xlsx")
    assert exported.status_code == 200
    assert "attachment" in exported["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(exported.content)).active
    assert sheet["A1"].value.startswith("Daftar Informasi Publik")
    assert tabular.read_table("x.xlsx", exported.content)[0][1]["number"] == "DIP-01"
    again = tabular.import_entries(org, None, tabular.read_table("x.xlsx", exported.content),
                                   date(2026, 11, 24))
    assert (again.created, again.updated) == (0, 0)
    as_csv = client.get("/kerja/disperindag/dip/ekspor.csv")
    assert as_csv.content.startswith("\ufeff".encode())
    assert "Profil badan publik" in as_csv.content.decode("utf-8-sig")


def test_import_screen_reports_refused_rows_and_saves_nothing(org, ppid, client):
    upload = SimpleUploadedFile("dip.csv", _csv([HEADER, GOOD, ["DIP-9", *GOOD[1:8], "x"]]))
    response = client.post("/kerja/disperindag/dip/impor/", {"file": upload})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Impor dibatalkan; tidak ada yang disimpan." in page
    assert "klasifikasi «x» tidak dikenal" in page
    assert not Entry.objects.exists()
    upload = SimpleUploadedFile("dip.csv", _csv([HEADER, GOOD]))
    response = client.post("/kerja/disperindag/dip/impor/", {"file": upload})
    assert response.status_code == 302
    assert Entry.objects.count() == 1


def test_exempt_entries_are_never_offered_for_announcement(org):
    _import(org, [HEADER, GOOD, ["DIP-02", *GOOD[1:8], "dikecualikan"]])
    assert [value for value, _ in dip_choices(org)] == ["DIP-01"]
    assert list(Entry.objects.public().values_list("number", flat=True)) == ["DIP-01"]


def test_periodic_entries_older_than_six_months_are_flagged(org, ppid, client):
    _import(org, [HEADER, GOOD, ["DIP-02", *GOOD[1:]]])
    Entry.objects.filter(number="DIP-02").update(updated_on=date.today() - timedelta(days=200))
    page = client.get("/kerja/disperindag/dip/").content.decode()
    assert "1 informasi berkala belum diperbarui lebih dari enam bulan" in page
    assert "perlu diperbarui" in page


def test_entry_form_refuses_a_duplicate_number_and_a_document_that_is_not_one(org, ppid,
                                                                             client):
    _import(org, [HEADER, GOOD])
    form = {"number": "DIP-01", "summary": "x", "holder": "x", "responsible": "x",
            "made_when": "2026", "retention": "1 tahun", "classification": "berkala",
            "softcopy": "on"}
    response = client.post("/kerja/disperindag/dip/entri/baru/", form)
    assert response.status_code == 422
    assert "Nomor ini sudah dipakai" in response.content.decode()
    entry = Entry.objects.get()
    fake = SimpleUploadedFile("sk.pdf", b"ini bukan pdf sama sekali, hanya teks")
    response = client.post(f"/kerja/disperindag/dip/entri/{entry.pk}/dokumen/",
                           {"title": "SK", "file": fake}, follow=True)
    assert "Dokumen tidak disimpan: jenis berkas tidak dikenali" in response.content.decode()
    assert not entry.documents.exists()
    pdf = SimpleUploadedFile("sk.pdf", b"%PDF-1.4\n%%EOF\n" + b" " * 64)
    client.post(f"/kerja/disperindag/dip/entri/{entry.pk}/dokumen/", {"title": "SK", "file": pdf})
    assert entry.documents.get().content_type == "application/pdf"


def test_decrees_are_recorded_once(org, ppid, client):
    data = {"number": "188/1/2026", "issued_on": "2026-01-05", "title": "Penetapan DIP"}
    assert client.post("/kerja/disperindag/dip/sk/", data).status_code == 302
    assert client.post("/kerja/disperindag/dip/sk/", data).status_code == 422
    assert Decree.objects.count() == 1


@pytest.mark.parametrize("url", [
    "/kerja/disperindag/dip/", "/kerja/disperindag/dip/entri/baru/",
    "/kerja/disperindag/dip/sk/", "/kerja/disperindag/dip/impor/",
    "/kerja/disperindag/dip/ekspor.csv", "/kerja/disperindag/dip/ekspor.xlsx",
])
def test_only_the_ppid_and_admins_keep_the_dip(org, client, url):
    assert client.get(url).status_code == 302  # anonymous: sent to sign in
    users = get_user_model().objects
    member = users.create_user("anggota", password="sandi-panjang-123")
    Membership.objects.create(organization=org, user=member)
    client.force_login(member)
    assert client.get(url).status_code == 404
    other_org = Organization.objects.create(slug="lain", name="Dinas Lain")
    stranger = users.create_user("orang-lain", password="sandi-panjang-123")
    Membership.objects.create(organization=other_org, user=stranger, is_ppid=True)
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    admin = users.create_user("admin-org", password="sandi-panjang-123")
    Membership.objects.create(organization=org, user=admin, is_admin=True)
    client.force_login(admin)
    assert client.get(url).status_code == 200


def test_the_announcement_form_offers_only_public_entries(client):
    from django.core.management import call_command

    call_command("demo")
    client.login(username="kalteng.ppid_pelaksana", password="tayang-demo")
    page = client.get(
        "/kerja/disperindag-kalteng/konten/baru/kalteng-disperindag-pengumuman-informasi/"
    ).content.decode()
    assert '<option value="DIP-2026-001">' in page
    assert "DIP-2026-005" not in page  # dikecualikan
    assert Membership.objects.get(user__username="kalteng.ppid_pelaksana").is_ppid
