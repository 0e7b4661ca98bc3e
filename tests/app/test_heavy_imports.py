"""A web process that has loaded every URL carries none of the heavy libraries.

PyAV (25 MB), openpyxl (16 MB), httpx (14 MB), segno (9 MB) and Pillow (5 MB) are imported by
the code that uses them — a video upload, a spreadsheet import or export, a delivery, the
two-factor page, a photo —
so a process that serves lists and items stays small (issue 16; docs/performance.md, memory).
A module-level import of one of them anywhere on the URL or app-loading path fails here.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import textwrap
from pathlib import Path

HEAVY = ("av", "openpyxl", "httpx", "segno", "typst", "hunspell", "PIL")
# Tayang's own modules that only some pages need: the SOP document's layout, HTML and PDF
# (nine modules, ~0.6 MB per process), loaded by the view that draws a document.
PAGE_ONLY = ("tayang.sop.document.layout", "tayang.sop.document.html", "tayang.sop.document.pdf")


def test_loading_the_apps_and_every_url_imports_no_heavy_library():
    code = textwrap.dedent(
        f"""
        import sys
        import django
        django.setup()
        from django.urls import get_resolver
        get_resolver().url_patterns
        heavy = {HEAVY + PAGE_ONLY!r}
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


def _imports_pillow_at_run_time(tree: ast.Module) -> list[int]:
    """Lines importing PIL outside ``if TYPE_CHECKING:`` blocks."""
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            typing_only.update(id(child) for child in ast.walk(node))
    found = []
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom):
            modules = [node.module or ""]
        elif isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        else:
            continue
        if any(module.split(".")[0] == "PIL" for module in modules):
            found.append(node.lineno)
    return found


def test_pillow_is_loaded_only_through_the_module_that_guards_it():
    # tayang/media/pillow.py sets Pillow's pixel and text limits when it is imported: a picture
    # opened through a direct import could skip them in a process that had not loaded it yet.
    package = Path(__file__).resolve().parents[2] / "tayang"
    offenders = [
        f"{path.relative_to(package.parent)}:{line}"
        for path in sorted(package.rglob("*.py"))
        if path != package / "media" / "pillow.py"
        for line in _imports_pillow_at_run_time(ast.parse(path.read_text(), str(path)))
    ]
    assert offenders == []


def test_e_mail_deliveries_and_the_notice_board_load_no_httpx():
    # httpx (with click, ~3.8 MB) was loaded by the worker for the demo's e-mail notifications
    # (the Telegram and WhatsApp modules were imported beside e-mail) and for its notice-board
    # posters (an HTTP client opened for a kind that sends nothing): docs/performance.md, "The
    # worker under 80 MB".
    code = textwrap.dedent(
        """
        import sys
        import django
        django.setup()
        from tayang.channels import delivery
        from tayang.channels.connectors.noticeboard import NoticeBoard
        from tayang.notify import dispatch, reach
        with delivery._http_client(NoticeBoard) as http:
            assert http is None
        assert reach.MEDIA["email"].shown("orang@contoh.go.id")
        print("httpx" in sys.modules)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True, text=True, check=False, timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tayang.settings",
             "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
