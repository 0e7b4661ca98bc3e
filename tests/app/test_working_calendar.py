"""An organization keeps its own closed days; an SOP in working days counts with them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse

from tayang.engine.actions import HandIn
from tayang.items.workflow import create_item, perform
from tayang.orgs.models import ClosedDay, Organization
from tayang.procedures.services import add_definition

from .world import add_person

DEFINITION = """
tayang: 1
key: hari-kerja
identity: {organization: Dinas Contoh, name: Publikasi}
roles:
  - {key: staf, name: Staf}
  - {key: kabid, name: Kepala Bidang}
fields:
  - {key: judul, label: Judul, kind: text, title: true}
steps:
  - {key: serahkan, activity: Menyerahkan, kind: handin, roles: [staf]}
  - {key: periksa, activity: Memeriksa, kind: review, roles: [kabid], reject: serahkan,
     time: 2 hari kerja}
  - {key: tayangkan, activity: Menayangkan, kind: publish, roles: [kabid]}
"""


@pytest.fixture
def world(db):
    org = Organization.objects.create(slug="dinas-kerja", name="Dinas Kerja",
                                      timezone="Asia/Makassar")
    procedure, _ = add_definition(org, DEFINITION, "kerja.yaml", None)
    staf = add_person(org, "kerja.staf", procedure, ("staf",))
    admin = add_person(org, "kerja.kelola", None, (), admin=True)
    return org, procedure, staf, admin


def test_the_admin_adds_a_closed_day_and_hand_ins_count_around_it(world):
    org, procedure, staf, admin = world
    client = Client()
    client.force_login(admin)
    url = reverse("workspace:manage-calendar", kwargs={"org": org.slug})
    page = client.get(url + "?tahun=2026").content.decode()
    assert "Cuti Bersama Hari Raya Natal" in page and "Kamis, 24 Desember 2026" in page
    response = client.post(url, {"day": "2026-12-08", "reason": "Hari Jadi Kabupaten"})
    assert response.status_code == 302
    again = client.post(url, {"day": "2026-12-08", "reason": "Dua kali"})
    assert again.status_code == 422
    assert "sudah tercatat" in again.content.decode()
    assert list(ClosedDay.objects.values_list("reason", flat=True)) == ["Hari Jadi Kabupaten"]

    # Handed in on Monday 7 December 2026, 10.00 WITA: the 8th is closed, so two working
    # days are the 9th and the 10th; the review is due at the end of Thursday the 10th.
    monday = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)
    item = create_item(procedure, staf, {"judul": "Rapat"}, now=monday).item
    assert perform(item.pk, staf, HandIn(), now=monday).ok
    item.refresh_from_db()
    assert item.due_limit == datetime(2026, 12, 10, 16, 0, tzinfo=UTC)  # 11 Dec 00.00 WITA

    page = client.get(url + "?tahun=2026").content.decode()
    assert "Selasa, 8 Desember 2026" in page
    remove = ClosedDay.objects.get().pk
    assert client.post(url + "?tahun=2026", {"remove": remove}).status_code == 302
    assert not ClosedDay.objects.exists()


def test_a_closed_day_of_another_organization_is_out_of_reach(world):
    org, _, _, admin = world
    other = Organization.objects.create(slug="lain", name="Dinas Lain")
    theirs = ClosedDay.objects.create(organization=other, day="2026-12-08", reason="Milik lain")
    client = Client()
    client.force_login(admin)
    url = reverse("workspace:manage-calendar", kwargs={"org": org.slug})
    client.post(url, {"remove": theirs.pk})
    assert ClosedDay.objects.filter(pk=theirs.pk).exists()
