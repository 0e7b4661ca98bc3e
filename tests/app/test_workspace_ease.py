"""What a field officer and a reviewer meet first (issue 15): a sent-back item's response where
it is corrected, alt texts that describe, Indonesian everywhere (Django's own messages, error
pages, dates and "Hari H" limits), and sign-in that lands in one's workspace."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone, translation

from tayang.dip.forms import DecreeForm
from tayang.engine.actions import SendBack
from tayang.items.content import media_entries
from tayang.items.models import Item
from tayang.items.workflow import perform
from tayang.media.alt_text import alt_text_problem
from tayang.orgs.forms import ClosedDayForm
from tayang.orgs.models import Membership
from tayang.workspace.dates import day_text, deadline_text, value_text

from .world import PASSWORD, World, make_world, ready_item, snapshot

pytestmark = pytest.mark.django_db

ORG = "dpmptsp-gunungkidul"
RESPONSE = "Foto kurang tajam dan narasi belum menyebut tempat; mohon diperbaiki."


@pytest.fixture
def world(db) -> World:
    return make_world("gunungkidul", ORG)


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(world: World, name: str, **kwargs: object) -> str:
    return reverse(f"workspace:{name}", kwargs={"org": world.slug, **kwargs})


def sent_back(world: World) -> Item:
    item = ready_item(world)
    officer = item.created_by
    client = login(officer)
    item.refresh_from_db()
    assert client.post(url(world, "item-act", pk=item.pk, action="hand_in"),
                       {"version": item.version}).status_code == 302
    assert perform(item.pk, world.holder("tim_pertimbangan"), SendBack(RESPONSE)).ok
    item.refresh_from_db()
    return item


# --- a sent-back item shows why, at the top of the edit form and in the inbox -----------------


def test_a_sent_back_item_shows_its_response_first_on_the_edit_form_and_in_the_inbox(world):
    item = sent_back(world)
    client = login(item.created_by)

    page = client.get(url(world, "item-edit", pk=item.pk)).content.decode()
    notice = page.split('id="sent-back"')[1].split("</section>")[0]
    assert "Dikembalikan untuk diperbaiki" in notice
    assert RESPONSE in notice
    # Before the content form: read first, then corrected.
    assert page.index('id="sent-back"') < page.index('id="content-form"')

    inbox = client.get(url(world, "inbox")).content.decode()
    row = inbox.split('class="sent-back-row"')[1].split("</p>")[0]
    assert RESPONSE in row

    # Handed in again, the notice is gone from both.
    item.refresh_from_db()
    assert client.post(url(world, "item-act", pk=item.pk, action="hand_in"),
                       {"version": item.version}).status_code == 302
    assert "sent-back-row" not in client.get(url(world, "inbox")).content.decode()


def test_a_draft_never_sent_back_shows_no_response(world):
    item = ready_item(world)
    page = login(item.created_by).get(url(world, "item-edit", pk=item.pk)).content.decode()
    assert 'id="sent-back"' not in page


# --- alt texts that describe --------------------------------------------------------------------


@pytest.mark.parametrize(("text", "why"), [
    ("IMG_1234", "nama berkas dari kamera"),
    ("IMG_1234.JPG", "nama berkas dari kamera"),
    ("PXL_20261206_101500123", "nama berkas dari kamera"),
    ("WhatsApp Image 2026-12-06 at 10.15.00", "nama berkas dari kamera"),
    ("foto-3", "nama berkasnya"),
    ("foto", "hanya menyebut jenis berkasnya"),
    ("Gambar", "hanya menyebut jenis berkasnya"),
    ("image", "hanya menyebut jenis berkasnya"),
    ("foto kegiatan 3", "hanya menyebut jenis berkasnya"),
    ("Sosialisasi perizinan", "terlalu singkat"),
])
def test_alt_texts_that_do_not_describe_are_refused_with_advice(text, why):
    problem = alt_text_problem(text, "foto-3.jpg")
    assert problem is not None
    assert why in problem
    assert "Tuliskan apa yang tampak" in problem


@pytest.mark.parametrize("text", [
    "", "Kepala Dinas menyerahkan bibit kepada kelompok tani",
    "Peserta sosialisasi mendengarkan paparan di Balai Desa Wonosari",
])
def test_alt_texts_that_describe_pass(text):
    assert alt_text_problem(text, "IMG_1234.jpg") is None


def test_the_edit_form_refuses_a_file_name_as_alt_text_and_keeps_the_old_one(world):
    item = ready_item(world)
    client = login(item.created_by)
    entry = media_entries(item.values, "media")[0]
    name = f"media__alt__{entry['id']}"
    page = client.get(url(world, "item-edit", pk=item.pk)).content.decode()
    # As large as the other long fields: a textarea of its own.
    assert f'<textarea name="{name}"' in page
    data = {"version": item.version, "title": item.title, "narrative": item.values["narrative"],
            "caption": item.values["caption"], "activity_date": "2026-03-02",
            "place": item.values["place"]}
    for entry_ in media_entries(item.values, "media"):
        data[f"media__alt__{entry_['id']}"] = entry_["alt"]
        data[f"media__present__{entry_['id']}"] = "1"
        data[f"media__keep__{entry_['id']}"] = "on"
    data[name] = "foto-1.jpg"
    before = snapshot(item)

    response = client.post(url(world, "item-edit", pk=item.pk), data)

    assert response.status_code == 422
    page = response.content.decode()
    summary = page.split('id="error-summary"')[1].split("</div>")[0]
    assert f'href="#id_{name}"' in summary
    assert "nama berkasnya, bukan uraian isi foto" in summary
    assert 'aria-invalid="true"' in page.split(f'name="{name}"')[1].split(">")[0]
    assert snapshot(item) == before


# --- Indonesian everywhere ----------------------------------------------------------------------


def test_djangos_own_form_messages_are_indonesian_to_an_english_browser(world):
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    client.force_login(world.holder("tim_pelaksana"))
    response = client.post(url(world, "item-create", procedure=world.procedure.key),
                           {"title": "Sosialisasi", "activity_date": "besok pagi"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid date." not in page
    assert "Masukkan tanggal yang valid." in page
    assert '<html lang="id">' in page


@override_settings(DEBUG=False)
def test_an_unknown_workspace_page_is_indonesian_with_a_way_back(world):
    client = login(world.holder("tim_pelaksana"))
    for address in (url(world, "item", pk=999999), "/kerja/tidak-ada/",
                    "/kerja/tidak-ada/konten/1/"):
        response = client.get(address)
        assert response.status_code == 404
        page = response.content.decode()
        assert "<h1>Halaman tidak ditemukan</h1>" in page
        assert "Not Found" not in page
        assert 'class="site-header"' in page  # the site's layout
        inbox = url(world, "inbox")
        assert f'href="{inbox}"' in page  # back to one's own workspace


@override_settings(DEBUG=False)
def test_a_stranger_is_not_told_which_organizations_exist(world):
    stranger = get_user_model().objects.create_user("orang-luar", password=PASSWORD)
    response = login(stranger).get(url(world, "inbox"))
    assert response.status_code == 404
    page = response.content.decode()
    assert world.org.name not in page
    assert f'href="{reverse("home")}"' in page


def test_the_server_error_and_forbidden_pages_are_indonesian():
    from django.test import RequestFactory

    from tayang.web import errors

    page = errors.server_error(RequestFactory().get("/kerja/x/")).content.decode()
    assert "Terjadi kesalahan pada server" in page and "Server Error" not in page
    request = RequestFactory().get("/kerja/x/")
    from django.contrib.auth.models import AnonymousUser
    request.user = AnonymousUser()
    response = errors.forbidden(request)
    assert response.status_code == 403
    assert "Akses ditolak" in response.content.decode()


@override_settings(DEBUG=False)
def test_a_form_sent_without_its_csrf_token_is_refused_in_indonesian(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.holder("tim_pelaksana"))
    response = client.post(url(world, "item-create", procedure=world.procedure.key), {})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Formulir sudah kedaluwarsa" in page and "CSRF verification failed" not in page


def test_a_hari_h_limit_reads_as_the_day_it_is():
    with timezone.override(ZoneInfo("Asia/Jakarta")):
        # Due "on" Sunday 6 December: overdue from local midnight after it.
        midnight = datetime(2026, 12, 6, 17, 0, tzinfo=UTC)  # 7 Dec 00.00 WIB
        assert deadline_text(midnight, "WIB") == "Minggu, 6 Des 2026"
        afternoon = datetime(2026, 12, 5, 7, 30, tzinfo=UTC)  # 14.30 WIB
        assert deadline_text(afternoon, "WIB") == "Sabtu, 5 Des 2026, pukul 14.30 WIB"
    assert day_text(date(2026, 12, 5)) == "Sabtu, 5 Des 2026"


def test_dates_on_the_item_page_are_not_iso(world):
    item = ready_item(world)
    page = login(item.created_by).get(url(world, "item", pk=item.pk)).content.decode()
    assert "2 Maret 2026" in page
    assert ">2026-03-02<" not in page and "2026-03-02<br" not in page
    assert value_text("2026-03-02T09:15:00+07:00", with_time=True).startswith("2 Maret 2026")


# --- after sign-in ------------------------------------------------------------------------------


def test_sign_in_lands_in_the_workspace_of_ones_only_organization(world):
    officer = world.holder("tim_pelaksana")
    client = Client()
    response = client.post(reverse("login"), {"username": officer.username,
                                              "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == url(world, "inbox")


def test_sign_in_offers_the_choice_among_several_organizations(world):
    other = make_world("bantul", "disnakertrans-bantul")
    officer = world.holder("tim_pelaksana")
    Membership.objects.create(organization=other.org, user=officer)
    client = Client()
    response = client.post(reverse("login"), {"username": officer.username,
                                              "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("workspaces")
    page = response.content.decode()
    assert "Pilih ruang kerja" in page
    for org in (world.org, other.org):
        assert f'href="{reverse("workspace:inbox", kwargs={"org": org.slug})}"' in page


def test_someone_without_an_organization_is_told_so(db):
    loner = get_user_model().objects.create_user("sendiri", password=PASSWORD)
    page = login(loner).get(reverse("workspaces")).content.decode()
    assert "belum menjadi anggota organisasi mana pun" in page



def test_date_inputs_carry_iso_values_whatever_the_language(world):
    """An HTML date input reads only ISO dates; Indonesian's own format (25-10-2009) would
    leave it empty and lose the date on the next save."""
    with translation.override("id"):
        closed = ClosedDayForm(initial={"day": date(2026, 12, 5)})["day"]
        assert 'value="2026-12-05"' in str(closed)
        decree = DecreeForm(initial={"issued_on": date(2026, 12, 5)})["issued_on"]
        assert 'value="2026-12-05"' in str(decree)
