"""The worker hands freed memory back to the system after each task (docs/performance.md)."""

from __future__ import annotations

import pytest
from django.tasks import task

from tayang import heap


@task()
def _nothing() -> int:
    return 1


class _FakeLibc:
    def __init__(self) -> None:
        self.trims: list[int] = []

    def malloc_trim(self, pad: int) -> int:
        self.trims.append(pad)
        return 1


def test_every_finished_task_trims_the_heap(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    fake = _FakeLibc()
    monkeypatch.setattr(heap, "_libc", lambda: fake)
    _nothing.enqueue()
    _nothing.enqueue()
    assert fake.trims == [0, 0]


@pytest.mark.skipif(heap._libc() is None, reason="not glibc")
def test_the_real_trim_runs():
    heap.release()
