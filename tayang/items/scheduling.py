"""Starting the items of SOPs with a ``schedule`` (recurring work), once per occurrence.

Run by the worker's sweep. For every active SOP whose current definition has a schedule, each
occurrence that has come since the last one started (or since the SOP version was made) gets
one item at the SOP's first step, created on behalf of the schedule itself — a system account
named "Jadwal SOP" that holds no role and cannot sign in — and waiting in the inbox of the
first step's role holders. The occurrence row is written in the same transaction as the item,
under a unique constraint, so two workers never start the same occurrence twice.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Subquery
from django.utils import timezone

from tayang.engine.actions import Actor
from tayang.items.models import ScheduledStart
from tayang.items.workflow import create_item
from tayang.orgs.calendar import calendar_for
from tayang.procedures.models import Procedure
from tayang.sop.schedule import next_start

SCHEDULE_USERNAME = "tayang-jadwal"
# A worker stopped for long catches up at most this many occurrences per SOP per round.
CATCH_UP = 12


def schedule_user() -> AbstractBaseUser:
    """The account scheduled items are created by (inactive, no password, no role)."""
    user, made = get_user_model().objects.get_or_create(
        username=SCHEDULE_USERNAME,
        defaults={"first_name": "Jadwal", "last_name": "SOP", "is_active": False},
    )
    if made:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def scheduled_creator() -> Subquery:
    """The schedule account's id as a subquery, for filters that must not cost a query."""
    return Subquery(
        get_user_model().objects.filter(username=SCHEDULE_USERNAME).values("pk")[:1]
    )



def start_scheduled(now: datetime | None = None) -> int:
    """Start every item whose occurrence has come; returns how many were started."""
    now = now or timezone.now()
    started = 0
    for procedure in Procedure.objects.filter(is_active=True).select_related("organization"):
        version = procedure.current
        sop = version.sop
        if sop.schedule is None:
            continue
        started += _catch_up(procedure, version.created_at, now)
    return started


def _catch_up(procedure: Procedure, since: datetime, now: datetime) -> int:
    version = procedure.current
    sop = version.sop
    schedule = sop.schedule
    if schedule is None:
        raise AssertionError
    organization = procedure.organization
    calendar = calendar_for(organization, sop)
    last = (
        ScheduledStart.objects.filter(procedure=procedure)
        .order_by("-occurrence").values_list("occurrence", flat=True).first()
    )
    moment = last or since
    started = 0
    for _ in range(CATCH_UP):
        occurrence = next_start(schedule, moment, organization.zone, calendar.is_working_day)
        if occurrence > now:
            break
        if _start(procedure, occurrence, now):
            started += 1
        moment = occurrence
    return started


def _start(procedure: Procedure, occurrence: datetime, now: datetime) -> bool:
    user = schedule_user()
    sop = procedure.current.sop
    try:
        with transaction.atomic():
            record = ScheduledStart.objects.create(
                procedure=procedure, occurrence=occurrence, started_at=now
            )
            result = create_item(
                procedure, user, {}, now=now,
                acting_as=Actor(id=str(user.pk), roles=frozenset(sop.first_step.roles),
                                name="Jadwal SOP"),
            )
            if result.item is None:
                raise _Refused(result.message)
            record.item = result.item
            record.save(update_fields=["item"])
    except IntegrityError:
        return False  # another worker started this occurrence
    except _Refused:
        return False
    return True


class _Refused(Exception):
    """The engine refused to start the item: nothing of the occurrence is kept."""
