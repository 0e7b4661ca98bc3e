"""The dashboard and the SOP evaluation report on a constructed history with known answers
(tests/app/evaluation_world.py): on time, late, still open and late, sent back and repeated,
refused, cancelled. Who may see them, the period filter and its bad input, the notes, the
report's PDF and XLSX, and query counts that do not grow with the items."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from tayang.evaluation.models import EvaluationNote
from tayang.evaluation.period import Period
from tayang.evaluation.queries import Scope
from tayang.evaluation.steps import sop_figures
from tayang.orgs.models import Membership

from .evaluation_world import DAYS_AGO, ORG, WAITING, History, build_history
from .world import add_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(db) -> History:
    return build_history()


def url(name: str, **kwargs: object) -> str:
    return reverse(f"workspace:{name}", kwargs={"org": ORG, **kwargs})


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_figures_of_each_step(history):
    org = history.world.org
    today = timezone.now().astimezone(org.zone).date()
    scope = Scope(org, Period(today - timedelta(days=DAYS_AGO + 1), today))
    (sop,) = sop_figures(scope, timezone.now())
    steps = {row.key: row for row in sop.steps}
    assert [row.number for row in sop.steps] == [1, 2, 3, 4]
    serahkan, pilah = steps["serahkan"].figures, steps["pilah"].figures
    assert (serahkan.visits, serahkan.on_time, serahkan.late, serahkan.repeated) == (7, 7, 0, 1)
    assert (pilah.visits, pilah.performed, pilah.open_now) == (7, 6, 1)
    # On time: the quick one, both visits of the sent-back one, the cancelled one. Late: the
    # slow one, the refused one (60 of 30 minutes), and the one still waiting.
    assert (pilah.on_time, pilah.late) == (4, 3)
    assert (pilah.sent_back, pilah.refused, pilah.cancelled, pilah.repeated) == (1, 1, 1, 1)
    assert pilah.median == pytest.approx(10 / 60)
    assert [reason.words for reason in steps["pilah"].reasons] == ["foto kurang tajam"]
    assert (steps["ajukan"].figures.on_time, steps["tayangkan"].figures.on_time) == (3, 3)
    assert steps["ajukan"].figures.median == pytest.approx(10 / 60)
    assert sop.compliance == pytest.approx(17 / 20)


def test_the_dashboard_shows_what_waits_and_the_figures(history):
    client = client_of(history.world.admin)
    response = client.get(url("dashboard"))
    assert response.status_code == 200
    page = response.content.decode()
    text = text_of(page)
    assert "1 konten menunggu, 1 lewat batas waktu" in text
    waiting = history.items["menunggu"]
    assert f'href="{url("item", pk=waiting.pk)}"' in page and WAITING in page
    assert "evaluation/vendor/chart.umd.min.js" in page and "cdn" not in page.lower()
    # Every chart has its table: the step table says what the chart draws.
    assert "Tabel: Pengelolaan Website dan Media Sosial: tepat waktu, terlambat" in text
    assert "2. Memilah" in text or "2. " in text
    assert "foto kurang tajam (1×)" in text
    assert "Tepat waktu" in text and "85%" in text  # the SOP's compliance beside its name
    # Publications: three items reached the website.
    assert "Situs web" in text


def test_the_period_filter_and_its_bad_input(history):
    client = client_of(history.world.admin)
    start = (timezone.now() - timedelta(days=200)).date()
    end = (timezone.now() - timedelta(days=100)).date()
    page = text_of(client.get(url("dashboard"), {"dari": start, "sampai": end}).content
                   .decode())
    assert "Belum ada langkah yang dikerjakan pada periode ini" in page
    assert "1 konten menunggu" in page  # what waits now is now, whatever the period

    response = client.get(url("dashboard"), {"dari": end, "sampai": start})
    assert response.status_code == 200
    page = text_of(response.content.decode())
    assert "Periode terbalik" in page
    assert "85%" in page  # the default period is shown instead
    response = client.get(url("evaluation"), {"dari": "kemarin", "unit": "abc"})
    page = text_of(response.content.decode())
    assert "tanggal “kemarin” tidak dikenali" in page
    assert "Unit kerja tidak dikenal" in page
    response = client.get(url("evaluation-file", fmt="pdf"), {"dari": "2026-13-45"})
    assert response.status_code == 302  # no file of a period nobody asked for
    response = client.get(url("evaluation-file", fmt="doc"))
    assert response.status_code == 302


def test_the_unit_filter(history):
    client = client_of(history.world.admin)
    other = history.world.units[0]
    page = text_of(client.get(url("dashboard"), {"unit": other.pk}).content.decode())
    assert "0 konten menunggu" in page
    page = text_of(client.get(url("dashboard"), {"unit": history.world.units[1].pk})
                   .content.decode())
    assert "1 konten menunggu" in page


@pytest.mark.parametrize(("who", "status"), [
    ("admin", 200), ("kepala_dinas", 200), ("ppid", 200),
    ("peliput", 404), ("pengelola_website", 404), ("outsider", 404),
])
def test_who_may_see_the_dashboard_and_the_report(history, who, status):
    world = history.world
    if who == "admin":
        user = world.admin
    elif who == "ppid":
        user = add_person(world.org, "bantul.ppid", None, ())
        Membership.objects.filter(user=user).update(is_ppid=True)
    elif who == "outsider":
        user = build_history("luar", "dinas-lain").world.admin
    else:
        user = world.holder(who)
    client = client_of(user)
    for name in ("dashboard", "evaluation"):
        assert client.get(url(name)).status_code == status, name
    inbox = client.get(url("inbox"))
    if status == 200:
        assert f'href="{url("dashboard")}"' in inbox.content.decode()
    elif who != "outsider":
        assert f'href="{url("dashboard")}"' not in inbox.content.decode()
    assert client.get(url("evaluation-file", fmt="xlsx")).status_code == (
        200 if status == 200 else 404)


def test_the_report_page_lists_each_step_in_the_sops_numbering(history):
    client = client_of(history.world.holder("kepala_dinas"))
    page = text_of(client.get(url("evaluation")).content.decode())
    assert "Kepatuhan terhadap standar waktu 85%" in page
    sop = history.world.sop
    for step in sop.steps:
        assert f"{step.number} {step.activity}" in page, step.key
    # The items furthest from the standard, linked: the one still waiting comes first.
    furthest = page.split("Konten paling jauh dari standar", 1)[1]
    assert furthest.index(WAITING) < furthest.index("Terlambat di pilah")


def test_notes_are_saved_with_the_report_and_too_long_is_refused(history):
    client = client_of(history.world.admin)
    today = timezone.now().astimezone(history.world.org.zone).date()
    query = {"dari": (today - timedelta(days=30)).isoformat(), "sampai": today.isoformat()}
    path = f"{url('evaluation')}?dari={query['dari']}&sampai={query['sampai']}"
    response = client.post(path, {"kesimpulan": "Langkah pilah sering terlambat.",
                                  "rekomendasi": "Tambah petugas pemilah pada hari Senin.",
                                  "evaluator": "Dra. Sri Lestari", "jabatan": "Inspektur",
                                  "nip": "197001011990032001"})
    assert response.status_code == 302
    note = EvaluationNote.objects.get()
    assert (note.start.isoformat(), note.end.isoformat()) == (query["dari"], query["sampai"])
    assert note.unit is None and note.evaluator == "Dra. Sri Lestari"
    page = client.get(url("evaluation"), query).content.decode()
    assert "Tambah petugas pemilah pada hari Senin." in page

    response = client.post(path, {"kesimpulan": "x" * 10_001, "rekomendasi": "baru"},
                           follow=True)
    assert "Kesimpulan paling panjang 10.000 karakter." in text_of(response.content.decode())
    note.refresh_from_db()
    assert note.recommendations == "Tambah petugas pemilah pada hari Senin."  # unchanged
    # A period that cannot be read saves nothing (it would land on the default period).
    response = client.post(f"{url('evaluation')}?dari={query['sampai']}&sampai={query['dari']}",
                           {"kesimpulan": "Periode terbalik"}, follow=True)
    said = text_of(response.content.decode())
    assert "Periode terbalik" in said and "tidak disimpan" in said
    assert EvaluationNote.objects.count() == 1
    # Another period has notes of its own.
    assert "Tambah petugas" not in client.get(url("evaluation")).content.decode()


def test_the_pdf_holds_each_steps_row_and_the_signature(history):
    client = client_of(history.world.admin)
    today = timezone.now().astimezone(history.world.org.zone).date()
    query = {"dari": (today - timedelta(days=30)).isoformat(), "sampai": today.isoformat()}
    client.post(f"{url('evaluation')}?dari={query['dari']}&sampai={query['sampai']}",
                {"kesimpulan": "Langkah pilah sering terlambat.", "rekomendasi": "Tambah petugas.",
                 "evaluator": "Dra. Sri Lestari", "jabatan": "Inspektur Daerah", "nip": "1970"})
    response = client.get(url("evaluation-file", fmt="pdf"), query)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = squash("".join(page.extract_text() for page in
                          PdfReader(io.BytesIO(response.content)).pages))
    assert "LAPORANEVALUASIPENERAPANSOP" in text
    assert "Kepatuhanterhadapstandarwaktu:85%" in text
    for step in history.world.sop.steps:
        assert squash(f"{step.number}{step.activity}") in text, step.key
    # The pilah row: 6 done, 4 on time (57,1%), 3 late, 1 sent back, none skipped, 1 repeated.
    assert "4(57,1%)3(42,9%)1(16,7%)01" in text
    assert "Langkahpilahseringterlambat." in text and "Tambahpetugas." in text
    assert "Dra.SriLestari" in text and "InspekturDaerah" in text
    assert squash(WAITING) in text


def test_the_xlsx_opens_with_a_sheet_per_sop(history):
    client = client_of(history.world.admin)
    response = client.get(url("evaluation-file", fmt="xlsx"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames[0] == "Ringkasan"
    summary = [row for row in book["Ringkasan"].iter_rows(values_only=True)]
    assert ("Kepatuhan terhadap standar waktu", "85%") in summary
    steps = list(book[book.sheetnames[1]].iter_rows(values_only=True))
    assert steps[2][:5] == ("No", "Langkah", "Pelaksana", "Standar waktu", "Dilakukan")
    assert [row[0] for row in steps[3:]] == ["1", "2", "3", "4"]
    pilah = steps[4]
    assert pilah[3] == "30 menit" and pilah[4] == "6" and pilah[8] == "3 (42,9%)"


def test_comparing_two_periods_shows_the_change(history):
    client = client_of(history.world.admin)
    today = timezone.now().astimezone(history.world.org.zone).date()
    page = text_of(client.get(url("evaluation"), {
        "dari": (today - timedelta(days=30)).isoformat(), "sampai": today.isoformat(),
        "banding_dari": (today - timedelta(days=90)).isoformat(),
        "banding_sampai": (today - timedelta(days=60)).isoformat(),
    }).content.decode())
    assert "Perubahan tepat waktu" in page
    assert "periode pembanding -" in page  # nothing happened then: no figure, no change
    response = client.get(url("evaluation"), {"banding_dari": "2026-02-30"})
    assert "Periode pembanding: Dari tanggal" in text_of(response.content.decode())


def _queries(client: Client, path: str) -> int:
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured.captured_queries)


def test_query_counts_do_not_grow_with_the_items(history):
    client = client_of(history.world.admin)
    before = {name: _queries(client, url(name)) for name in ("dashboard", "evaluation")}
    more = build_history("bantul2", "bantul-kedua")  # another organization: no effect…
    world = history.world
    # …and six more items of this one, through the same steps.
    from .evaluation_world import _item, _through

    for n in range(6):
        at = history.start + timedelta(days=6, hours=n)
        _through(world, _item(world, f"Tambahan {n}", at), at,
                 {"serahkan": 10, "pilah": 10, "ajukan": 10, "tayangkan": 2})
    for n in range(3):  # and three more waiting past their limits: the overdue list grows
        at = history.start + timedelta(days=7, hours=n)
        _through(world, _item(world, f"Menunggu {n}", at), at, {"serahkan": 10})
    after = {name: _queries(client, url(name)) for name in ("dashboard", "evaluation")}
    assert after == before, (before, after)
    assert more.world.org.pk != world.org.pk


def test_the_change_between_two_periods_with_work_in_both(history):
    """Days 0–2 (the quick one, the slow one, the sent-back one) against days 3–5 (refused
    late, cancelled in time, still waiting late): pilah falls from 3 of 4 on time to 1 of 3."""
    zone = history.world.org.zone
    first = history.start.astimezone(zone).date()
    today = timezone.now().astimezone(zone).date()
    client = client_of(history.world.admin)
    page = text_of(client.get(url("evaluation"), {
        "dari": (first + timedelta(days=3)).isoformat(), "sampai": today.isoformat(),
        "banding_dari": first.isoformat(),
        "banding_sampai": (first + timedelta(days=2)).isoformat(),
    }).content.decode())
    pilah = page.split("Pemilahan", 1)[1].split("</tr>", 1)[0] if "Pemilahan" in page else page
    assert "−41,7 poin" in pilah
    sheet = client.get(url("evaluation-file", fmt="xlsx"), {
        "dari": (first + timedelta(days=3)).isoformat(), "sampai": today.isoformat(),
        "banding_dari": first.isoformat(),
        "banding_sampai": (first + timedelta(days=2)).isoformat(),
    })
    rows = list(load_workbook(io.BytesIO(sheet.content), read_only=True).worksheets[1]
                .iter_rows(values_only=True))
    assert rows[2][-1] == "Perubahan tepat waktu" and rows[4][-1] == "−41,7 poin"


def test_changes_are_signed_as_their_digits_show():
    from tayang.evaluation.report import _signed

    assert _signed(-41.66, " poin") == "−41,7 poin"
    assert _signed(2.0, " poin") == "+2 poin"
    assert _signed(-0.04, " poin") == "±0 poin"  # not "−0"
    assert _signed(None, " poin") == "-"


def test_the_printed_report_is_verifiable_until_its_figures_or_notes_change(history):
    from tayang.evaluation.models import EvaluationNote

    client = client_of(history.world.admin)
    today = timezone.now().astimezone(history.world.org.zone).date()
    query = {"dari": (today - timedelta(days=30)).isoformat(), "sampai": today.isoformat()}
    client.post(f"{url('evaluation')}?dari={query['dari']}&sampai={query['sampai']}",
                {"kesimpulan": "Langkah pilah sering terlambat.", "rekomendasi": "Tambah petugas.",
                 "evaluator": "Dra. Sri Lestari", "jabatan": "Inspektur Daerah", "nip": ""})
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(
        client.get(url("evaluation-file", fmt="pdf"), query).content)).pages)
    code = re.search(r"/verifikasi/([A-Za-z0-9_-]{22})/", squash(text)).group(1)
    page_url = reverse("public:verification", kwargs={"org": ORG, "code": code})
    page = Client().get(page_url).content.decode()
    assert "Isi naskah tidak berubah." in page and "Dra. Sri Lestari" in page
    assert "Laporan evaluasi" in page
    EvaluationNote.objects.update(conclusions="Diubah sesudah dicetak.")
    assert "Isi naskah telah berubah sejak diterbitkan." in Client().get(page_url
                                                                        ).content.decode()
