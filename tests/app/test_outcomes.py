"""Refused and cancelled items stay in the register and are never public; drafts are deleted."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tayang.engine.actions import Cancel, HandIn
from tayang.items.models import Item, WrittenResponse
from tayang.media.models import MediaAsset

from .world import act, drive, make_world, ready_item


@pytest.fixture
def world(db):
    return make_world("gunungkidul", "dpmptsp-gunungkidul")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_cancelled_item_keeps_its_number_in_the_register(world):
    item = drive(world, ready_item(world), "terima")
    author = item.created_by
    result = act(item, author, Cancel("Kegiatan ditunda oleh panitia penyelenggara."))
    assert result.ok, result.message
    item.refresh_from_db()
    assert (item.status, item.step, item.register_number) == ("cancelled", "", 1)
    register = _client(world.admin).get(
        reverse("workspace:register", kwargs={"org": world.slug})
    ).content.decode()
    assert item.register_code in register and "Dibatalkan" in register
    filtered = _client(world.admin).get(
        reverse("workspace:register", kwargs={"org": world.slug}) + "?status=cancelled"
    ).content.decode()
    assert item.register_code in filtered
    # Not in anyone's inbox any more.
    inbox = _client(world.holder("tim_pertimbangan")).get(
        reverse("workspace:inbox", kwargs={"org": world.slug})
    ).content.decode()
    assert item.title not in inbox


def test_the_cancel_form_is_offered_to_the_author_only_and_needs_a_reason(world):
    item = drive(world, ready_item(world), "terima")
    url = reverse("workspace:item", kwargs={"org": world.slug, "pk": item.pk})
    assert "Batalkan konten" in _client(item.created_by).get(url).content.decode()
    assert "Batalkan konten" not in _client(world.holder("tim_pertimbangan")).get(
        url).content.decode()
    act_url = reverse("workspace:item-act",
                      kwargs={"org": world.slug, "pk": item.pk, "action": "cancel"})
    response = _client(item.created_by).post(act_url, {"version": item.version, "reason": "x"})
    assert response.status_code == 422
    assert "Alasan pembatalan wajib ditulis" in response.content.decode()
    item.refresh_from_db()
    assert item.status == "in_progress"


def test_a_draft_is_deleted_with_its_files_by_its_author_only(
    world, django_capture_on_commit_callbacks
):
    item = ready_item(world, photos=2)
    files = [asset.file.path for asset in MediaAsset.objects.filter(item=item)]
    other = world.holder("tim_pertimbangan")
    delete_url = reverse("workspace:item-delete", kwargs={"org": world.slug, "pk": item.pk})
    assert _client(other).post(delete_url, {"version": item.version}).status_code == 302
    assert Item.objects.filter(pk=item.pk).exists(), "only its author may delete a draft"
    with django_capture_on_commit_callbacks(execute=True):  # files go once the rows are gone
        response = _client(item.created_by).post(delete_url, {"version": item.version})
    assert response.status_code == 302
    assert not Item.objects.filter(pk=item.pk).exists()
    assert not MediaAsset.objects.filter(item_id=item.pk).exists()
    assert files and not any(Path(path).exists() for path in files)


def test_a_handed_in_item_cannot_be_deleted_only_cancelled(world):
    item = ready_item(world)
    assert act(item, item.created_by, HandIn()).ok
    item.refresh_from_db()
    delete_url = reverse("workspace:item-delete", kwargs={"org": world.slug, "pk": item.pk})
    response = _client(item.created_by).post(delete_url, {"version": item.version}, follow=True)
    assert "tidak dapat dihapus" in response.content.decode()
    assert Item.objects.filter(pk=item.pk).exists()


def test_nothing_written_for_a_cancellation_but_the_history(world):
    item = drive(world, ready_item(world), "koreksi")
    assert act(item, item.created_by, Cancel("Materi sudah tidak relevan lagi.")).ok
    # Only the Tim Pertimbangan's answer on accepting it at step 2; nothing for cancelling.
    assert not WrittenResponse.objects.filter(item=item).exclude(kind="accepted").exists()
    assert item.log.filter(outcome="cancelled").get().detail == "Materi sudah tidak relevan lagi."
