"""Seeds A and C from hand-in to publishing with notifications on, over real SMTP.

A real SMTP server (aiosmtpd) receives what the worker sends; the clock is the test's: every
action, every wake-up and every sending round happens at a stated time in the organization's
zone, so the reminders, the escalation and the quiet hours fall exactly where the SOP's time
standards put them. After each step the server must hold exactly the expected messages.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tayang.engine.actions import ChooseRoute, HandIn, SendBack
from tayang.notify.models import Delivery, Notification
from tests.app.world import (
    SOP_C,
    add_person,
    make_world,
    new_item,
    perform,
    ready_item,
    step_action,
)
from tests.notify.kit import address, mails, reachable, run_worker

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=WIB)


def act(world, item, role, action=None, *, when, person=None):
    person = person or world.holder(role)
    item.refresh_from_db()
    result = perform(item.pk, person, action or step_action(world.sop, item.step), now=when)
    assert result.ok, result.message
    item.refresh_from_db()
    return item


def test_seed_a_hand_in_send_back_reminder_escalation_and_publication(smtp):
    world = make_world("gk", "dpmptsp-gunungkidul")
    reviewer2 = add_person(world.org, "gk.tim_pertimbangan_2", world.procedure,
                           ("tim_pertimbangan",))
    world.extra["reviewer2"] = reviewer2
    reachable(world)
    people = world.people
    title = "Sosialisasi layanan perizinan"

    # Hand-in on Monday 09.00: the review board is told.
    item = ready_item(world, title, now=at(2, 8, 30))
    item = act(world, item, "tim_pelaksana", when=at(2, 9))
    run_worker(at(2, 9))
    assert smtp.subjects() == mails([people["tim_pertimbangan"], reviewer2],
                                    f"Menunggu Anda: {title}")
    [mail] = smtp.to(address(reviewer2))
    assert f"/kerja/dpmptsp-gunungkidul/konten/{item.pk}/" in mail.text
    assert "Langkah 2 (Tim Pertimbangan Pelayanan Informasi)" in mail.text
    assert "Batas waktu Senin, 2 Mar 2026, pukul 24.00 WIB" in mail.text

    # Received (10.00): the other board member is told of step 3, not the one who acted.
    smtp.clear()
    item = act(world, item, "tim_pertimbangan", when=at(2, 10))
    run_worker(at(2, 10))
    assert smtp.subjects() == mails([reviewer2], f"Menunggu Anda: {title}")

    # Sent back at step 3 with a written response: its author reads the response itself.
    smtp.clear()
    response = "Narasi belum menyebut jumlah peserta dan narasumber; mohon dilengkapi."
    item = act(world, item, "tim_pertimbangan", SendBack(response), when=at(2, 11))
    run_worker(at(2, 11))
    assert smtp.subjects() == mails([people["tim_pelaksana"]], f"Dikembalikan: {title}")
    [mail] = smtp.messages()
    assert response in mail.text
    assert "Tim Pertimbangan Pelayanan Informasi mengembalikan ke langkah 1" in mail.text

    # Handed in again at 14.00: the board is told again (a new visit of step 2).
    smtp.clear()
    item = act(world, item, "tim_pelaksana", HandIn(frozenset()), when=at(2, 14))
    run_worker(at(2, 14))
    assert smtp.subjects() == mails([people["tim_pertimbangan"], reviewer2],
                                    f"Menunggu Anda: {title}")

    # Nobody acts by the end of the day (Hari H): at 24.00 the step is overdue. The reminder
    # and the escalation are written at once but wait for the end of the quiet hours.
    smtp.clear()
    run_worker(at(3, 0, 1))
    assert smtp.messages() == []
    assert Notification.objects.filter(kind="limit").count() == 2
    run_worker(at(3, 6))
    assert smtp.subjects() == sorted(
        mails([people["tim_pertimbangan"], reviewer2], f"Terlambat: {title}")
        + mails([world.admin], f"Eskalasi — terlambat: {title}")
    )
    [escalation] = smtp.to(address(world.admin))
    assert "terlambat sejak Senin, 2 Mar 2026, pukul 24.00 WIB" in escalation.text

    # The steps after it share the deadline counted from hand-in: each arrives late. Its
    # people are told once, the message saying so; the admin gets each step's escalation.
    smtp.clear()
    item = act(world, item, "tim_pertimbangan", when=at(3, 8))
    run_worker(at(3, 8))
    late = f"Menunggu Anda (terlambat): {title}"
    escalated = f"Eskalasi — terlambat: {title}"
    assert smtp.subjects() == sorted(mails([reviewer2], late) + mails([world.admin], escalated))
    assert "sudah lewat" in smtp.to(address(reviewer2))[0].text
    smtp.clear()
    item = act(world, item, "tim_pertimbangan", when=at(3, 8, 30), person=reviewer2)
    run_worker(at(3, 8, 30))
    assert smtp.subjects() == sorted(
        mails([people["sekretaris_ppid"], people["atasan_ppid"]], late)
        + mails([world.admin], escalated))
    smtp.clear()
    item = act(world, item, "sekretaris_ppid", when=at(3, 9))
    run_worker(at(3, 9))
    assert smtp.subjects() == sorted(mails([people["admin_medsos"]], late)
                                     + mails([world.admin], escalated))

    # Published: its author learns where it is.
    smtp.clear()
    item = act(world, item, "admin_medsos", when=at(3, 10))
    run_worker(at(3, 10))
    assert smtp.subjects() == mails([people["tim_pelaksana"]], f"Sudah tayang: {title}")
    [mail] = smtp.messages()
    assert f"Situs web: http://127.0.0.1:8000/situs/dpmptsp-gunungkidul/berita/{item.pk}/" \
        in mail.text

    # Nothing more, whatever time passes: the stale wake-ups of the visits left are dropped.
    smtp.clear()
    run_worker(at(9, 12))
    assert smtp.messages() == []
    assert len({m.message_id for m in smtp.messages()}) == len(smtp.messages())


def test_seed_c_target_limit_escalation_send_back_and_the_kepala_dinas_route(smtp):
    world = make_world("diy", "dinsos-diy", SOP_C)
    reachable(world)
    people = world.people
    title = "Penyaluran bantuan sosial bagi lansia"

    # Collected (work step) and handed in at 08.30: only the editors are told, not before.
    item = new_item(world, title, now=at(2, 8), naskah_berita="Penyaluran bantuan sosial.")
    item = act(world, item, "kontributor", when=at(2, 8, 15))
    run_worker(at(2, 8, 15))
    assert smtp.messages() == []  # a draft is its author's own until handed in
    item = act(world, item, "kontributor", when=at(2, 8, 30))
    run_worker(at(2, 8, 30))
    assert smtp.subjects() == mails([people["admin"]], f"Menunggu Anda: {title}")

    # "1-3 jam": past the target at 09.30, the limit and the escalation at 11.30.
    smtp.clear()
    run_worker(at(2, 9, 29))
    assert smtp.messages() == []
    run_worker(at(2, 9, 30))
    assert smtp.subjects() == mails([people["admin"]], f"Lewat target: {title}")
    smtp.clear()
    run_worker(at(2, 11, 30))
    assert smtp.subjects() == sorted(
        mails([people["admin"]], f"Terlambat: {title}")
        + mails([world.admin], f"Eskalasi — terlambat: {title}")
    )
    smtp.clear()
    run_worker(at(2, 11, 45))  # a second round of the worker repeats nothing
    assert smtp.messages() == []

    # Edited at 12.00; the head of unit routes it to the Kepala Dinas (policy) and approves.
    item = act(world, item, "admin", when=at(2, 12))
    run_worker(at(2, 12))
    assert smtp.subjects() == mails([people["pimpinan_unit"]], f"Menunggu Anda: {title}")
    smtp.clear()
    item = act(world, item, "pimpinan_unit", ChooseRoute("category", "kebijakan"),
               when=at(2, 12, 30))
    item = act(world, item, "pimpinan_unit", when=at(2, 12, 40))
    run_worker(at(2, 12, 40))
    assert smtp.subjects() == mails([people["kepala_dinas"]], f"Menunggu Anda: {title}")

    # The Kepala Dinas says no, in writing: the editor gets the response.
    smtp.clear()
    response = "Data penerima belum diverifikasi Bidang; tunda sampai ada berita acara."
    item = act(world, item, "kepala_dinas", SendBack(response), when=at(2, 13))
    run_worker(at(2, 13))
    assert smtp.subjects() == mails([people["admin"]], f"Dikembalikan: {title}")
    assert response in smtp.messages()[0].text
    assert "Kepala Dinas mengembalikan ke langkah 3" in smtp.messages()[0].text

    # Its 1-hour limit at the Kepala Dinas would have been 13.40: that visit is over, so
    # nothing about it is ever sent; the new visit of step 3 has its own time standard.
    smtp.clear()
    run_worker(at(2, 13, 50))
    assert smtp.messages() == []

    # Through again in ten minutes, before the worker's next round: the messages about
    # steps the item has already left are not sent (they stay in the workspace list).
    item = act(world, item, "admin", when=at(2, 13, 55))
    item = act(world, item, "pimpinan_unit", when=at(2, 14))
    item = act(world, item, "kepala_dinas", when=at(2, 14, 10))
    run_worker(at(2, 14, 10))
    assert smtp.subjects() == mails([people["admin"]], f"Menunggu Anda: {title}")
    skipped = Delivery.objects.filter(state=Delivery.State.CANCELLED)
    assert sorted(d.notification.user.username for d in skipped) == [
        "diy.kepala_dinas", "diy.pimpinan_unit"]
    assert {d.error for d in skipped} == {
        "Tidak dikirim: konten sudah berpindah langkah sejak pesan ini dibuat."}
    smtp.clear()
    item = act(world, item, "admin", when=at(2, 14, 20))
    run_worker(at(2, 14, 20))
    assert smtp.subjects() == mails([people["kontributor"]], f"Sudah tayang: {title}")
    smtp.clear()
    item = act(world, item, "admin", when=at(2, 14, 30))
    run_worker(at(4, 9))
    assert smtp.messages() == []
    assert item.status == "archived"
