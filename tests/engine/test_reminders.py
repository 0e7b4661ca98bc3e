"""The wake-ups a timed step asks for: target, limit, escalation and a second escalation."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tayang.engine import events as ev
from tayang.engine.actions import Approve, HandIn
from tayang.engine.machine import Accepted, decide, start
from tayang.sop import load_text

from .builders import actor

Stage = ev.ReminderStage
WITA = ZoneInfo("Asia/Makassar")

TIMED = """
tayang: 1
key: eskalasi
identity: {organization: Dinas Contoh, name: Publikasi}
roles:
  - {key: peliput, name: Peliput}
  - {key: penyunting, name: Penyunting}
  - {key: kepala, name: Kepala Dinas}
  - {key: sekretaris, name: Sekretaris}
fields:
  - {key: judul, label: Judul, kind: text, title: true}
steps:
  - {key: serahkan, activity: Menyerahkan, kind: handin, roles: [peliput]}
  - key: sunting
    activity: Menyunting
    kind: review
    roles: [penyunting]
    time: 1-3 jam
    escalate_to: [sekretaris]
    escalate_again: 1 hari
  - {key: putuskan, activity: Memutuskan, kind: decision, roles: [kepala], reject: sunting,
     time: 2 jam}
  - {key: tayangkan, activity: Menayangkan, kind: publish, roles: [penyunting]}
"""


def _handed_in(at: datetime):
    sop = load_text(TIMED)
    created = start(sop, actor("peliput", id="p"), at, WITA, {"judul": "Rapat"})
    assert isinstance(created, Accepted)
    outcome = decide(sop, created.state, HandIn(), actor("peliput", id="p"), at, WITA)
    assert isinstance(outcome, Accepted)
    return sop, outcome


def test_a_range_asks_for_target_limit_and_two_escalations_to_the_named_role():
    at = datetime(2026, 12, 7, 9, 0, tzinfo=WITA)
    _, outcome = _handed_in(at)
    wakeups = [e for e in outcome.events if isinstance(e, ev.ReminderDue)]
    assert [(w.stage, w.at, w.roles) for w in wakeups] == [
        (Stage.TARGET, at + timedelta(hours=1), ("penyunting",)),
        (Stage.LIMIT, at + timedelta(hours=3), ("penyunting",)),
        (Stage.ESCALATION, at + timedelta(hours=3), ("sekretaris",)),
        (Stage.ESCALATION_AGAIN, at + timedelta(hours=3, days=1), ("sekretaris",)),
    ]
    assert {(w.step, w.version, w.entered_at) for w in wakeups} == {
        ("sunting", outcome.state.version, at)
    }


def test_without_escalate_to_the_admins_hear_once():
    at = datetime(2026, 12, 7, 9, 0, tzinfo=WITA)
    sop, handed = _handed_in(at)
    later = at + timedelta(minutes=30)
    approved = decide(sop, handed.state, Approve(), actor("penyunting", id="e"), later, WITA)
    assert isinstance(approved, Accepted)
    wakeups = [e for e in approved.events if isinstance(e, ev.ReminderDue)]
    assert [(w.step, w.stage, w.roles) for w in wakeups] == [
        ("putuskan", Stage.LIMIT, ("kepala",)),
        ("putuskan", Stage.ESCALATION, ()),
    ]
    assert all(w.at == later + timedelta(hours=2) for w in wakeups)
