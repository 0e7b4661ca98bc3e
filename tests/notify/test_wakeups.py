"""The time standards' wake-ups: kept per visit and stage, re-checked when they wake.

The engine emits a ``ReminderDue`` per stage whenever an item enters a timed step or an edit
may move its due time; the notification app keeps one row per (item, visit, stage), and the
worker's sweep wakes only pending rows that are due. A reminder or escalation about a visit
the item has left is never sent; one already sent is never sent again.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tayang.engine.actions import Edit
from tayang.items.models import Item
from tayang.notify import wakeups
from tayang.notify.models import Notification, WakeUp
from tayang.procedures.models import RoleGrant
from tayang.procedures.services import add_definition
from tayang.sop.bundled import bundled_paths
from tests.app.world import SOP_C, add_person, make_world, new_item, perform, step_action
from tests.notify.kit import reachable, run_worker

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")


def at(hour: int, minute: int = 0, day: int = 2) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=WIB)


def c_world(**kwargs):
    world = make_world("diy", "dinsos-uji", SOP_C, **kwargs)
    reachable(world, quiet_enabled=False)
    return world


def at_sunting(world, when=None):
    """A seed C item handed in at 08.30: it waits for editing ("1-3 jam")."""
    item = new_item(world, "Bantuan sosial lansia", now=at(8), naskah_berita="Naskah.")
    for minute in (15, 30):
        item.refresh_from_db()
        result = perform(item.pk, world.holder("kontributor"),
                         step_action(world.sop, item.step), now=at(8, minute))
        assert result.ok, result.message
    item.refresh_from_db()
    assert item.step == "sunting"
    return item


def kinds(user) -> list[str]:
    return sorted(Notification.objects.filter(user=user).values_list("kind", flat=True))


def test_one_pending_row_per_stage_of_the_current_visit():
    world = c_world()
    item = at_sunting(world)
    rows = {r.stage: r for r in WakeUp.objects.filter(item=item, step="sunting",
                                                      state="pending")}
    assert sorted(rows) == ["escalation", "limit", "target"]
    assert rows["target"].due_at == at(9, 30)
    assert rows["limit"].due_at == rows["escalation"].due_at == at(11, 30)
    assert rows["target"].visit == item.step_entered_at
    assert rows["target"].roles == ["admin"] and rows["escalation"].roles == []
    # The rows of the steps it left (collecting, handing in) are left pending by the actions
    # (one statement fewer in each): the sweep marks them stale once due, telling nobody.
    told = Notification.objects.count()
    assert wakeups.wake_due(at(9, 20)) == {"sent": 0, "stale": 1}  # handing in's target
    assert wakeups.left_behind(at(8, day=3)) == 4  # the rest, up to collecting's limit
    assert set(WakeUp.objects.filter(item=item).exclude(step="sunting")
               .values_list("state", flat=True)) == {"stale"}
    assert WakeUp.objects.filter(item=item, step="sunting", state="pending").count() == 3
    assert Notification.objects.count() == told


def test_an_edit_moving_the_due_time_moves_the_pending_rows():
    world = make_world("gk", "dpmptsp-uji")
    item = new_item(world, "Pameran", now=at(8), activity_date="2026-03-02")
    [limit] = WakeUp.objects.filter(item=item, stage="limit")
    assert limit.due_at == at(0, day=3)
    result = perform(item.pk, world.holder("tim_pelaksana"),
                     Edit({"activity_date": "2026-03-05"}), now=at(9))
    assert result.ok, result.message
    item.refresh_from_db()
    [limit] = WakeUp.objects.filter(item=item, stage="limit")
    assert (limit.due_at, limit.version, limit.state) == (at(0, day=6), item.version, "pending")


def test_a_stage_already_announced_is_not_announced_again_after_an_edit():
    world = c_world()
    item = at_sunting(world)
    run_worker(at(9, 30))
    admin = world.holder("admin")
    assert kinds(admin) == ["arrived", "target"]
    result = perform(item.pk, admin, Edit({"naskah_berita": "Naskah yang sudah disunting."}),
                     now=at(10))
    assert result.ok, result.message
    assert WakeUp.objects.get(item=item, step="sunting", stage="target").state == "done"
    run_worker(at(10, 1))
    assert kinds(admin) == ["arrived", "target"]


def test_an_item_that_moved_on_is_never_reminded_about_the_step_it_left():
    world = c_world()
    item = at_sunting(world)
    result = perform(item.pk, world.holder("admin"), step_action(world.sop, "sunting"),
                     now=at(9))
    assert result.ok
    # Left pending by the action, marked stale by the sweep once due, never woken.
    # (The step it is at now has its own: its limit and escalation at 11.00 are sent.)
    assert wakeups.wake_due(at(12)) == {"sent": 2, "stale": 6}  # sunting's 3, serahkan's 3
    assert set(WakeUp.objects.filter(item=item, step="sunting")
               .values_list("state", flat=True)) == {"stale"}
    assert "limit" not in kinds(world.holder("admin"))
    assert kinds(world.holder("pimpinan_unit")) == ["arrived", "limit"]


def test_a_wake_up_is_done_once_however_often_it_is_woken():
    world = c_world()
    item = at_sunting(world)
    row = WakeUp.objects.get(item=item, step="sunting", stage="target")
    assert wakeups.wake(row.pk, at(9, 30)) == "sent"
    assert wakeups.wake(row.pk, at(9, 31)) == "skipped"
    # (The stale one: handing in's target, a visit the item has left.)
    assert wakeups.wake_due(at(9, 45)) == {"sent": 0, "stale": 1}
    assert Notification.objects.filter(kind="target").count() == 1


def test_reminders_go_to_the_person_who_took_the_item_only():
    world = c_world()
    second = add_person(world.org, "diy.admin_2", world.procedure, ("admin",))
    reachable(world, second, quiet_enabled=False)
    item = at_sunting(world)
    assert Notification.objects.filter(kind="arrived").count() == 2  # both editors
    Item.objects.filter(pk=item.pk).update(taken_by=second, taken_at=at(9))
    run_worker(at(9, 30))
    assert kinds(second) == ["arrived", "target"]
    assert kinds(world.holder("admin")) == ["arrived"]


def test_nobody_is_told_of_a_step_separation_of_duties_keeps_them_from():
    world = make_world("gk", "dpmptsp-uji")
    author = world.holder("tim_pelaksana")
    # The author also sits on the review board; the board must not ask them to review it.
    RoleGrant.objects.create(membership=author.memberships.get(), procedure=world.procedure,
                             role_key="tim_pertimbangan")
    from tests.app.world import ready_item

    item = ready_item(world, now=at(8))
    result = perform(item.pk, author, step_action(world.sop, item.step), now=at(9))
    assert result.ok
    assert list(Notification.objects.filter(kind="arrived").values_list(
        "user__username", flat=True)) == ["gk.tim_pertimbangan"]


def test_escalations_go_to_the_roles_the_sop_names_and_again_later():
    world = c_world()
    source = next(p for p in bundled_paths() if p.name.startswith("c-"))
    text = source.read_text(encoding="utf-8")
    first = text.index("time: 1-3 jam")
    second = text.index("time: 1-3 jam", first + 1)  # the editing step
    text = (text[:second] + "time: 1-3 jam\n    escalate_to: [pimpinan_unit]\n"
            "    escalate_again: 2 jam" + text[second + len("time: 1-3 jam"):])
    add_definition(world.org, text, "c-dinsos-diy.yaml", None)
    item = at_sunting(world)
    again = WakeUp.objects.get(item=item, stage="escalation_again")
    assert again.due_at == at(13, 30)
    run_worker(at(11, 30))
    head = world.holder("pimpinan_unit")
    assert kinds(head) == ["escalation"]
    assert kinds(world.admin) == []  # the SOP named who is told; the admins are not
    run_worker(at(13, 30))
    assert kinds(head) == ["escalation", "escalation_again"]
    title = Notification.objects.get(kind="escalation_again").title
    assert title == "Eskalasi kedua — terlambat: Bantuan sosial lansia"


def test_old_finished_rows_are_pruned_and_pending_ones_kept():
    world = c_world()
    item = at_sunting(world)
    before = WakeUp.objects.filter(item=item).count()
    later = at(8) + timedelta(days=40)
    # The sweep's order: the rows of the visits left are marked stale first, then pruned.
    assert wakeups.left_behind(later) == before - 3
    assert wakeups.prune(later) == before - 3
    assert WakeUp.objects.filter(item=item, state="pending").count() == 3
