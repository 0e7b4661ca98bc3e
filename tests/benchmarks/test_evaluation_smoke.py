"""The dashboard and report benchmark runs end to end on a tiny database and writes every
figure's key. Not a timing test: it checks that ``python -m bench evaluation`` still builds its
database and gets every page and file it measures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_evaluation_benchmark_runs_on_a_tiny_database(tmp_path):
    env = {key: value for key, value in os.environ.items()
           if key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    run = subprocess.run(
        [sys.executable, "-m", "bench", "evaluation", "--items", "30", "--waiting", "6",
         "--sqlite", "--var", str(tmp_path / "var"), "--results", str(tmp_path / "results")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    # A size other than the usual 20,000 gets a file of its own ("evaluation-<size>.json").
    written = sorted((tmp_path / "results").glob("evaluation*.json"))
    assert len(written) == 1, written
    figures = json.loads(written[0].read_text())["figures"]
    for key in ("dashboard_default_p95_ms", "dashboard_year_p95_ms",
                "report_year_compared_p95_ms", "report_xlsx_year_ms", "report_pdf_year_ms",
                "dashboard_default_queries", "report_year_compared_queries"):
        assert isinstance(figures[key], int | float) and figures[key] > 0, key
    assert figures["visits_in_year"] > 0
    assert "dasbor, satu tahun" in run.stdout  # the table against the aims is printed
    assert not (tmp_path / "var" / "sqlite-30").exists()  # the database is removed
