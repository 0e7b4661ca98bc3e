"""``bench.sampling``: the sampler notes the stack while a piece of work runs, and only then."""

from __future__ import annotations

import time

from bench.sampling import Sampler


def _busy(seconds: float) -> int:
    """Spend ``seconds`` of this process's CPU."""
    end, total = time.process_time() + seconds, 0
    while time.process_time() < end:
        total += sum(range(200))
    return total


def _caller(seconds: float) -> int:
    return _busy(seconds)


def test_the_sampler_finds_the_function_spending_the_cpu_and_its_caller():
    sampler = Sampler()
    with sampler.running():
        with sampler.watching("sibuk"):
            _caller(0.3)
        _busy(0.1)  # not watched: not counted
    assert set(sampler.total) == {"sibuk"}
    samples = sampler.total["sibuk"]
    assert samples >= 10
    (own_key, own_count), = sampler.own["sibuk"].most_common(1)
    assert own_key[2] == "_busy" and own_count >= samples * 0.8
    callers = {key[2]: count for key, count in sampler.inclusive["sibuk"].items()}
    assert callers["_caller"] >= samples - 1  # on the stack in (nearly) every sample
    report = sampler.report(5)
    assert "== sibuk" in report and "_busy" in report and "== semua" in report
