"""WhatsApp Business Cloud API: template messages and the errors Meta documents.

Against a local server following the Cloud API's endpoint and Graph error bodies
(tests/notify/fakes/whatsapp.py).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tayang.notify import dispatch
from tayang.notify.models import Delivery, Messaging, Notification
from tayang.notify.models.accounts import WHATSAPP_TOKEN
from tests.app.world import make_world
from tests.notify.fakes.whatsapp import PHONE_NUMBER_ID, TOKEN, FakeWhatsApp
from tests.notify.kit import hand_in, reachable, run_worker

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")
NOON = datetime(2026, 3, 2, 12, tzinfo=WIB)
NUMBER = "6281234567890"


@pytest.fixture
def meta(settings):
    fake = FakeWhatsApp().start()
    settings.TAYANG_CHANNEL_API_BASES = {"whatsapp": fake.base}
    yield fake
    fake.stop()


@pytest.fixture
def world(meta):
    world = make_world("diy", "dinsos-uji")
    messaging = Messaging(organization=world.org, whatsapp_enabled=True,
                          whatsapp_phone_number_id=PHONE_NUMBER_ID,
                          whatsapp_templates={"umum": "tayang_pemberitahuan"})
    messaging.set_secrets({WHATSAPP_TOKEN: TOKEN})
    messaging.save()
    reachable(world, by_email=False, by_whatsapp=True, whatsapp_number=NUMBER)
    return world


def delivery() -> Delivery:
    return Delivery.objects.get(medium="whatsapp",
                                notification__user__username="diy.tim_pertimbangan")


def test_an_arrival_is_an_approved_template_with_three_parameters(world, meta):
    item = hand_in(world, NOON)
    assert run_worker(NOON) == ["sent"]
    [sent] = meta.sent
    assert (sent["to"], sent["template"], sent["language"]) == (NUMBER, "tayang_pemberitahuan",
                                                                "id")
    title, text, link = sent["parameters"]
    assert title == "Menunggu Anda: Sosialisasi layanan perizinan"
    assert "Langkah 2" in text
    assert link.endswith(f"/kerja/dinsos-uji/konten/{item.pk}/")
    # No PIN yet: the body says, on its one line, how to get a decision link next time.
    assert "\n" not in text
    assert text.endswith("Atur PIN keputusan di http://127.0.0.1:8000/profil/pin/ agar pesan "
                         "berikutnya memuat tautan untuk memutuskan langsung dari ponsel.")
    assert delivery().external_id == sent["id"]
    assert delivery().sent_to == "62812****7890"


@pytest.mark.parametrize("code", [130429, 131056])
def test_rate_limits_are_retried_with_backoff(world, meta, code):
    hand_in(world, NOON)
    meta.rate_limits.append(code)
    assert run_worker(NOON) == ["retrying"]
    row = delivery()
    assert "membatasi" in row.error and f"({code})" in row.error_detail
    assert dispatch.send(row.pk, now=NOON) == "skipped"  # not before its time
    assert dispatch.send(row.pk, now=row.due_at) == "sent"
    assert len(meta.sent) == 1


def test_a_template_not_approved_fails_at_once_and_the_admin_is_told(world, meta):
    Messaging.objects.filter(organization=world.org).update(
        whatsapp_templates={"umum": "pemberitahuan_baru"})
    hand_in(world, NOON)
    assert run_worker(NOON) == ["failed"]
    row = delivery()
    assert "templat «pemberitahuan_baru»" in row.error
    assert "(132001)" in row.error_detail
    assert row.attempts == 1  # retrying cannot help: the admin must act
    assert Notification.objects.filter(user=world.admin, kind="delivery_failed").exists()


def test_a_number_without_whatsapp_fails_with_advice_to_its_person(world, meta):
    meta.unreachable.add(NUMBER)
    hand_in(world, NOON)
    assert run_worker(NOON) == ["failed"]
    assert "tidak dapat menerima pesan WhatsApp" in delivery().error


def test_a_kind_with_a_template_of_its_own_uses_it(world, meta):
    meta.templates[("tayang_menunggu", "id")] = 3
    Messaging.objects.filter(organization=world.org).update(whatsapp_templates={
        "umum": "tayang_pemberitahuan", "arrived": "tayang_menunggu"})
    hand_in(world, NOON)
    run_worker(NOON)
    assert [s["template"] for s in meta.sent] == ["tayang_menunggu"]


def test_a_many_line_digest_is_sent_on_one_line(world, meta):
    from tayang.notify.announce import announce
    from tayang.notify.compose import Words
    from tayang.notify.models import Kind

    person = world.holder("tim_pertimbangan")
    announce([person], kind=Kind.DIGEST, organization=world.org, key="digest:test",
             words=Words("Ringkasan harian: 2 konten menunggu Anda", "1. A\n2. B"), at=NOON,
             link="/kerja/dinsos-uji/")
    assert run_worker(NOON) == ["sent"]
    assert meta.sent[0]["parameters"][1] == "1. A 2. B"


def test_a_success_answer_nested_past_the_recursion_limit_is_unreadable_not_a_bug(world, meta):
    """Meta took the message (200) but its answer cannot be parsed: maybe sent, never twice."""
    hand_in(world, NOON)
    meta.fail("POST", r"/messages$", 200, b"[" * 200_000, after_handler=True)
    assert run_worker(NOON) == ["retrying"]
    row = delivery()
    assert row.error == "Jawaban WhatsApp tidak dapat dibaca. Tayang akan mencoba lagi."
    assert dispatch.send(row.pk, now=row.due_at) == "uncertain"
    assert len(meta.sent) == 1
