"""The outbox machinery both publications and notifications use (``tayang.outbox``)."""

from __future__ import annotations

import ast
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tayang.notify.dispatch import DELIVERIES
from tayang.notify.models import Delivery, Kind
from tayang.outbox import sweeps
from tayang.outbox.journal import Journal, LeaseLost
from tests.app.world import make_world

ROOT = Path(__file__).resolve().parents[2]


def imports_of(module: str) -> set[str]:
    path = ROOT / (module.replace(".", "/") + ".py")
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_the_channels_delivery_no_longer_imports_its_own_queue():
    """delivery → (nothing of the queue); tasks → delivery; queue → tasks: no circle."""
    assert not {"tayang.channels.queue", "tayang.channels.tasks"} & imports_of(
        "tayang.channels.delivery")
    assert not {"tayang.channels.queue", "tayang.channels.sweep"} & imports_of(
        "tayang.channels.tasks")
    assert "tayang.channels.tasks" in imports_of("tayang.channels.queue")
    assert not {"tayang.notify.announce", "tayang.notify.tasks"} & imports_of(
        "tayang.notify.dispatch")


def test_every_worker_runs_every_registered_sweep():
    assert set(sweeps.registered()) == {"penayangan", "pemberitahuan", "pengingat",
                                        "ringkasan", "telegram", "jadwal", "unggahan",
                                        "format-aksesibel", "periksa-ejaan", "rekap"}


def test_one_failing_sweep_never_stops_the_others(monkeypatch):
    def broken() -> dict[str, int]:
        raise RuntimeError("database went away")

    monkeypatch.setattr(sweeps, "_registry", {"rusak": broken, "baik": lambda: {"ok": 1}})
    assert sweeps.run_all() == {"rusak": {"error": 1}, "baik": {"ok": 1}}


@pytest.mark.django_db
def test_an_attempt_whose_row_was_handed_on_stops_at_its_next_record():
    world = make_world("o", "dinas-o")
    from tayang.notify.compose import Words
    from tayang.notify.notices import write

    [notification] = write([world.admin], kind=Kind.ARRIVED, organization=world.org, key="k",
                           words=Words("Menunggu Anda: x", ""), at=timezone.now())
    delivery = Delivery.objects.create(notification=notification, medium="email",
                                       due_at=timezone.now(), idempotency_key="k1")
    claimed = DELIVERIES.claim(delivery.pk, timezone.now())
    journal = Journal(DELIVERIES, claimed)
    journal.record("step", 1)
    # The lease ran out; a sweep handed the row on while this attempt was still busy.
    assert DELIVERIES.recover(timezone.now() + timedelta(hours=1)) == 1
    with pytest.raises(LeaseLost):
        journal.record("_uncertain", True)
    delivery.refresh_from_db()
    assert delivery.journal == {"step": 1} and delivery.state == "retrying"
