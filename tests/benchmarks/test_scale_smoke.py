"""The scale benchmark runs end to end on a tiny database and writes every figure's key.

Not a timing test: it checks that ``python -m bench scale`` still builds its database, drives
the flow through the views and measures each list, whatever the product's code has become.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_scale_benchmark_runs_on_a_tiny_database(tmp_path):
    env = {key: value for key, value in os.environ.items()
           if key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    run = subprocess.run(
        [sys.executable, "-m", "bench", "scale", "--items", "30", "--waiting", "6",
         "--flows", "1", "--no-http", "--sqlite", "--var", str(tmp_path / "var"),
         "--results", str(tmp_path / "results")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    figures = json.loads((tmp_path / "results" / "scale.json").read_text())["figures"]
    for key in ("flow_ms_median", "publish_queries", "article_nocache_ms", "db_mb_30",
                "inbox_reviewer_p95_ms_30", "inbox_editor_p95_ms_30",
                "register_first_p95_ms_30", "register_search_p95_ms_30",
                "register_filter_p95_ms_30", "news_list_nocache_p95_ms_30",
                "reference_cpu_ms_at_start", "reference_cpu_ms_at_end"):
        assert isinstance(figures[key], int | float) and figures[key] > 0, key
    assert figures["rows"]["items.Item"] == 36
    assert "alur lengkap" in run.stdout  # the table against the aims is printed
    assert not (tmp_path / "var" / "sqlite-30").exists()  # the database is removed
