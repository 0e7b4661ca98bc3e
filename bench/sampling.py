"""Where a POST's CPU goes, by sampling: ``python -m bench flowprofile --sample``.

cProfile charges its own cost to every call it sees, so code made of many small calls (the
ORM's model constructor, a descriptor, a cursor's placeholder rewriting) looks three to five
times dearer than it is, and code that calls little looks cheaper. A sampler does not change
the work: the kernel interrupts the process every time it has used an interval of CPU
(``ITIMER_PROF``; Linux counts it in scheduler ticks, 4 ms here, so a few hundred flows give
a few hundred samples per POST) and the handler notes the Python stack then. A function's
share of the samples is its share of the CPU: *inclusive* (it was anywhere on the stack) and
*own* (it was the frame running). That is how the 3.5 % of SQLite's placeholder rewriting and
the 7.6 % of ``Model.__init__`` in the flow were found (``docs/performance.md``, "The flow's
Python, per call").
"""

from __future__ import annotations

import collections
import contextlib
import re
import signal
from collections.abc import Iterator
from types import FrameType

type Key = tuple[str, int, str]  # file (shortened), first line, function


_STDLIB = re.compile(r".*/lib/python3\.\d+/")


def _key(frame: FrameType) -> Key:
    code = frame.f_code
    name = code.co_filename
    for marker in ("site-packages/", "/tayang/"):
        if marker in name:
            name = name.split(marker, 1)[1]
            break
    else:
        name = _STDLIB.sub("", name)
    return name, code.co_firstlineno, code.co_name


def _ours(frame: FrameType) -> bool:
    """A frame of the benchmark itself (the flow's driver): on the stack of every sample."""
    name = frame.f_code.co_filename
    return "/bench/" in name or name.startswith("<frozen runpy")


class Sampler:
    """Samples of the stack while :meth:`watching` a named piece of work."""

    def __init__(self, interval: float = 0.001) -> None:
        self.interval = interval
        self.current: str | None = None
        self.total: collections.Counter[str] = collections.Counter()
        self.inclusive: dict[str, collections.Counter[Key]] = collections.defaultdict(
            collections.Counter)
        self.own: dict[str, collections.Counter[Key]] = collections.defaultdict(
            collections.Counter)

    def _sample(self, signum: int, frame: FrameType | None) -> None:
        name = self.current
        if name is None or frame is None:
            return
        self.total[name] += 1
        self.own[name][_key(frame)] += 1
        seen: set[Key] = set()
        while frame is not None:
            key = _key(frame)
            if key not in seen and not _ours(frame):  # a recursive function counts once
                seen.add(key)
                self.inclusive[name][key] += 1
            frame = frame.f_back

    @contextlib.contextmanager
    def running(self) -> Iterator[Sampler]:
        previous = signal.signal(signal.SIGPROF, self._sample)
        signal.setitimer(signal.ITIMER_PROF, self.interval, self.interval)
        try:
            yield self
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0, 0)
            signal.signal(signal.SIGPROF, previous)

    @contextlib.contextmanager
    def watching(self, name: str) -> Iterator[None]:
        self.current = name
        try:
            yield
        finally:
            self.current = None

    def report(self, top: int) -> str:
        """Per piece of work, then all together: the functions by inclusive share, and by own."""
        lines: list[str] = []
        names = [*self.total, "semua"]
        for name in names:
            parts = list(self.total) if name == "semua" else [name]
            total = sum(self.total[part] for part in parts)
            if not total:
                continue
            inclusive: collections.Counter[Key] = collections.Counter()
            own: collections.Counter[Key] = collections.Counter()
            for part in parts:
                inclusive.update(self.inclusive[part])
                own.update(self.own[part])
            lines.append(f"\n== {name}: {total} sampel, % inklusif / % sendiri")
            for key, count in inclusive.most_common(top):
                lines.append(f"  {100 * count / total:5.1f} {100 * own[key] / total:5.1f}  "
                             f"{key[0]}:{key[1]} {key[2]}")
            lines.append(f"  -- urut waktu sendiri ({name})")
            for key, count in own.most_common(top):
                lines.append(f"  {100 * inclusive[key] / total:5.1f} {100 * count / total:5.1f}  "
                             f"{key[0]}:{key[1]} {key[2]}")
        return "\n".join(lines)
