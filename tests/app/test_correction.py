"""A published item corrected: the public keeps the approved text until the correction is
approved again and published, then sees the new one (issue 12, point 5)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tayang.engine.actions import Approve, HandIn, Publish
from tayang.items.models import Item, Publication
from tayang.items.workflow import create_item, perform
from tayang.orgs.models import Organization
from tayang.procedures.services import add_definition
from tests.engine.test_correction import CAMPUS

from .world import add_person


@pytest.fixture
def world(db):
    org = Organization.objects.create(slug="humas-kampus", name="Humas Universitas Contoh")
    procedure, _ = add_definition(org, CAMPUS, "kampus.yaml", None)
    people = {role: add_person(org, f"kampus.{role}", procedure, (role,))
              for role in ("reporter", "redaktur", "kepala", "admin")}
    item = create_item(procedure, people["reporter"],
                       {"judul": "Wisuda Desember", "naskah": "Sebanyak 900 wisudawan."}).item
    assert perform(item.pk, people["reporter"], HandIn()).ok
    assert perform(item.pk, people["redaktur"], Approve()).ok
    assert perform(item.pk, people["kepala"], Approve()).ok
    assert perform(item.pk, people["admin"], Publish(channels=("website",))).ok
    return org, people, Item.objects.get(pk=item.pk)


def _public(org, item) -> str:
    url = reverse("public:article-short", kwargs={"org": org.slug, "pk": item.pk})
    return Client().get(url, follow=True).content.decode()


def test_the_public_sees_the_correction_only_once_it_is_approved_and_published(world):
    org, people, item = world
    redaktur = Client()
    redaktur.force_login(people["redaktur"])
    page = reverse("workspace:item", kwargs={"org": org.slug, "pk": item.pk})
    assert "Koreksi konten yang sudah tayang" in redaktur.get(page).content.decode()
    form = reverse("workspace:item-correct", kwargs={"org": org.slug, "pk": item.pk})
    refused = redaktur.post(form, {"version": item.version, "judul": "Wisuda Desember",
                                   "naskah": "Sebanyak 912 wisudawan.", "note": "typo"})
    assert refused.status_code == 422
    assert "Alasan koreksi wajib ditulis" in refused.content.decode()
    response = redaktur.post(form, {"version": item.version, "judul": "Wisuda Desember",
                                    "naskah": "Sebanyak 912 wisudawan.",
                                    "note": "Jumlah wisudawan salah ketik."})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.step, item.correcting, item.revision) == (
        "in_progress", "setujui", True, 2
    )
    assert "900 wisudawan" in _public(org, item), "still the approved revision"
    assert "Sedang dikoreksi" in redaktur.get(page).content.decode()

    assert perform(item.pk, people["kepala"], Approve()).ok
    assert perform(item.pk, people["admin"], Publish()).ok
    item.refresh_from_db()
    assert (item.status, item.correcting) == ("finished", False)
    assert "912 wisudawan" in _public(org, item) and "900 wisudawan" not in _public(org, item)
    (website,) = Publication.objects.filter(item=item)
    assert (website.channel, website.revision, website.state) == ("website", 2, "published")
    assert item.log.filter(outcome="correction_started").get().detail == (
        "Jumlah wisudawan salah ketik."
    )


def test_only_the_named_role_may_correct(world):
    org, people, item = world
    admin = Client()
    admin.force_login(people["admin"])
    form = reverse("workspace:item-correct", kwargs={"org": org.slug, "pk": item.pk})
    response = admin.get(form, follow=True)
    assert "hanya dapat dimulai oleh Redaktur" in response.content.decode()


def test_a_scheduled_publication_is_moved_held_and_let_go_by_the_named_roles(world):
    from datetime import UTC, datetime, timedelta

    from django.utils import timezone

    org, people, _ = world
    item = create_item(Item.objects.first().procedure, people["reporter"],
                       {"judul": "Seminar nasional", "naskah": "Seminar digelar di aula."}).item
    assert perform(item.pk, people["reporter"], HandIn()).ok
    assert perform(item.pk, people["redaktur"], Approve()).ok
    assert perform(item.pk, people["kepala"], Approve()).ok
    tomorrow = timezone.now() + timedelta(days=1)
    assert perform(item.pk, people["admin"],
                   Publish(channels=("website",), scheduled_for=tomorrow)).ok
    (website,) = Publication.objects.filter(item=item)
    assert (website.state, website.scheduled) == ("queued", True)

    kepala = Client()
    kepala.force_login(people["kepala"])  # take_down: [kepala, admin]; reschedule by default
    url = reverse("workspace:item-reschedule", kwargs={"org": org.slug, "pk": item.pk})
    said = kepala.post(url, {"waktu": "2030-01-02T08:00"}, follow=True).content.decode()
    assert "Hanya Admin Website yang dapat mengubah jadwal tayang" in said

    admin = Client()
    admin.force_login(people["admin"])
    page = admin.get(reverse("workspace:item", kwargs={"org": org.slug, "pk": item.pk}))
    assert "Tahan penayangan" in page.content.decode()
    said = admin.post(url, {"waktu": "2030-01-02T08:00"}, follow=True).content.decode()
    assert "Jadwal tayang diubah ke Rabu, 2 Jan 2030, pukul 08.00 WIB" in said
    website.refresh_from_db()
    assert website.due_at == datetime(2030, 1, 2, 1, 0, tzinfo=UTC)
    pause = reverse("workspace:item-pause", kwargs={"org": org.slug, "pk": item.pk})
    admin.post(pause, {"tahan": "1"})
    website.refresh_from_db()
    assert website.state == "paused"
    admin.post(pause, {"tahan": "0"})
    website.refresh_from_db()
    assert website.state == "queued"
    assert [e.outcome for e in item.log.filter(action="schedule").order_by("pk")] == [
        "rescheduled", "paused", "resumed"
    ]
