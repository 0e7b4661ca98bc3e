"""Recurring work: an SOP with a schedule starts one item per occurrence, never twice."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse

from tayang.items.models import Item, ScheduledStart
from tayang.items.scheduling import SCHEDULE_USERNAME, start_scheduled
from tayang.orgs.models import Organization
from tayang.procedures.models import ProcedureVersion
from tayang.procedures.services import add_definition

from .world import add_person

DEFINITION = """
tayang: 1
key: informasi-berkala
identity: {organization: Dinas Contoh, name: Pengumuman Informasi Berkala}
roles:
  - {key: ppid, name: PPID Pelaksana}
  - {key: petugas, name: Petugas PPID}
fields:
  - {key: judul, label: Judul, kind: text, title: true}
steps:
  - {key: umumkan, activity: Mengumumkan informasi berkala, kind: handin, roles: [ppid],
     time: 3 hari kerja}
  - {key: sebarkan, activity: Menyebarluaskan, kind: publish, roles: [petugas]}
schedule:
  every: setiap Senin
  at: "08.00"
"""


@pytest.fixture
def world(db):
    org = Organization.objects.create(slug="dinas-berkala", name="Dinas Berkala")
    procedure, version = add_definition(org, DEFINITION, "berkala.yaml", None)
    # The SOP was adopted on Wednesday 2 December 2026 (WIB).
    ProcedureVersion.objects.filter(pk=version.pk).update(
        created_at=datetime(2026, 12, 2, 3, 0, tzinfo=UTC)
    )
    ppid = add_person(org, "berkala.ppid", procedure, ("ppid",))
    return org, procedure, ppid


def test_each_monday_starts_one_item_for_the_ppid(world):
    org, _procedure, ppid = world
    assert start_scheduled(datetime(2026, 12, 6, 12, 0, tzinfo=UTC)) == 0  # before Monday
    monday_nine = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)  # 09.00 WIB
    assert start_scheduled(monday_nine) == 1
    assert start_scheduled(monday_nine) == 0, "an occurrence starts one item, once"
    (item,) = Item.objects.all()
    assert item.created_by.username == SCHEDULE_USERNAME and not item.created_by.is_active
    assert item.step == "umumkan" and item.status == "draft"
    assert item.created_at == monday_nine
    start = ScheduledStart.objects.get()
    assert start.occurrence == datetime(2026, 12, 7, 1, 0, tzinfo=UTC)  # 08.00 WIB
    # In the PPID's inbox, and deletable by them although the schedule made it.
    client = Client()
    client.force_login(ppid)
    inbox = client.get(reverse("workspace:inbox", kwargs={"org": org.slug})).content.decode()
    assert f"/konten/{item.pk}/" in inbox
    page = client.get(reverse("workspace:item", kwargs={"org": org.slug, "pk": item.pk}))
    assert "Hapus draf" in page.content.decode()


def test_a_stopped_worker_catches_up_each_missed_monday_once(world):
    three_weeks_later = datetime(2026, 12, 22, 2, 0, tzinfo=UTC)
    assert start_scheduled(three_weeks_later) == 3  # the 7th, 14th and 21st
    assert start_scheduled(three_weeks_later) == 0
    assert Item.objects.count() == 3
