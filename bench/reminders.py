"""The time standards' wake-ups at a million items: what the worker's sweep costs.

A database of **1,000,000 items** is built (SQLite, as ``make run`` uses; PostgreSQL with
``TAYANG_BENCH_DATABASE_URL``): most are finished, a realistic share waits at a timed step
with its pending wake-ups (target, limit, escalation), and the last month's finished visits
keep their done or stale rows (older ones are pruned by the sweep). Figures:

* **idle scan** — one round of the sweep's query when nothing is due (what every worker runs
  every ``TAYANG_SWEEP_SECONDS``): it reads the partial index on pending due times only;
* **query plan** — that index is what the database uses;
* **waking** — re-checking each due row's item and writing its reminder or escalation (with
  the e-mail delivery), per wake-up;
* **keeping** — what one action adds to its transaction: storing the wake-ups of the step it
  entered and marking those of the visit it left.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.django_env import configure
from bench.results import summary, write

# A smaller figure (TAYANG_BENCH_REMINDER_ITEMS) is for trying the benchmark out only.
ITEMS = int(os.environ.get("TAYANG_BENCH_REMINDER_ITEMS", "1000000"))
ACTIVE_SHARE = 0.05  # waiting at a timed step now
RECENT_SHARE = 0.10  # finished within the last month: their rows are kept until pruned
DUE_NOW = 200  # pending rows due at the measured moment (one round of the sweep)
IDLE_RUNS = 300
KEEP_RUNS = 300
BATCH = 10_000
NOW = datetime(2026, 6, 1, 3, 0, tzinfo=UTC)


def run() -> None:
    print(f"reminders: {ITEMS:,} konten, {ACTIVE_SHARE:.0%} menunggu di langkah bertenggat; "
          "sapuan pengingat")
    folder = Path(tempfile.mkdtemp(prefix="tayang-bench-reminders-"))
    try:
        _configure(folder)
        world = _build()
        figures = _measure(world)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    # SQLite (the default) and PostgreSQL keep their own figures.
    write("reminders" if figures["database"] == "sqlite" else "reminders-postgresql", figures)


def _configure(folder: Path) -> None:
    configure(folder, task_backend="django.tasks.backends.dummy.DummyBackend",
              database_url=os.environ.get("TAYANG_BENCH_DATABASE_URL", ""))
    from tayang.items.models import Item

    if Item.objects.exists():
        raise SystemExit("TAYANG_BENCH_DATABASE_URL harus menunjuk basis data kosong.")


def _build() -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    from tayang.items.models import Item
    from tayang.notify.models import Preference, WakeUp
    from tayang.orgs.models import Membership, Organization
    from tayang.procedures.models import RoleGrant
    from tayang.procedures.services import adopt_bundled

    started = time.perf_counter()
    org = Organization.objects.create(slug="bench", name="Dinas Tolok Ukur")
    procedure = adopt_bundled(org, "dinsos-diy-media-informasi")
    version = procedure.current
    editor = get_user_model().objects.create_user("bench.admin", "bench@dinas.go.id")
    Preference.objects.create(user=editor, quiet_enabled=False)
    membership = Membership.objects.create(organization=org, user=editor)
    RoleGrant.objects.create(membership=membership, procedure=procedure, role_key="admin")
    active = int(ITEMS * ACTIVE_SHARE)
    recent = int(ITEMS * RECENT_SHARE)
    common = {"organization": org, "procedure": procedure, "procedure_version": version,
              "created_by": editor}
    pk_start = None
    for offset in range(0, ITEMS, BATCH):
        rows = []
        for number in range(offset, min(offset + BATCH, ITEMS)):
            entered = NOW - timedelta(minutes=number % 600)
            waiting = number < active
            rows.append(Item(
                **common, title=f"Konten {number}", created_at=entered - timedelta(days=1),
                status="in_progress" if waiting else "finished",
                step="sunting" if waiting else "", step_entered_at=entered if waiting else None,
                due_target=entered + timedelta(hours=1) if waiting else None,
                due_limit=entered + timedelta(hours=3) if waiting else None,
            ))
        made = Item.objects.bulk_create(rows, batch_size=BATCH)
        pk_start = pk_start or made[0].pk
    items_built = time.perf_counter() - started
    print(f"  {ITEMS:,} konten dibuat dalam {items_built:.0f} s")
    ids = list(Item.objects.order_by("pk").values_list("pk", "step_entered_at")[:active])
    wakeups: list[WakeUp] = []
    due_now = 0
    for pk, entered in ids:
        for stage, hours in (("target", 1), ("limit", 3), ("escalation", 3)):
            due = entered + timedelta(hours=hours)
            # Only DUE_NOW rows are due at the measured moment; the rest later.
            if due <= NOW and due_now >= DUE_NOW:
                due = NOW + timedelta(minutes=1 + pk % 600)
            elif due <= NOW:
                due_now += 1
            wakeups.append(WakeUp(item_id=pk, step="sunting", visit=entered, stage=stage,
                                  due_at=due, version=2, roles=["admin"] if stage != "escalation"
                                  else []))
    history = Item.objects.order_by("pk").values_list("pk", flat=True)[active:active + recent]
    for pk in history:
        for stage in ("target", "limit", "escalation"):
            wakeups.append(WakeUp(item_id=pk, step="sunting", visit=NOW - timedelta(days=10),
                                  stage=stage, due_at=NOW - timedelta(days=10, hours=-3),
                                  version=2, state="done" if pk % 2 else "stale"))
    WakeUp.objects.bulk_create(wakeups, batch_size=BATCH)
    pending = WakeUp.objects.filter(state="pending").count()
    print(f"  {len(wakeups):,} baris pengingat ({pending:,} menunggu, {due_now} jatuh tempo), "
          f"{time.perf_counter() - started:.0f} s")
    from django.db import connection

    with connection.cursor() as cursor:  # fresh statistics, as a running database has
        cursor.execute("ANALYZE")
    return {"org": org, "editor": editor, "active": active, "wakeups": len(wakeups),
            "pending": pending, "due_now": due_now}


def _measure(world: dict[str, Any]) -> dict[str, object]:
    from django.db import connection

    from tayang.notify import wakeups
    from tayang.notify.models import WakeUp

    def scan(moment: datetime) -> list[int]:
        return list(WakeUp.objects.filter(state="pending", due_at__lte=moment)
                    .order_by("due_at").values_list("pk", flat=True)[:wakeups.BATCH])

    before = NOW - timedelta(days=2)  # nothing is due yet
    assert scan(before) == []
    idle = []
    for _ in range(IDLE_RUNS):
        started = time.perf_counter()
        scan(before)
        idle.append((time.perf_counter() - started) * 1000)
    query = WakeUp.objects.filter(state="pending", due_at__lte=NOW).order_by("due_at") \
        .values_list("pk", flat=True)[:wakeups.BATCH]
    plan = query.explain()
    print(f"  sapuan kosong: p50 {summary(idle)['p50_ms']} ms, p95 {summary(idle)['p95_ms']} ms")
    print(f"  rencana kueri: {plan.splitlines()[-1].strip()}")

    started = time.perf_counter()
    found = wakeups.wake_due(NOW)
    waking_s = time.perf_counter() - started
    woken = found["sent"] + found["stale"]
    per_wakeup = waking_s * 1000 / max(woken, 1)
    print(f"  {woken} pengingat dibangunkan dalam {waking_s * 1000:.0f} ms "
          f"({per_wakeup:.2f} ms per pengingat; {found})")

    keep = _keeping(world)
    print(f"  menyimpan pengingat satu tindakan: p50 {keep['p50_ms']} ms, p95 {keep['p95_ms']} ms")
    return {
        "database": connection.vendor, "items": ITEMS, "waiting_items": world["active"],
        "wakeup_rows": world["wakeups"], "pending_rows": world["pending"],
        "idle_scan": summary(idle), "query_plan": plan,
        "waking": {"woken": woken, "total_ms": round(waking_s * 1000, 2),
                   "per_wakeup_ms": round(per_wakeup, 3), "outcome": found},
        "keeping_per_action": keep,
    }


def _keeping(world: dict[str, Any]) -> dict[str, float]:
    """wakeups.keep() for an item entering a new visit: three rows in, the old ones stale."""
    from django.db import transaction

    from tayang.engine.events import ReminderDue, ReminderStage
    from tayang.items.models import Item
    from tayang.notify import wakeups

    items = list(Item.objects.filter(status="in_progress").order_by("-pk")[:KEEP_RUNS])
    samples = []
    for number, item in enumerate(items):
        entered = NOW + timedelta(minutes=number)
        item.step, item.step_entered_at = "filter_pimpinan_unit", entered
        events = [ReminderDue("filter_pimpinan_unit", entered + timedelta(hours=2), 5, stage,
                              ("pimpinan_unit",) if stage is not ReminderStage.ESCALATION
                              else (), entered)
                  for stage in (ReminderStage.LIMIT, ReminderStage.ESCALATION)]
        started = time.perf_counter()
        with transaction.atomic():
            wakeups.keep(item, events)
        samples.append((time.perf_counter() - started) * 1000)
    return summary(samples)
