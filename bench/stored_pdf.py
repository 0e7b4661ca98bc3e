"""CPU per request of the public SOP document PDF: typeset on every request (before) against
typeset once and served from the file storage (after: first request, repeat, 304).

CPU is this process's plus its children's (``resource.getrusage``): Typst runs in a child
process (tayang/apart.py), which ``time.process_time`` would not count.

    .venv/bin/python -m bench.stored_pdf
"""

from __future__ import annotations

import resource
import statistics
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench.django_env import configure

RUNS = 15


def cpu_ms() -> float:
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total * 1000


def measured(action: Callable[[], object]) -> float:
    started = cpu_ms()
    action()
    return cpu_ms() - started


def run() -> None:
    with tempfile.TemporaryDirectory() as folder:
        configure(Path(folder), task_backend="django.tasks.backends.immediate.ImmediateBackend")
        from django.core.files.storage import default_storage
        from django.test import Client
        from django.urls import reverse

        from tayang.web import document
        from tayang.web.stored_pdf import PREFIX, stored_pdf

        key = "gunungkidul-dpmptsp-upload-konten"
        url = reverse("sop-document-pdf", kwargs={"key": key})
        client = Client()
        client.get(url)  # imports and first-use costs out of the way

        def forget() -> None:
            folder = f"{PREFIX}/sop/bawaan/{key}"
            for name in default_storage.listdir(folder)[1]:
                default_storage.delete(f"{folder}/{name}")

        before, first, repeat, held = [], [], [], []
        for _ in range(RUNS):
            # Before: the same request with the storage left out (typeset every time).
            document.stored_pdf = lambda slot, key, make: make()  # type: ignore[assignment]
            before.append(measured(lambda: client.get(url)))
            document.stored_pdf = stored_pdf
            forget()
            first.append(measured(lambda: client.get(url)))
            repeat.append(measured(lambda: client.get(url)))
            etag = client.get(url)["ETag"]
            held.append(measured(lambda etag=etag: client.get(url, HTTP_IF_NONE_MATCH=etag)))
        for name, samples in (("before: typeset on every request", before),
                              ("after, first request (typeset + stored)", first),
                              ("after, repeat (read from the storage)", repeat),
                              ("after, If-None-Match (304)", held)):
            print(f"{name}: median {statistics.median(samples):.1f} ms CPU "
                  f"(min {min(samples):.1f}, max {max(samples):.1f}; {RUNS} runs)")


if __name__ == "__main__":
    run()
