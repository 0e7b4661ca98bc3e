"""The link a message asking someone to act carries, as the real SMTP server receives it.

Seed C: an item routed as "kebijakan" reaches the Kepala Dinas (a decision step). With a PIN,
the message carries the Kepala Dinas's own decision link. Without one, it carries the item's
page in the workspace — never a decision link that cannot be used — and one sentence saying
how to have a decision link next time; with a locked PIN, the sentence says who unlocks it.
A step where nobody decides from a link (the editor's, the author's) gets no such sentence.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from tayang.decisions.models import DecisionLink, DecisionPin
from tayang.decisions.pins import MAX_FAILURES, check_pin
from tayang.engine.actions import SendBack
from tayang.items.workflow import perform
from tests.app.decision_kit import KEPALA, KEPALA_STEP, seed_c_item, seed_c_world, with_pin
from tests.app.world import make_world
from tests.notify.kit import address, hand_in, reachable, run_worker
from tests.notify.smtp import Mailbox, Received

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")
NOON = datetime(2026, 3, 2, 12, tzinfo=WIB)
TITLE = "Kebijakan penyaluran bantuan lansia"
BASE = "https://tayang.dinsos.example.go.id"
LINKS = re.compile(r"https?://\S+")


@pytest.fixture
def world(settings):
    settings.TAYANG_PUBLIC_BASE_URL = BASE
    world = seed_c_world()
    reachable(world, quiet_enabled=False)
    return world


def arrival_at_kepala(world, smtp: Mailbox) -> tuple[Received, int]:
    """Drive an item to the Kepala Dinas, let the worker send everything; the Kepala Dinas's
    arrival mail and the item's id."""
    item = seed_c_item(world, TITLE, now=NOON)
    assert item.step == KEPALA_STEP
    assert "sent" in run_worker(NOON)  # the earlier steps' arrivals are over: not sent
    [mail] = [m for m in smtp.to(address(world.holder(KEPALA)))
              if m.subject == f"Menunggu Anda: {TITLE}"]
    return mail, item.pk


def workspace_page(world, pk: int) -> str:
    return BASE + reverse("workspace:item", kwargs={"org": world.slug, "pk": pk})


def test_without_a_pin_the_workspace_link_and_one_sentence_on_setting_one(world, smtp):
    mail, pk = arrival_at_kepala(world, smtp)
    text = mail.said
    assert "/putuskan/" not in mail.text
    assert DecisionLink.objects.count() == 0  # nothing issued that nobody could use
    pin_page = BASE + reverse("decisions:pin")
    assert LINKS.findall(text) == [workspace_page(world, pk), pin_page]
    note = (f"Atur PIN keputusan di {pin_page} agar pesan berikutnya memuat tautan untuk "
            "memutuskan langsung dari ponsel.")
    assert text.endswith(f"{workspace_page(world, pk)}\n\n{note}")  # after the link


def test_with_a_pin_the_persons_own_decision_link_and_no_note(world, smtp):
    with_pin(world.holder(KEPALA))
    mail, _ = arrival_at_kepala(world, smtp)
    message = mail.said
    [link] = LINKS.findall(message)
    assert link.startswith(f"{BASE}/putuskan/#")
    assert "PIN" not in message
    assert DecisionLink.objects.get().user == world.holder(KEPALA)


def test_with_a_locked_pin_the_workspace_link_and_who_unlocks_it(world, smtp):
    kepala = with_pin(world.holder(KEPALA))
    for _ in range(MAX_FAILURES):
        check_pin(kepala.pk, "905173")
    assert DecisionPin.objects.get(user=kepala).is_locked
    mail, pk = arrival_at_kepala(world, smtp)
    message = mail.said
    assert LINKS.findall(message) == [workspace_page(world, pk)]
    assert message.endswith(
        "Tautan keputusan Anda dikunci setelah PIN salah 5 kali; minta admin organisasi "
        "membukanya (Kelola › Tautan keputusan) agar pesan berikutnya memuat tautan lagi.")
    assert DecisionLink.objects.count() == 0


def test_a_step_nobody_decides_from_a_link_gets_no_note(smtp, settings):
    """Seed A: the review board sends an item back to its author's hand-in step. The author's
    message links to the item in the workspace, with the response, and says nothing of PINs
    (nobody decides a hand-in from a link)."""
    settings.TAYANG_PUBLIC_BASE_URL = BASE
    world = make_world("gk", "dpmptsp-uji")
    reachable(world, quiet_enabled=False)
    item = hand_in(world, NOON)
    response = "Narasi belum menyebut jumlah peserta dan narasumber; mohon dilengkapi."
    assert perform(item.pk, world.holder("tim_pertimbangan"), SendBack(response), now=NOON).ok
    run_worker(NOON)
    [mail] = [m for m in smtp.to(address(world.holder("tim_pelaksana")))
              if m.subject.startswith("Dikembalikan: ")]
    assert response in mail.said
    assert LINKS.findall(mail.said) == [workspace_page(world, item.pk)]
    assert "PIN" not in mail.said
