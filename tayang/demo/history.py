"""Eight weeks of past work for each demo SOP, so the dashboard and the evaluation report have
something to show: one item a week driven to its end through the engine, most on time, some
late at one step, one sent back and handed in again, one refused where the SOP allows it.

The times are chosen, not random, so the demo shows the same figures every time it is built.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import AbstractUser
from django.utils import timezone

from tayang.demo.items import _new_item, _response, _route_value
from tayang.engine.actions import (
    Action,
    Approve,
    Archive,
    ChooseRoute,
    HandIn,
    Publish,
    Refuse,
    SendBack,
)
from tayang.items.workflow import perform
from tayang.procedures.models import Procedure
from tayang.sop.model import StepKind

WEEKS = 8
_QUICK = timedelta(minutes=4)  # within every bundled standard (the shortest is 5 minutes)
_SLOW = timedelta(days=3)  # past every bundled standard short of weeks
_TITLES = (
    "Rapat evaluasi pelayanan publik triwulan",
    "Kunjungan kerja ke sentra industri kecil",
    "Penyerahan bantuan alat usaha bagi pelaku UMKM",
    "Sosialisasi keterbukaan informasi publik",
    "Pelantikan pengurus forum komunikasi desa",
    "Lomba inovasi pelayanan tingkat kecamatan",
    "Bakti sosial peringatan hari jadi daerah",
    "Pendampingan sertifikasi halal produk lokal",
)


def build_history(procedure: Procedure, people: dict[str, AbstractUser]) -> int:
    """``WEEKS`` items, one handed in each past week; returns how many were made."""
    sop = procedure.current.sop
    route = {key: _route_value(sop, key) for step in sop.steps for key in step.chooses}
    now = timezone.now()
    for week in range(WEEKS):
        started = now - timedelta(weeks=WEEKS - week, hours=week)
        item = _new_item(procedure, sop, people, _TITLES[week % len(_TITLES)], started)
        moment = started + timedelta(minutes=10)
        slow_step = week % len(sop.steps) if week % 3 == 1 else -1
        sent_back = refused = False
        for _ in range(4 * len(sop.steps)):
            item.refresh_from_db()
            if not item.step:
                break
            step = sop.step(item.step)
            user = people[step.roles[0]]
            moment += _SLOW if sop.steps.index(step) == slow_step else _QUICK
            for key in step.chooses:
                perform(item.pk, user, ChooseRoute(key, route[key]), now=moment)
            action: Action
            if week == 2 and step.reject and step.kind is not StepKind.HANDIN and not sent_back:
                action, sent_back = SendBack("Foto kurang tajam, mohon diganti yang jelas."), True
            elif week == 5 and step.refuse and not refused:
                action, refused = Refuse("Tidak layak tayang: materi bersifat promosi."), True
            else:
                ticked = frozenset(r.text for r in step.requirements if r.is_checklist)
                action = {
                    StepKind.HANDIN: HandIn(ticked), StepKind.PUBLISH: Publish(confirmed=ticked),
                    StepKind.ARCHIVE: Archive(),
                }.get(step.kind, Approve(confirmed=ticked, response=_response(step)))
            if not perform(item.pk, user, action, now=moment).ok or refused:
                break
    return WEEKS
