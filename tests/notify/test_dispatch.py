"""Sending a delivery over real SMTP: retries, refusals, the uncertain moment, never twice.

The action that caused a message never waits for, or fails with, its sending.
"""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from tayang.notify import actions, compose, dispatch
from tayang.notify.media.base import without_links
from tayang.notify.models import Delivery, Notification, Preference
from tayang.outbox.journal import UNCERTAIN
from tests.app.world import make_world
from tests.notify.kit import address, hand_in, reachable, run_worker
from tests.notify.smtp import free_port, smtp_mailers, with_timeout

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")
NOON = datetime(2026, 3, 2, 12, tzinfo=WIB)


@pytest.fixture
def world():
    world = make_world("diy", "dinsos-uji")
    reachable(world, quiet_enabled=False)
    return world


def the_delivery() -> Delivery:
    return Delivery.objects.get(notification__user__username="diy.tim_pertimbangan")


def test_a_server_that_is_down_never_blocks_the_hand_in(world, settings):
    settings.MAILERS = smtp_mailers(free_port(), timeout=2)  # nobody listens there
    item = hand_in(world, NOON)
    item.refresh_from_db()
    assert item.step == "terima"  # handed in, whatever the mail server does
    assert run_worker(NOON) == ["retrying"]
    row = the_delivery()
    assert row.error == "Tidak dapat terhubung ke server e-mail. Tayang akan mencoba lagi."
    assert row.journal.get(UNCERTAIN) is False  # nothing reached a server


def test_a_busy_server_is_retried_with_backoff(world, smtp):
    hand_in(world, NOON)
    smtp.busy()
    assert run_worker(NOON) == ["retrying"]
    row = the_delivery()
    assert "menolak sementara" in row.error and row.error_detail.startswith("421")
    assert row.due_at > NOON
    assert dispatch.send(row.pk, now=row.due_at) == "sent"
    assert len(smtp.messages()) == 1


def test_a_refused_address_fails_at_once_and_shows_where_people_look(world, smtp, client):
    reviewer = world.holder("tim_pertimbangan")
    smtp.refuse(address(reviewer))
    hand_in(world, NOON)
    assert run_worker(NOON) == ["failed"]
    row = the_delivery()
    assert row.attempts == 1 and "Periksa alamat e-mail" in row.error
    [notice] = Notification.objects.filter(user=world.admin, kind="delivery_failed")
    assert notice.title == "Pemberitahuan gagal terkirim ke Tim Pertimbangan (E-mail)"
    client.force_login(reviewer)
    page = client.get("/pemberitahuan/").content.decode()
    assert "E-mail: gagal" in page and "Kirim ulang" in page


def test_giving_up_after_the_last_attempt(world, smtp, settings):
    settings.TAYANG_NOTIFY_MAX_ATTEMPTS = 3
    hand_in(world, NOON)
    smtp.busy(times=3)
    outcomes = []
    for _ in range(3):
        row = the_delivery()
        outcomes.append(dispatch.send(row.pk, now=row.due_at))
    assert outcomes == ["retrying", "retrying", "failed"]
    assert the_delivery().error.endswith("Sudah dicoba 3 kali.")


def test_cut_off_before_the_final_dot_is_sent_again(world, smtp, settings):
    with_timeout(settings, 1)
    reviewer = world.holder("tim_pertimbangan")
    smtp.hang_at_rcpt(address(reviewer))
    hand_in(world, NOON)
    assert run_worker(NOON) == ["retrying"]
    row = the_delivery()
    assert row.journal[UNCERTAIN] is False  # the server never had the message
    assert dispatch.send(row.pk, now=row.due_at) == "sent"
    assert [m.to for m in smtp.messages()] == [address(reviewer)]


def test_cut_off_after_the_final_dot_is_never_sent_twice_blindly(world, smtp, settings):
    with_timeout(settings, 1)
    reviewer = world.holder("tim_pertimbangan")
    smtp.hang_after_data(address(reviewer))
    hand_in(world, NOON)
    assert run_worker(NOON) == ["retrying"]
    row = the_delivery()
    assert row.journal[UNCERTAIN] is True
    assert dispatch.send(row.pk, now=row.due_at) == "uncertain"
    row.refresh_from_db()
    assert row.state == "uncertain" and "tekan Kirim ulang" in row.error
    assert len(smtp.messages()) == 1  # the server kept one copy; Tayang sent no second
    assert Notification.objects.filter(user=world.admin, kind="delivery_failed").exists()
    # The person says it never came: sent again, with the same Message-ID.
    assert actions.resend(row.pk)
    assert dispatch.send(row.pk) == "sent"
    first, second = smtp.messages()
    assert first.message_id == second.message_id == f"<{row.idempotency_key}@localhost>"


def test_a_medium_turned_off_before_sending_is_not_used(world, smtp):
    hand_in(world, NOON)
    Preference.objects.filter(user=world.holder("tim_pertimbangan")).update(by_email=False)
    assert run_worker(NOON) == ["cancelled"]
    assert the_delivery().error == "Tidak dikirim: penerima tidak lagi memilih e-mail."
    assert smtp.messages() == []


def test_a_bug_while_sending_is_retried_and_logs_no_link(world, smtp, monkeypatch, caplog):
    secret = "https://tayang.test/putuskan/RAHASIA-123"
    monkeypatch.setattr(compose, "action_url",
                        lambda user, item, step: compose.ActionLink(secret))

    def broken(*args, **kwargs):
        raise RuntimeError(f"template crashed around {secret}")

    monkeypatch.setattr("tayang.notify.media.email.send", broken)
    hand_in(world, NOON)
    with caplog.at_level(logging.INFO):
        assert run_worker(NOON) == ["retrying"]
    assert "RAHASIA" not in caplog.text
    with connection.cursor() as cursor:
        cursor.execute("SELECT journal, error, error_detail FROM notify_delivery")
        assert "RAHASIA" not in str(cursor.fetchall())
    cursor_text = str(list(Notification.objects.values_list("title", "body", "link")))
    assert "RAHASIA" not in cursor_text
    monkeypatch.undo()
    row = the_delivery()
    assert dispatch.send(row.pk, now=row.due_at) == "sent"


def test_the_sent_link_comes_from_action_url_at_sending_time(world, smtp, monkeypatch):
    monkeypatch.setattr(compose, "action_url", lambda user, item, step: compose.ActionLink(
        f"https://tayang.test/{user.username}/{step}"))
    hand_in(world, NOON)
    run_worker(NOON)
    [mail] = smtp.messages()
    assert "https://tayang.test/diy.tim_pertimbangan/terima" in mail.text
    assert "tayang.test" not in str(list(Notification.objects.values_list("link", "body")))


def test_platform_words_are_kept_without_links():
    assert without_links("Param https://tayang.go.id/putuskan/abc?t=1 ditolak") == \
        "Param tayang.go.id/… ditolak"
