"""A constructed history with known answers for the dashboard and the evaluation report.

Seed B (Bantul's *Pengelolaan Website dan Media Sosial*) times its steps in minutes, so every
result below follows from the minutes written here: hand-in 60 menit, *pilah* 30 menit,
*ajukan* 15 menit, *tayangkan* 5 menit. All of it happened ``DAYS_AGO`` days ago, inside the
dashboard's default period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from tayang.engine.actions import Action, Approve, Cancel, HandIn, Publish, Refuse, SendBack
from tayang.items.models import Item
from tayang.items.workflow import create_item, perform

from .world import World, make_world

SOP_B = "bantul-disnakertrans-website-medsos"
ORG = "disnakertrans-bantul"
DAYS_AGO = 20
SENT_BACK = "Foto kurang tajam, mohon diganti dengan yang lebih jelas."
REFUSED = "Tidak layak tayang: materi promosi pihak swasta."
CANCELLED = "Kegiatan ditunda oleh panitia, konten tidak jadi dibuat."
WAITING = "Menunggu lewat batas di pilah"


@dataclass
class History:
    world: World
    start: datetime
    items: dict[str, Item]


def _item(world: World, title: str, at: datetime) -> Item:
    result = create_item(world.procedure, world.holder("peliput"), {
        "title": title,
        "narasi_5w1h": {"apa": "Pelatihan", "siapa": "Pencari kerja", "kapan": "Senin",
                        "di_mana": "BLK Bantul", "mengapa": "Keterampilan",
                        "bagaimana": "Praktik"},
    }, unit_id=world.units[1].pk, now=at)
    assert result.ok and result.item is not None, result.message
    return result.item


def _do(world: World, item: Item, role: str, action: Action, at: datetime) -> None:
    result = perform(item.pk, world.holder(role), action, now=at)
    assert result.ok, result.message


STEPS = (("serahkan", "peliput", HandIn()), ("pilah", "pengelola_website", Approve()),
         ("ajukan", "kepala_dinas", Approve()), ("tayangkan", "pengelola_website", Publish()))


def _through(world: World, item: Item, at: datetime, minutes: dict[str, int]) -> None:
    """Accept at each step named in ``minutes``, that many minutes after the item came
    there; it then waits at the first step not named."""
    moment = at
    for key, role, step_action in STEPS:
        if key not in minutes:
            return
        moment += timedelta(minutes=minutes[key])
        _do(world, item, role, step_action, moment)


def build_history(prefix: str = "bantul", slug: str = ORG) -> History:
    world = make_world(prefix, slug, SOP_B)
    # 10.00 local time, DAYS_AGO days ago: every step of the history falls on the day it
    # starts, whatever the hour the tests run (run at 23.55 WIB, the steps crossed into the
    # next date and moved between the periods that the tests compare).
    start = (timezone.now() - timedelta(days=DAYS_AGO)).astimezone(world.org.zone).replace(
        hour=10, minute=0, second=0, microsecond=0)
    items = {}
    # On time everywhere.
    items["tepat"] = _item(world, "Semua langkah tepat waktu", start)
    _through(world, items["tepat"], start,
             {"serahkan": 10, "pilah": 10, "ajukan": 10, "tayangkan": 2})
    # Late at pilah: 90 minutes against a 30-minute standard.
    day = start + timedelta(days=1)
    items["telat"] = _item(world, "Terlambat di pilah", day)
    _through(world, items["telat"], day,
             {"serahkan": 10, "pilah": 90, "ajukan": 5, "tayangkan": 2})
    # Sent back once at pilah, handed in again: pilah and serahkan are repeated.
    day = start + timedelta(days=2)
    items["kembali"] = _item(world, "Dikembalikan sekali", day)
    _do(world, items["kembali"], "peliput", HandIn(), day + timedelta(minutes=10))
    _do(world, items["kembali"], "pengelola_website", SendBack(SENT_BACK),
        day + timedelta(minutes=20))
    _through(world, items["kembali"], day + timedelta(minutes=20),
             {"serahkan": 20, "pilah": 10, "ajukan": 10, "tayangkan": 2})
    # Refused at pilah after 60 minutes: late, and counted there.
    day = start + timedelta(days=3)
    items["tolak"] = _item(world, "Ditolak di pilah", day)
    _do(world, items["tolak"], "peliput", HandIn(), day + timedelta(minutes=10))
    _do(world, items["tolak"], "pengelola_website", Refuse(REFUSED), day + timedelta(minutes=70))
    # Cancelled at pilah after 5 minutes: on time, counted there.
    day = start + timedelta(days=4)
    items["batal"] = _item(world, "Dibatalkan di pilah", day)
    _do(world, items["batal"], "peliput", HandIn(), day + timedelta(minutes=10))
    _do(world, items["batal"], "peliput", Cancel(CANCELLED), day + timedelta(minutes=15))
    # Still waiting at pilah, days past its 30 minutes: late now.
    day = start + timedelta(days=5)
    items["menunggu"] = _item(world, WAITING, day)
    _do(world, items["menunggu"], "peliput", HandIn(), day + timedelta(minutes=10))
    for key, item in items.items():
        items[key] = Item.objects.get(pk=item.pk)
    return History(world, start, items)
