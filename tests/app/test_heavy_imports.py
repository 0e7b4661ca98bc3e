"""A web process that has loaded every URL carries none of the heavy libraries.

PyAV (25 MB), openpyxl (16 MB), httpx (14 MB) and segno (9 MB) are imported by the code that
uses them — a video upload, a spreadsheet import or export, a delivery, the two-factor page —
so a process that serves lists and items stays small (issue 16; docs/performance.md, memory).
A module-level import of one of them anywhere on the URL or app-loading path fails here.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

HEAVY = ("av", "openpyxl", "httpx", "segno", "typst", "hunspell")


def test_loading_the_apps_and_every_url_imports_no_heavy_library():
    code = textwrap.dedent(
        f"""
        import sys
        import django
        django.setup()
        from django.urls import get_resolver
        get_resolver().url_patterns
        heavy = {HEAVY!r}
        print(",".join(sorted(m for m in heavy if m in sys.modules)))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True, text=True, check=False, timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tayang.settings",
             "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"loaded at start: {result.stdout.strip()}"
