"""Due-time arithmetic across Indonesia's three zones: WIB (+7), WITA (+8), WIT (+9).

The pure functions are tested with time standards read the way the loader reads them
(:func:`parse_time_standard`); the engine is then checked to carry them: due times on entering a
step, timeliness when leaving it, the due moving with the activity date, no clock of its own.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tayang.engine import events as ev
from tayang.engine.actions import Actor, Approve, Edit, HandIn, Publish
from tayang.engine.due import UNTIMED, Anchors, Due, Timeliness, due_for, end_of_day
from tayang.engine.machine import Accepted, decide, start
from tayang.engine.state import ItemState
from tayang.sop import load_text
from tayang.sop.model import Sop, TimeAnchor
from tayang.sop.timetext import parse_time_standard

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
WIT = ZoneInfo("Asia/Jayapura")
ZONES = [pytest.param(WIB, 7, id="WIB"), pytest.param(WITA, 8, id="WITA"),
         pytest.param(WIT, 9, id="WIT")]


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def standard(text: str, anchor: TimeAnchor | None = None):
    return parse_time_standard(text, anchor=anchor)


# --- durations from step entry ----------------------------------------------------------------


@pytest.mark.parametrize(("tz", "offset"), ZONES)
@pytest.mark.parametrize(
    ("text", "target", "limit"),
    [
        ("60 menit", timedelta(minutes=60), timedelta(minutes=60)),
        ("30 Menit", timedelta(minutes=30), timedelta(minutes=30)),
        ("2 jam", timedelta(hours=2), timedelta(hours=2)),
        ("1-3 jam", timedelta(hours=1), timedelta(hours=3)),
        ("1 – 3 Jam", timedelta(hours=1), timedelta(hours=3)),
        ("1 hari", timedelta(days=1), timedelta(days=1)),
        ("2 s.d. 3 hari", timedelta(days=2), timedelta(days=3)),
    ],
)
def test_durations_count_from_step_entry(tz, offset, text, target, limit):
    entered = datetime(2024, 5, 6, 22, 45, tzinfo=tz)  # late evening: crossing midnight
    due = due_for(standard(text), Anchors(step_entered_at=entered), tz)
    assert due == Due(entered + target, entered + limit)
    assert due.limit.utcoffset() == timedelta(hours=offset)
    assert due.is_timed


@pytest.mark.parametrize(("tz", "offset"), ZONES)
def test_a_duration_is_the_same_instant_whatever_zone_the_entry_is_given_in(tz, offset):
    entered_utc = utc(2024, 5, 6, 16, 30)
    local = due_for(standard("60 menit"), Anchors(entered_utc.astimezone(tz)), tz)
    from_utc = due_for(standard("60 menit"), Anchors(entered_utc), tz)
    assert local == from_utc == Due(utc(2024, 5, 6, 17, 30), utc(2024, 5, 6, 17, 30))
    assert local.limit.astimezone(tz).hour == (17 + offset) % 24


def test_a_range_is_on_time_then_past_target_then_overdue_at_the_right_instants():
    entered = datetime(2024, 5, 6, 10, 0, tzinfo=WITA)
    due = due_for(standard("1-3 jam"), Anchors(entered), WITA)
    assert due.target == datetime(2024, 5, 6, 11, 0, tzinfo=WITA)
    assert due.limit == datetime(2024, 5, 6, 13, 0, tzinfo=WITA)
    tick = timedelta(microseconds=1)
    assert due.timeliness(entered) is Timeliness.ON_TIME
    assert due.timeliness(due.target - tick) is Timeliness.ON_TIME
    assert due.timeliness(due.target) is Timeliness.PAST_TARGET
    assert due.timeliness(due.limit - tick) is Timeliness.PAST_TARGET
    assert due.timeliness(due.limit) is Timeliness.OVERDUE
    assert due.timeliness(due.limit + timedelta(days=3)) is Timeliness.OVERDUE
    # The moment may be given in any zone: 13:00 WITA is 12:00 WIB and 05:00 UTC.
    assert due.timeliness(datetime(2024, 5, 6, 11, 59, tzinfo=WIB)) is Timeliness.PAST_TARGET
    assert due.timeliness(utc(2024, 5, 6, 5, 0)) is Timeliness.OVERDUE


def test_a_single_duration_has_no_past_target_stage():
    entered = datetime(2024, 5, 6, 10, 0, tzinfo=WIB)
    due = due_for(standard("15 menit"), Anchors(entered), WIB)
    assert due.target == due.limit
    assert due.timeliness(entered + timedelta(minutes=14, seconds=59)) is Timeliness.ON_TIME
    assert due.timeliness(entered + timedelta(minutes=15)) is Timeliness.OVERDUE


# --- Hari H and H+n -----------------------------------------------------------------------------


@pytest.mark.parametrize(("tz", "offset"), ZONES)
def test_hari_h_from_the_activity_date_ends_at_local_midnight(tz, offset):
    due = due_for(
        standard("Hari H", TimeAnchor.ACTIVITY),
        Anchors(step_entered_at=utc(2024, 5, 8, 3, 0), activity=date(2024, 5, 6)),
        tz,
    )
    assert due.target == due.limit == datetime(2024, 5, 7, 0, 0, tzinfo=tz)
    assert due.limit == utc(2024, 5, 7) - timedelta(hours=offset)
    # Handing in two days later does not move a standard counted from the activity.
    assert due.timeliness(utc(2024, 5, 8, 3, 0)) is Timeliness.OVERDUE


def test_hari_h_from_hand_in_at_2330_wib_is_due_at_midnight_wib():
    handed_in = datetime(2024, 5, 6, 23, 30, tzinfo=WIB)  # 16:30 UTC
    same_day = standard("Hari H", TimeAnchor.HANDIN)
    due = due_for(same_day, Anchors(step_entered_at=handed_in, handed_in_at=handed_in), WIB)
    assert due.limit == datetime(2024, 5, 7, 0, 0, tzinfo=WIB) == utc(2024, 5, 6, 17, 0)
    assert due.timeliness(datetime(2024, 5, 6, 23, 59, 59, tzinfo=WIB)) is Timeliness.ON_TIME
    assert due.timeliness(utc(2024, 5, 6, 17, 0)) is Timeliness.OVERDUE

    # The same instant is already 01:30 on 7 May in WIT: its Hari H ends a local day later.
    in_wit = due_for(same_day, Anchors(step_entered_at=handed_in, handed_in_at=handed_in), WIT)
    assert handed_in.astimezone(WIT).date() == date(2024, 5, 7)
    assert in_wit.limit == datetime(2024, 5, 8, 0, 0, tzinfo=WIT) == utc(2024, 5, 7, 15, 0)
    # And in WITA it is 00:30 on 7 May as well.
    in_wita = due_for(same_day, Anchors(step_entered_at=handed_in, handed_in_at=handed_in), WITA)
    assert in_wita.limit == datetime(2024, 5, 8, 0, 0, tzinfo=WITA)


def test_hari_h_from_hand_in_just_after_midnight_lasts_the_whole_local_day():
    handed_in = datetime(2024, 5, 7, 0, 5, tzinfo=WIT)
    due = due_for(
        standard("Hari H", TimeAnchor.HANDIN), Anchors(handed_in, handed_in_at=handed_in), WIT
    )
    assert due.limit - handed_in == timedelta(hours=23, minutes=55)


@pytest.mark.parametrize(("tz", "offset"), ZONES)
def test_h_plus_1_counts_whole_local_days(tz, offset):
    handed_in = datetime(2024, 5, 6, 10, 0, tzinfo=tz)
    from_handin = due_for(
        standard("H+1", TimeAnchor.HANDIN), Anchors(handed_in, handed_in_at=handed_in), tz
    )
    assert from_handin == Due(
        datetime(2024, 5, 8, 0, 0, tzinfo=tz), datetime(2024, 5, 8, 0, 0, tzinfo=tz)
    )
    from_activity = due_for(
        standard("H+1", TimeAnchor.ACTIVITY),
        Anchors(handed_in, handed_in_at=handed_in, activity=date(2024, 5, 3)),
        tz,
    )
    assert from_activity.limit == datetime(2024, 5, 5, 0, 0, tzinfo=tz)
    assert from_activity.limit == utc(2024, 5, 5) - timedelta(hours=offset)
    # End of month and of year roll over on the local calendar.
    new_year = due_for(
        standard("H+1", TimeAnchor.ACTIVITY),
        Anchors(handed_in, activity=date(2024, 12, 31)), tz,
    )
    assert new_year.limit == datetime(2025, 1, 2, 0, 0, tzinfo=tz)


def test_h_plus_1_from_a_late_hand_in_depends_on_the_local_day():
    handed_in = utc(2024, 5, 6, 15, 30)  # 22:30 WIB, 23:30 WITA, 00:30 WIT on 7 May
    h1 = standard("H+1", TimeAnchor.HANDIN)
    limits = {
        zone.key: due_for(h1, Anchors(handed_in, handed_in_at=handed_in), zone).limit
        for zone in (WIB, WITA, WIT)
    }
    assert limits == {
        "Asia/Jakarta": datetime(2024, 5, 8, tzinfo=WIB),
        "Asia/Makassar": datetime(2024, 5, 8, tzinfo=WITA),
        "Asia/Jayapura": datetime(2024, 5, 9, tzinfo=WIT),
    }


def test_an_activity_datetime_counts_from_its_local_date():
    h = standard("Hari H", TimeAnchor.ACTIVITY)
    # 20:00 UTC on 6 May is 03:00 on 7 May in WIB: Hari H is the 7th there.
    aware = due_for(h, Anchors(utc(2024, 5, 7, 1), activity=utc(2024, 5, 6, 20, 0)), WIB)
    assert aware.limit == datetime(2024, 5, 8, tzinfo=WIB)
    # A naive activity time is a wall-clock time in the organization's zone.
    naive = due_for(h, Anchors(utc(2024, 5, 7, 1), activity=datetime(2024, 5, 6, 23, 0)), WIT)
    assert naive.limit == datetime(2024, 5, 7, tzinfo=WIT)


def test_hand_in_anchored_standards_count_from_the_step_before_hand_in():
    entered = datetime(2024, 5, 6, 8, 0, tzinfo=WIB)
    due = due_for(standard("Hari H", TimeAnchor.HANDIN), Anchors(entered), WIB)
    assert due.limit == end_of_day(date(2024, 5, 6), WIB)


# --- no time standard -------------------------------------------------------------------------


@pytest.mark.parametrize(("tz", "offset"), ZONES)
def test_tentatif_and_missing_standards_give_no_due_time(tz, offset):
    entered = datetime(2024, 5, 6, 8, 0, tzinfo=tz)
    tentative = standard("Tentatif")
    assert tentative.is_tentative
    assert due_for(tentative, Anchors(entered), tz) == UNTIMED
    assert due_for(None, Anchors(entered), tz) == UNTIMED
    assert not UNTIMED.is_timed
    assert UNTIMED.timeliness(entered + timedelta(days=400)) is Timeliness.NO_STANDARD
    # Counted from an activity date nobody has given yet: nothing to count from.
    assert due_for(standard("Hari H", TimeAnchor.ACTIVITY), Anchors(entered), tz) == UNTIMED


# --- the engine carries due times ---------------------------------------------------------------

TIMED_SOP = """
tayang: 1
key: uji-waktu
timezone: Asia/Makassar
identity: {organization: Dinas Uji, name: Uji standar waktu}
roles:
  - {key: pelaksana, name: Pelaksana}
  - {key: pemeriksa, name: Pemeriksa}
  - {key: pimpinan, name: Pimpinan}
  - {key: admin, name: Admin}
fields:
  - {key: title, label: Judul, kind: text, title: true}
  - {key: tanggal, label: Tanggal kegiatan, kind: date, activity_date: true}
steps:
  - key: serahkan
    activity: Menyerahkan konten
    kind: handin
    roles: [pelaksana]
    requirements: [{text: Judul, check: filled, field: title}]
    time: {standard: Hari H, from: activity}
  - key: periksa
    activity: Memeriksa konten
    kind: review
    roles: [pemeriksa]
    reject: serahkan
    time: 1-3 jam
  - key: putuskan
    activity: Memutuskan
    kind: decision
    roles: [pimpinan]
    reject: periksa
    time: {standard: H+1, from: handin}
  - key: tayangkan
    activity: Menayangkan
    kind: publish
    roles: [admin]
    time: Tentatif
"""


@pytest.fixture(scope="module")
def timed() -> Sop:
    return load_text(TIMED_SOP, source="uji-waktu.yaml")


def _who(role: str) -> Actor:
    return Actor(id=role, roles=frozenset({role}))


def _accepted(outcome: object) -> Accepted:
    assert isinstance(outcome, Accepted), outcome
    return outcome


def _events(outcome: Accepted, kind: type) -> list:
    return [e for e in outcome.events if isinstance(e, kind)]


def _handed_in(sop: Sop, at: datetime, tz: ZoneInfo) -> ItemState:
    state = _accepted(start(sop, _who("pelaksana"), at, tz, {"title": "Rapat"})).state
    return _accepted(decide(sop, state, HandIn(), _who("pelaksana"), at, tz)).state


@pytest.mark.parametrize(("tz", "offset"), ZONES)
def test_the_due_time_moves_when_the_activity_date_is_edited(timed, tz, offset):
    created = datetime(2024, 5, 6, 9, 0, tzinfo=tz)
    started = _accepted(start(timed, _who("pelaksana"), created, tz))
    assert started.state.due == UNTIMED, "no activity date yet: nothing to count from"
    assert not _events(started, ev.ReminderDue)

    dated = _accepted(
        decide(timed, started.state, Edit({"tanggal": date(2024, 5, 6)}), _who("pelaksana"),
               created + timedelta(minutes=5), tz)
    )
    assert dated.state.due.limit == datetime(2024, 5, 7, tzinfo=tz)
    limit = datetime(2024, 5, 7, tzinfo=tz)
    wakeups = _events(dated, ev.ReminderDue)
    assert [(r.step, r.stage, r.at, r.version, r.roles) for r in wakeups] == [
        ("serahkan", ev.ReminderStage.LIMIT, limit, dated.state.version, ("pelaksana",)),
        # No escalate_to: the organization's admins (an empty role list) hear of it.
        ("serahkan", ev.ReminderStage.ESCALATION, limit, dated.state.version, ()),
    ]

    moved = _accepted(
        decide(timed, dated.state, Edit({"tanggal": date(2024, 5, 9)}), _who("pelaksana"),
               created + timedelta(minutes=10), tz)
    )
    assert moved.state.due.limit == datetime(2024, 5, 10, tzinfo=tz)
    assert moved.state.due.limit == utc(2024, 5, 10) - timedelta(hours=offset)
    assert {r.at for r in _events(moved, ev.ReminderDue)} == {moved.state.due.limit}
    assert _events(moved, ev.ReminderDue)[0].version == moved.state.version

    # Editing something else keeps the due time (and re-arms the reminder at the new version).
    retitled = _accepted(
        decide(timed, moved.state, Edit({"title": "Rapat koordinasi"}), _who("pelaksana"),
               created + timedelta(minutes=15), tz)
    )
    assert retitled.state.due == moved.state.due
    assert _events(retitled, ev.ReminderDue)[0].version == retitled.state.version


def test_entering_a_step_sets_its_due_time_and_a_reminder(timed):
    handed_in_at = datetime(2024, 5, 6, 23, 30, tzinfo=WITA)
    state = _handed_in(timed, handed_in_at, WITA)
    assert state.step == "periksa"
    assert state.due == Due(handed_in_at + timedelta(hours=1), handed_in_at + timedelta(hours=3))
    # A range crosses local midnight like any duration.
    assert state.due.limit == datetime(2024, 5, 7, 2, 30, tzinfo=WITA)

    approved = _accepted(
        decide(timed, state, Approve(), _who("pemeriksa"), handed_in_at + timedelta(hours=2),
               WITA)
    )
    # H+1 from hand-in: the hand-in's local day is 6 May, so the end of 7 May.
    assert approved.state.due.limit == datetime(2024, 5, 8, tzinfo=WITA)
    (entered,) = _events(approved, ev.StepEntered)
    assert entered.due == approved.state.due
    reminder = _events(approved, ev.ReminderDue)[0]
    assert (reminder.step, reminder.at, reminder.version, reminder.entered_at) == (
        "putuskan", approved.state.due.target, approved.state.version,
        handed_in_at + timedelta(hours=2),
    )
    at_publish = _accepted(
        decide(timed, approved.state, Approve(), _who("pimpinan"),
               handed_in_at + timedelta(hours=3), WITA)
    )
    assert at_publish.state.step == "tayangkan"
    assert at_publish.state.due == UNTIMED, "Tentatif"
    assert not _events(at_publish, ev.ReminderDue)
    published = _accepted(
        decide(timed, at_publish.state, Publish(), _who("admin"),
               handed_in_at + timedelta(days=30), WITA)
    )
    (finished,) = _events(published, ev.StepFinished)
    assert finished.timeliness is Timeliness.NO_STANDARD


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (timedelta(minutes=59), Timeliness.ON_TIME),
        (timedelta(hours=1), Timeliness.PAST_TARGET),
        (timedelta(hours=2, minutes=59), Timeliness.PAST_TARGET),
        (timedelta(hours=3), Timeliness.OVERDUE),
        (timedelta(days=2), Timeliness.OVERDUE),
    ],
)
def test_leaving_a_ranged_step_records_its_timeliness(timed, after, expected):
    handed_in_at = datetime(2024, 5, 6, 10, 0, tzinfo=WIB)
    state = _handed_in(timed, handed_in_at, WIB)
    left = handed_in_at + after
    outcome = _accepted(decide(timed, state, Approve(), _who("pemeriksa"), left, WIB))
    (finished,) = _events(outcome, ev.StepFinished)
    assert (finished.step, finished.entered_at, finished.finished_at) == (
        "periksa", handed_in_at, left,
    )
    assert finished.due == state.due
    assert finished.timeliness is expected


@pytest.mark.parametrize(("tz", "offset"), ZONES)
def test_the_organizations_zone_decides_the_local_day(timed, tz, offset):
    """Handed in at 23:30 WIB: in WIT that is already the next day, so H+1 ends a day later."""
    handed_in_at = datetime(2024, 5, 6, 23, 30, tzinfo=WIB)
    state = _handed_in(timed, handed_in_at, tz)
    state = _accepted(
        decide(timed, state, Approve(), _who("pemeriksa"), handed_in_at + timedelta(hours=1), tz)
    ).state
    local_day = handed_in_at.astimezone(tz).date()
    assert state.due.limit == end_of_day(local_day + timedelta(days=1), tz)
    assert local_day == (date(2024, 5, 7) if offset > 7 else date(2024, 5, 6))


def test_the_zone_may_be_given_by_name(timed):
    at = datetime(2024, 5, 6, 10, 0, tzinfo=WIT)
    by_name = _accepted(start(timed, _who("pelaksana"), at, "Asia/Jayapura", {"title": "x"}))
    by_zone = _accepted(start(timed, _who("pelaksana"), at, WIT, {"title": "x"}))
    assert by_name == by_zone


def test_a_naive_now_is_refused(timed):
    naive = datetime(2024, 5, 6, 10, 0)
    with pytest.raises(ValueError, match="aware"):
        start(timed, _who("pelaksana"), naive, WIB)
    state = _handed_in(timed, datetime(2024, 5, 6, 10, 0, tzinfo=WIB), WIB)
    with pytest.raises(ValueError, match="aware"):
        decide(timed, state, Approve(), _who("pemeriksa"), naive, WIB)
