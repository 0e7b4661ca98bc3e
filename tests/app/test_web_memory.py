"""What a web process keeps per server thread (issue 16; docs/performance.md, the web process's
memory): each thread holds its own SQLite connection between requests, so its page cache is
paid once per thread — 512 KiB each, not SQLite's 2 MiB. And what it loads: the web server runs
without docstrings and asserts (``PYTHONOPTIMIZE=2``), so Tayang's code has no ``assert`` and
reads no docstring — it behaves the same with and without ``-OO``."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import textwrap
from pathlib import Path

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
    assert SERVER_ENV["PYTHONOPTIMIZE"] == "2"


def test_the_in_process_page_cache_is_bounded_by_what_a_process_can_keep() -> None:
    """Without Redis each web process keeps its own page cache: 500 pages of 5–7 KB each (a
    sitemap page ~35 KB), a few MB, not the 10–14 MB that 2,000 pages let a crawler add."""
    cache = settings.CACHES["default"]
    if cache["BACKEND"] != "django.core.cache.backends.locmem.LocMemCache":
        pytest.skip("Redis keeps the pages outside the web processes")
    assert cache["OPTIONS"]["MAX_ENTRIES"] == 500


TAYANG = Path(__file__).resolve().parents[2] / "tayang"


def _tayang_modules() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(), str(path))) for path in sorted(TAYANG.rglob("*.py"))]


def test_tayang_has_no_assert_statement_the_web_server_would_drop() -> None:
    """``-OO`` removes ``assert`` statements: an invariant Tayang checks is an explicit raise."""
    found = [f"{path.relative_to(TAYANG.parent)}:{node.lineno}"
             for path, tree in _tayang_modules() for node in ast.walk(tree)
             if isinstance(node, ast.Assert)]
    assert found == []


def test_tayang_reads_no_docstring() -> None:
    """``-OO`` also leaves every ``__doc__`` None: nothing of Tayang's may depend on one."""
    def named(node: ast.AST) -> str:
        return getattr(node, "attr", None) or getattr(node, "id", None) or ""

    found = [f"{path.relative_to(TAYANG.parent)}:{node.lineno}"
             for path, tree in _tayang_modules() for node in ast.walk(tree)
             if isinstance(node, ast.Attribute | ast.Name)
             and named(node) in {"__doc__", "getdoc"}]
    assert found == []


def test_the_web_application_loads_and_compiles_its_templates_without_docstrings() -> None:
    """As granian loads it under ``PYTHONOPTIMIZE=2``: every view, the URL table, every
    template of the project compiled, addresses reversed — with no docstring anywhere."""
    from bench.serving import SERVER_ENV

    code = textwrap.dedent("""
        import sys
        from pathlib import Path

        import tayang.wsgi
        from django.template.loader import get_template
        from django.urls import resolve, reverse

        root = Path(tayang.wsgi.__file__).parent
        names = [str(path.relative_to(folder)) for folder in root.glob("*/templates")
                 for path in folder.rglob("*.html")]
        for name in names:
            get_template(name)
        reverse("public:home", kwargs={"org": "dinas"}), resolve("/kerja/dinas/")
        print(sys.flags.optimize, tayang.wsgi.__doc__, len(names))
    """)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=180,
        env={**os.environ, **SERVER_ENV, "DJANGO_SETTINGS_MODULE": "tayang.settings",
             "TAYANG_DEBUG": "0", "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    optimize, doc, templates = result.stdout.split()
    assert (optimize, doc) == ("2", "None")
    assert int(templates) > 50
