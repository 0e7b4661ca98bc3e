"""The workspace through the browser's eyes (Django's test client): hand-in, the item page, the
register, and the organization admin's own screens."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tayang.engine.actions import ActionKind, HandIn, SendBack
from tayang.engine.machine import allowed_actions
from tayang.items.models import Item, LogEntry, RegisterCounter, WrittenResponse
from tayang.items.workflow import actor_for, perform, state_of
from tayang.orgs.models import Membership, Unit
from tayang.procedures.models import Procedure, ProcedureVersion, RoleGrant
from tayang.sop.bundled import bundled_paths, bundled_sops
from tayang.sop.model import END

from .world import (
    PASSWORD,
    SOP_A,
    SOP_C,
    World,
    add_person,
    drive,
    make_world,
    new_item,
    ready_item,
    snapshot,
)

pytestmark = pytest.mark.django_db

ORG = "dpmptsp-gunungkidul"


@pytest.fixture
def world(db) -> World:
    return make_world("gunungkidul", ORG)


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(world: World, name: str, **kwargs: object) -> str:
    return reverse(f"workspace:{name}", kwargs={"org": world.slug, **kwargs})


def text(response) -> str:
    return response.content.decode()


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def act(client: Client, world: World, item: Item, action: str, **data: object):
    item.refresh_from_db()
    return client.post(url(world, "item-act", pk=item.pk, action=action),
                       {"version": item.version, **data})


# --- hand-in --------------------------------------------------------------------------------------


def test_a_refused_hand_in_lists_what_is_missing_and_changes_nothing(world):
    client = login(world.holder("tim_pelaksana"))
    response = client.post(url(world, "item-create", procedure=SOP_A),
                           {"title": "Sosialisasi perizinan", "caption": "x" * 201})
    item = Item.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(world, "item-edit", pk=item.pk)
    before = snapshot(item)

    response = act(client, world, item, "hand_in")

    # Shown on the edit form, where it is corrected: a summary first, each line a link to the
    # field it is about, and the message beside the field itself.
    assert response.status_code == 422
    assert response.templates[0].name == "workspace/item_form.html"
    page = text(response)
    summary = page.split('id="error-summary"')[1].split("</div>")[0]
    assert "autofocus" in page.split('id="error-summary"')[1].split(">")[0]
    assert "Belum dapat diserahkan: 3 hal perlu diperbaiki" in summary
    for target, missing in (
        ("files-media", "Dokumentasi kegiatan (video dan/atau foto): baru 0 foto/video, "
                        "paling sedikit 5."),
        ("id_narrative", "Narasi berita belum diisi."),
        ("id_caption", "Caption kegiatan terlalu panjang: 201 karakter, paling banyak 200."),
    ):
        assert f'<a href="#{target}">{missing}</a>' in summary
        assert f'id="{target}"' in page
    assert 'aria-describedby="problem-narrative"' in page
    assert 'id="problem-narrative"' in page
    assert snapshot(item) == before
    assert item.register_code == ""
    assert not RegisterCounter.objects.exists()
    assert ">Serahkan</button>" in page  # corrected on this page, handed in again from it


def test_the_register_number_is_given_at_hand_in_per_organization(world):
    other = make_world("bantul", "disnakertrans-bantul")
    year = timezone.localdate(timezone=world.org.zone).year
    ours = [ready_item(world, f"Kegiatan {n}") for n in range(2)]
    theirs = ready_item(other, "Kegiatan Bantul")

    client = login(world.holder("tim_pelaksana"))
    for number, item in enumerate(ours, start=1):
        response = act(client, world, item, "hand_in")
        assert response.status_code == 302
        assert said(response)[-1] == (
            f"Konten telah diserahkan dan mendapat nomor register {number:04d}/{year}."
        )
    response = act(login(other.holder("tim_pelaksana")), other, theirs, "hand_in")
    assert said(response)[-1] == (
        f"Konten telah diserahkan dan mendapat nomor register 0001/{year}."
    )

    page = text(client.get(url(world, "item", pk=ours[1].pk)))
    assert f"0002/{year}" in page
    # Sent back and handed in again: the same number, the counter unchanged.
    item = ours[0]
    assert perform(item.pk, world.holder("tim_pertimbangan"),
                   SendBack("Foto kurang tajam, mohon diganti.")).ok
    response = act(client, world, item, "hand_in")
    assert said(response)[-1] == (
        f"Konten telah diserahkan kembali; nomor register tetap 0001/{year}."
    )
    item.refresh_from_db()
    assert (item.register_number, item.register_year) == (1, year)
    assert RegisterCounter.objects.get(organization=world.org).last_number == 2


def test_register_numbers_start_again_each_year_of_the_organizations_own_zone(db):
    papua = make_world("jayapura", "diskominfo-jayapura", zone="Asia/Jayapura")  # WIT, UTC+9
    late_2025 = datetime(2025, 12, 31, 14, 30, tzinfo=UTC)  # 23.30 WIT, still 2025
    new_year = datetime(2025, 12, 31, 15, 30, tzinfo=UTC)  # 00.30 WIT, already 2026
    later = datetime(2026, 1, 2, 2, 0, tzinfo=UTC)
    numbers = []
    for moment in (late_2025, new_year, later):
        item = ready_item(papua, now=moment)
        assert perform(item.pk, item.created_by, HandIn(), now=moment).ok
        item.refresh_from_db()
        numbers.append(item.register_code)
    assert numbers == ["0001/2025", "0001/2026", "0002/2026"]


# --- the item page --------------------------------------------------------------------------------

ACTION_URL = re.compile(r"/tindakan/([a-z_]+)/")


@pytest.mark.parametrize("where", ["serahkan", "terima", "koreksi", "putuskan", "unggah", END])
def test_the_item_page_shows_only_the_buttons_the_engine_allows(world, where):
    item = ready_item(world) if where == "serahkan" else drive(world, ready_item(world), where)
    sop = item.procedure_version.sop
    people = [world.admin, *world.people.values()]
    for person in people:
        page = text(login(person).get(url(world, "item", pk=item.pk)))
        allowed = set(allowed_actions(sop, state_of(item, sop), actor_for(person,
                                                                           item.procedure)))
        shown = set(ACTION_URL.findall(page))
        expected = {kind.value for kind in allowed} - {"edit"}
        if "cancel" in expected and not item.register_code:
            # A draft never handed in is deleted by its author, not cancelled.
            expected.discard("cancel")
            assert f"/konten/{item.pk}/hapus/" in page, (person, where)
        assert shown == expected, (person, where)
        assert ("Koreksi konten" in page) == (ActionKind.EDIT in allowed), (person, where)
        assert ('id="actions-heading"' in page) == bool(allowed), (person, where)


def test_the_decision_step_shows_the_sops_own_words(world):
    item = drive(world, ready_item(world), "putuskan")
    page = text(login(world.holder("atasan_ppid")).get(url(world, "item", pk=item.pk)))
    assert re.search(r'<button type="submit" class="button button-primary">Ya</button>', page)
    # Sending back is not styled as accepting: an outlined button with a return arrow.
    assert re.search(r'<button type="submit" class="button button-secondary">'
                     r'<span aria-hidden="true">↩</span> Tidak</button>', page)
    assert "Konten akan dikembalikan ke langkah 3." in page


def test_a_refused_send_back_keeps_what_was_typed(world):
    item = drive(world, ready_item(world), "terima")
    client = login(world.holder("tim_pertimbangan"))
    before = snapshot(item)

    response = act(client, world, item, "send_back", response="  Buram ")

    assert response.status_code == 422
    page = text(response)
    assert "Tanggapan tertulis wajib diisi (paling sedikit 10 karakter)" in page
    assert re.search(r'<textarea id="response" name="response"[^>]*>\s*Buram\s*</textarea>', page)
    assert snapshot(item) == before
    assert not WrittenResponse.objects.exists()

    typed = "Buram; mohon ganti foto 2 dan 4 dengan yang lebih tajam."
    response = act(client, world, item, "send_back", response=typed)
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.step) == ("returned", "serahkan")
    page = text(login(world.holder("tim_pelaksana")).get(url(world, "item", pk=item.pk)))
    assert typed in page


def test_a_person_without_the_role_is_told_who_may_act(world):
    item = drive(world, ready_item(world), "koreksi")
    before = snapshot(item)
    response = act(login(world.holder("admin_medsos")), world, item, "approve")
    assert response.status_code == 422
    assert ("Langkah 3 hanya dapat dikerjakan oleh Tim Pertimbangan Pelayanan Informasi."
            in text(response))
    assert snapshot(item) == before
    response = login(world.holder("admin_medsos")).get(url(world, "item-edit", pk=item.pk))
    assert response["Location"] == url(world, "item", pk=item.pk)
    assert said(response) == [
        "Langkah 3 hanya dapat dikerjakan oleh Tim Pertimbangan Pelayanan Informasi."
    ]


# --- the register ---------------------------------------------------------------------------------


@pytest.fixture
def register(world):
    """Handed-in items at known moments (WIB), a draft, and another organization's item."""
    other = make_world("bantul", "disnakertrans-bantul")
    secretariat, division = world.units
    plan = [  # title, unit, hand-in moment (UTC), how far it goes
        ("Pameran produk UMKM unggulan", division, datetime(2025, 12, 20, 3, 0, tzinfo=UTC),
         END),
        ("Sosialisasi perizinan berusaha", division, datetime(2026, 3, 2, 3, 0, tzinfo=UTC),
         "terima"),
        # 20.00 UTC on the 9th is already 03.00 WIB on the 10th.
        ("Rapat koordinasi pengawasan harga", secretariat,
         datetime(2026, 3, 9, 20, 0, tzinfo=UTC), "putuskan"),
    ]
    items = {}
    for title, unit, moment, target in plan:
        item = ready_item(world, title, unit=unit, now=moment)
        assert perform(item.pk, item.created_by, HandIn(), now=moment).ok
        items[title] = drive(world, item, target, now=moment)
    ready_item(world, "Draf pelatihan kerja")  # never handed in: not in the register
    hidden = ready_item(other, "Pameran produk UMKM Bantul")
    assert perform(hidden.pk, hidden.created_by, HandIn()).ok
    return items


def rows(response) -> list[str]:
    assert response.status_code == 200
    body = text(response).split("<tbody>")[1].split("</tbody>")[0]
    return re.findall(r'<a href="/kerja/[^"]+/konten/\d+/">([^<]+)</a>', body)


def test_the_register_lists_handed_in_items_newest_number_first(world, register):
    client = login(world.holder("admin_medsos"))
    assert rows(client.get(url(world, "register"))) == [
        "Rapat koordinasi pengawasan harga", "Sosialisasi perizinan berusaha",
        "Pameran produk UMKM unggulan",
    ]
    page = text(client.get(url(world, "register")))
    assert "0001/2025" in page and "0002/2026" in page
    assert "Draf pelatihan kerja" not in page
    assert "Bantul" not in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "umkm"}, ["Pameran produk UMKM unggulan"]),
        ({"q": "Wonosari"}, ["Rapat koordinasi pengawasan harga",  # found in the content
                             "Sosialisasi perizinan berusaha", "Pameran produk UMKM unggulan"]),
        ({"q": "0002/2026"}, ["Rapat koordinasi pengawasan harga"]),
        ({"q": "1/2025"}, ["Pameran produk UMKM unggulan"]),
        ({"status": "finished"}, ["Pameran produk UMKM unggulan"]),
        ({"status": "in_progress"}, ["Rapat koordinasi pengawasan harga",
                                     "Sosialisasi perizinan berusaha"]),
        ({"sop": SOP_A, "tahun": "2026"}, ["Rapat koordinasi pengawasan harga",
                                            "Sosialisasi perizinan berusaha"]),
        ({"sop": SOP_C}, []),
        ({"dari": "2026-03-10"}, ["Rapat koordinasi pengawasan harga"]),
        ({"dari": "2026-01-01", "sampai": "2026-03-09"}, ["Sosialisasi perizinan berusaha"]),
    ],
)
def test_the_register_search_and_filters(world, register, query, expected):
    client = login(world.holder("tim_pelaksana"))
    assert rows(client.get(url(world, "register"), query)) == expected


def test_the_register_filters_by_unit(world, register):
    client = login(world.admin)
    secretariat, division = world.units
    assert rows(client.get(url(world, "register"), {"unit": secretariat.pk})) == [
        "Rapat koordinasi pengawasan harga"
    ]
    assert len(rows(client.get(url(world, "register"), {"unit": division.pk}))) == 2


def test_wrong_register_filters_are_reported_not_obeyed(world, register):
    client = login(world.admin)
    response = client.get(url(world, "register"), {"tahun": "tahun-lalu", "dari": "kemarin",
                                                   "status": "hilang"})
    page = text(response)
    assert "Tahun: Masukkan" in page
    assert "Diserahkan dari: Masukkan tanggal yang valid." in page
    assert "Status: Masukkan pilihan yang valid." in page
    assert len(rows(response)) == 3  # the wrong filters are left out, not guessed at


# --- the organization's admin ---------------------------------------------------------------------


def test_the_admin_adds_a_member_and_grants_a_role(world):
    client = login(world.admin)
    secretariat = world.units[0]
    response = client.post(url(world, "manage-members"), {
        "action": "create", "baru-local_name": "budi", "baru-full_name": "Budi Santoso",
        "baru-password": PASSWORD + "-7x", "baru-unit": secretariat.pk,
        "baru-position": "Pranata Humas",
    })
    membership = Membership.objects.get(user__username="gunungkidul.budi")
    assert response.status_code == 302
    assert response["Location"] == url(world, "manage-member", pk=membership.pk)
    user = membership.user
    assert (user.first_name, user.last_name) == ("Budi", "Santoso")
    assert (membership.organization, membership.unit, membership.is_admin) == (
        world.org, secretariat, False
    )
    newcomer = Client()
    assert newcomer.login(username="gunungkidul.budi", password=PASSWORD + "-7x")
    # Without a role Budi sees the workspace but may not start content.
    assert newcomer.get(url(world, "item-create", procedure=SOP_A)).status_code == 302

    response = client.post(url(world, "manage-member", pk=membership.pk), {
        "unit": secretariat.pk, "position": "Pranata Humas", "is_active": "on",
        f"roles_{world.procedure.pk}": ["tim_pelaksana", "admin_medsos"],
    })
    assert response.status_code == 302
    assert set(RoleGrant.objects.filter(membership=membership).values_list(
        "role_key", flat=True)) == {"tim_pelaksana", "admin_medsos"}
    assert newcomer.get(url(world, "item-create", procedure=SOP_A)).status_code == 200

    # Taking a role away again.
    client.post(url(world, "manage-member", pk=membership.pk), {
        "is_active": "on", f"roles_{world.procedure.pk}": ["admin_medsos"],
    })
    assert list(RoleGrant.objects.filter(membership=membership).values_list(
        "role_key", flat=True)) == ["admin_medsos"]


def test_adding_members_explains_what_is_wrong(world):
    client = login(world.admin)
    response = client.post(url(world, "manage-members"), {
        "action": "invite", "undang-username": "gunungkidul.tim_pelaksana"})
    assert response.status_code == 422
    assert "Orang ini sudah menjadi anggota organisasi." in text(response)
    response = client.post(url(world, "manage-members"), {
        "action": "create", "baru-local_name": "orang.baru", "baru-full_name": "Orang Baru"})
    assert response.status_code == 422
    assert "Bidang ini tidak boleh kosong." in text(response)  # the first password
    response = client.post(url(world, "manage-members"), {
        "action": "create", "baru-local_name": "orang.baru", "baru-full_name": "Orang Baru",
        "baru-password": "pendek"})
    assert response.status_code == 422
    assert "minimal 12 karakter" in text(response) or "terlalu pendek" in text(response)
    assert not get_user_model().objects.filter(username="gunungkidul.orang.baru").exists()


def test_the_admin_cannot_take_away_their_own_admin_right(world):
    own = Membership.objects.get(user=world.admin)
    response = login(world.admin).post(url(world, "manage-member", pk=own.pk),
                                       {"is_active": "on"})
    assert response.status_code == 422
    assert "Anda tidak dapat mencabut hak admin" in text(response)
    own.refresh_from_db()
    assert own.is_admin


def test_the_admin_adds_a_unit_once(world):
    client = login(world.admin)
    response = client.post(url(world, "manage-units"), {"name": "Balai Latihan Kerja",
                                                         "kind": "balai"})
    assert response.status_code == 302
    assert Unit.objects.filter(organization=world.org, name="Balai Latihan Kerja",
                               kind="balai").exists()
    assert "Unit «Balai Latihan Kerja» ditambahkan." in said(response)
    response = client.post(url(world, "manage-units"), {"name": "Balai Latihan Kerja",
                                                         "kind": "balai"})
    assert response.status_code == 422
    assert "Unit dengan nama ini sudah ada." in text(response)
    assert Unit.objects.filter(organization=world.org).count() == 3


def test_the_admin_adopts_a_bundled_sop(world):
    client = login(world.admin)
    response = client.post(url(world, "manage-procedures"), {"adopt": "1",
                                                              "bundled_key": SOP_C})
    assert response.status_code == 302
    assert response["Location"] == url(world, "manage-procedure", procedure=SOP_C)
    procedure = Procedure.objects.get(organization=world.org, key=SOP_C)
    path = next(p for p in bundled_paths() if str(p) == bundled_sops()[SOP_C].source)
    assert procedure.current.number == 1
    assert procedure.current.text == Path(path).read_text(encoding="utf-8")
    page = text(client.get(url(world, "manage-procedure", procedure=SOP_C)))
    for role in bundled_sops()[SOP_C].roles:
        assert role.name in page
    # Adopting it again adds nothing.
    client.post(url(world, "manage-procedures"), {"adopt": "1", "bundled_key": SOP_C})
    assert procedure.versions.count() == 1


BROKEN = """\
tayang: 1
key: contoh
identity:
  organization: Dinas Contoh
  name: SOP Contoh
roles:
  - key: peliput
    name: Peliput
steps:
  - key: serahkan
    activity: Menyerahkan bahan
    kind: handin
    roles: [penulis]
"""


def _definition(name: str, content: str | bytes) -> SimpleUploadedFile:
    data = content.encode() if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, "application/x-yaml")


def test_a_broken_definition_shows_file_and_line_and_saves_nothing(world):
    client = login(world.admin)
    before = (Procedure.objects.count(), ProcedureVersion.objects.count())
    response = client.post(url(world, "manage-procedures"), {
        "upload": "1", "definition": _definition("contoh.yaml", BROKEN),
    })
    assert response.status_code == 422
    page = text(response)
    assert "Definisi ditolak; tidak ada yang disimpan." in page
    assert re.search(r"<code>contoh\.yaml:13: steps\[0\]\.roles[^<]*penulis", page), page
    assert (Procedure.objects.count(), ProcedureVersion.objects.count()) == before

    response = client.post(url(world, "manage-procedures"), {
        "upload": "1", "definition": _definition("sop.docx", b"PK\x03\x04\xff\xfe\x00bukan"),
    })
    assert response.status_code == 422
    assert "Berkas definisi harus berupa teks UTF-8" in text(response)
    assert (Procedure.objects.count(), ProcedureVersion.objects.count()) == before


def test_a_new_version_applies_to_new_items_while_started_ones_keep_theirs(world):
    started = ready_item(world, "Dimulai dengan versi 1", photos=3)
    in_review = drive(world, ready_item(world, "Sedang diperiksa"), "koreksi")
    v1 = world.procedure.current
    text_v2 = v1.text.replace("min_count: 5", "min_count: 3").replace(
        "Dokumentasi minimal 5", "Dokumentasi minimal 3"
    )
    assert text_v2 != v1.text

    response = login(world.admin).post(url(world, "manage-procedures"), {
        "upload": "1", "definition": _definition("sop-a-revisi.yaml", text_v2),
    })

    assert response.status_code == 302
    assert said(response) == [
        f"Definisi diterima sebagai versi 2 dari «{world.procedure.name}»."
    ]
    assert world.procedure.current.number == 2
    for item in (started, in_review):
        item.refresh_from_db()
        assert item.procedure_version == v1
    # The draft started under version 1 still needs five photos...
    author = login(world.holder("tim_pelaksana"))
    response = act(author, world, started, "hand_in")
    assert response.status_code == 422
    assert "paling sedikit 5" in text(response)
    # ...the item in review goes on under version 1...
    assert act(login(world.holder("tim_pertimbangan")), world, in_review, "approve",
               response="Dokumentasi dan narasi sudah diperiksa.").status_code == 302
    in_review.refresh_from_db()
    assert (in_review.step, in_review.procedure_version.number) == ("putuskan", 1)
    # ...and a new item follows version 2: three photos are enough.
    fresh = ready_item(world, "Dimulai dengan versi 2", photos=3)
    assert fresh.procedure_version.number == 2
    assert act(author, world, fresh, "hand_in").status_code == 302
    fresh.refresh_from_db()
    assert fresh.status == "in_progress"
    assert LogEntry.objects.filter(item=fresh, action="hand_in").count() == 1


def test_a_role_holder_of_another_sop_version_keeps_the_role(world):
    """Grants belong to the SOP, not to a version: a new version needs no new grants."""
    text_v2 = world.procedure.current.text.replace("Dokumentasi minimal 5",
                                                   "Dokumentasi paling sedikit 5")
    login(world.admin).post(url(world, "manage-procedures"), {
        "upload": "1", "definition": _definition("revisi.yaml", text_v2),
    })
    assert world.procedure.current.number == 2
    client = login(world.holder("tim_pelaksana"))
    assert client.get(url(world, "item-create", procedure=SOP_A)).status_code == 200
    newcomer = add_person(world.org, "gunungkidul.peliput_baru", world.procedure,
                          ("tim_pelaksana",))
    item = new_item(world, author=newcomer)
    assert item.procedure_version.number == 2


def test_the_register_search_looks_at_the_words_not_at_field_names(world, register):
    """The stored content also holds field keys ("media", "caption") and file ids."""
    client = login(world.admin)
    for word in ("media", "caption", "narrative", "id", "alt"):
        assert rows(client.get(url(world, "register"), {"q": word})) == [], word
    assert rows(client.get(url(world, "register"), {"q": "balai desa"})) == [
        "Rapat koordinasi pengawasan harga", "Sosialisasi perizinan berusaha",
        "Pameran produk UMKM unggulan",
    ]
