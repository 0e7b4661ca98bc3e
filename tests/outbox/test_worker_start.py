"""``manage.py worker`` sweeps once before it runs any task (docs/performance.md, "The worker's
peak"): at start the sweeps find the most (a whole backlog of deliveries, reminders and checks),
and run in their thread beside the first tasks, their memory and the tasks' added up."""

from __future__ import annotations

import time
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.management import call_command

from tayang import heap
from tayang.operations import heartbeat
from tayang.outbox import sweeps
from tayang.outbox.management.commands import worker


@pytest.fixture
def quiet(monkeypatch, settings):
    settings.TAYANG_SWEEP_SECONDS = 3600
    monkeypatch.setattr(heap, "freeze", lambda: None)  # not the test process's own objects
    monkeypatch.setattr(heartbeat, "beat", lambda *args: None)
    monkeypatch.setattr(heartbeat, "stop", lambda *args: None)


@pytest.mark.django_db(transaction=True)  # each round closes its connection
def test_the_first_sweep_round_is_over_before_the_first_task(monkeypatch, quiet):
    order: list[str] = []

    def slow_sweep() -> dict[str, int]:
        time.sleep(0.3)  # a backlog: the tasks must not start meanwhile
        order.append("sweep")
        return {}

    def work(options: dict[str, Any]) -> SimpleNamespace:
        order.append("tasks")
        return SimpleNamespace(restart=False)

    monkeypatch.setattr(sweeps, "_registry", {"uji": slow_sweep})
    monkeypatch.setattr(worker, "_work", work)
    call_command("worker", reload=False, verbosity=0)
    assert order == ["sweep", "tasks"]  # and no second round within TAYANG_SWEEP_SECONDS


@pytest.mark.django_db(transaction=True)
def test_a_failing_first_round_does_not_keep_the_worker_from_its_tasks(monkeypatch, quiet):
    order: list[str] = []

    def broken() -> dict[str, int]:
        raise RuntimeError("rusak")

    monkeypatch.setattr(sweeps, "_registry", {"rusak": broken})
    monkeypatch.setattr(worker, "_work",
                        lambda options: order.append("tasks") or SimpleNamespace(restart=False))
    call_command("worker", reload=False, verbosity=0)
    assert order == ["tasks"]
