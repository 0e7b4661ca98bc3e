"""The engine and the SOP layer are plain Python: importing them must not load Django."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap


def test_engine_and_sop_load_no_django():
    code = textwrap.dedent(
        """
        import sys
        import tayang.engine
        import tayang.engine.due, tayang.engine.machine, tayang.engine.requirements
        import tayang.sop
        import tayang.sop.bundled, tayang.sop.flow, tayang.sop.timetext
        tayang.sop.bundled.bundled_sops()
        loaded = sorted(m for m in sys.modules if m == "django" or m.startswith("django."))
        print(",".join(loaded))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"Django modules loaded: {result.stdout.strip()}"
