"""What a web process keeps per server thread (issue 16; docs/performance.md, the web process's
memory): each thread holds its own SQLite connection between requests, so its page cache is
paid once per thread — 512 KiB each, not SQLite's 2 MiB."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection


@pytest.mark.django_db
def test_each_sqlite_connection_keeps_a_small_page_cache() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's page cache; PostgreSQL's buffers are the server's")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        pages_or_kib = cursor.fetchone()[0]
    assert settings.SQLITE_CACHE_KIB == 512
    assert pages_or_kib == -512  # negative: a size in KiB, whatever the page size


def test_every_way_of_serving_sets_the_same_heap_policy() -> None:
    """``make run``, the systemd unit and the benchmark's server run granian with one glibc heap
    and no per-thread caches (tayang/heap.py) and code objects without column positions; the
    process sets the same number of heaps itself when started some other way."""
    import re
    from pathlib import Path

    from bench.serving import SERVER_ENV
    from tayang import heap

    root = Path(__file__).resolve().parents[2]
    run = (root / "scripts" / "run.sh").read_text()
    unit = (root / "deploy" / "systemd" / "tayang-web.service").read_text()
    for name, value in SERVER_ENV.items():
        assert re.search(rf"{name}=\$\{{{name}:-{re.escape(value)}\}}", run), name
        assert f"Environment={name}={value}\n" in unit, name
    assert SERVER_ENV["MALLOC_ARENA_MAX"] == str(heap.ARENAS) == "1"
    assert SERVER_ENV["PYTHONNODEBUGRANGES"] == "1"


def test_the_in_process_page_cache_is_bounded_by_what_a_process_can_keep() -> None:
    """Without Redis each web process keeps its own page cache: 500 pages of 5–7 KB each (a
    sitemap page ~35 KB), a few MB, not the 10–14 MB that 2,000 pages let a crawler add."""
    cache = settings.CACHES["default"]
    if cache["BACKEND"] != "django.core.cache.backends.locmem.LocMemCache":
        pytest.skip("Redis keeps the pages outside the web processes")
    assert cache["OPTIONS"]["MAX_ENTRIES"] == 500
