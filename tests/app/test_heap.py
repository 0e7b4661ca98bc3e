"""The process's heap policy (tayang/heap.py): big buffers go back to the system when freed.

Run in a fresh interpreter each: the policy is process-wide and the test suite's own heap has
a history. Memory is read from /proc, so Linux with glibc only.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# A big block freed first (glibc then keeps blocks up to its size in the heap), then forty
# 1 MiB buffers, each followed by a 100 KiB block that stays (too big to be a recycled
# small chunk, so it sits between the buffers): freed, the buffers can only go back to the
# system if each had its own memory map.
PROGRAM = """
import ctypes, sys
from pathlib import Path
sys.path.insert(0, {root!r})
from tayang import heap
if {settle}:
    assert heap.settle()
libc = ctypes.CDLL("libc.so.6")
libc.malloc.restype = ctypes.c_void_p
libc.malloc.argtypes = [ctypes.c_size_t]
libc.free.argtypes = [ctypes.c_void_p]
def resident_mb():
    return int(Path("/proc/self/statm").read_text().split()[1]) * 4096 / 2**20
big = libc.malloc(8 << 20); ctypes.memset(big, 1, 8 << 20); libc.free(big)
start = resident_mb()
buffers, kept = [], []
for _ in range(40):
    buffer = libc.malloc(1 << 20)
    ctypes.memset(buffer, 1, 1 << 20)
    buffers.append(buffer)
    kept.append(libc.malloc(100 << 10))
for buffer in buffers:
    libc.free(buffer)
print(round(resident_mb() - start, 1))
"""

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not Path("/proc/self/statm").exists(),
    reason="the heap policy is glibc's; memory is read from /proc")


def _held_after_free(settle: bool) -> float:
    env = {"PATH": "/usr/bin:/bin"}  # no MALLOC_* variables: the policy is the code's
    result = subprocess.run([sys.executable, "-c", PROGRAM.format(root=str(ROOT), settle=settle)],
                            capture_output=True, text=True, env=env, check=True, timeout=60)
    return float(result.stdout.strip())


def test_freed_big_buffers_leave_the_process() -> None:
    assert _held_after_free(settle=True) < 8


def test_glibcs_own_policy_keeps_them_which_is_why_the_setting_exists() -> None:
    # Documents the behaviour heap.settle() is for; if a future glibc stops doing this, the
    # setting is merely harmless.
    assert _held_after_free(settle=False) > 30


def test_the_web_entry_point_keeps_what_it_loaded_out_of_the_collectors_passes(tmp_path):
    # A full collection walked every object of Django, the apps and the URL table: a 35 ms
    # pause every few hundred requests. The entry point loads them, then freezes them.
    code = ("import gc, tayang.wsgi, sys; "
            "print(gc.get_freeze_count(), 'tayang.workspace.views.register' in sys.modules)")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tayang.settings",
           "TAYANG_VAR_DIR": str(tmp_path), "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    env.pop("DATABASE_URL", None)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, check=True, timeout=120)
    frozen, urls_loaded = result.stdout.split()
    assert urls_loaded == "True"
    assert int(frozen) > 50_000


def test_the_web_process_freezes_again_once_warm(tmp_path):
    # The first requests compile templates and fill per-process tables: objects that live as
    # long as the process, walked by every full collection (a 40 ms pause in a register
    # search of 24) until they are frozen too, once, after the WARM_REQUESTS-th request.
    code = (
        "import gc, tayang.wsgi\n"
        "from django.core.signals import request_finished\n"
        "from tayang import heap\n"
        "heap.WARM_REQUESTS = 3\n"
        "loaded = gc.get_freeze_count()\n"
        "kept = [[object()] for _ in range(5000)]  # made by the first requests\n"
        "for _ in range(2): request_finished.send(sender=None)\n"
        "before = gc.get_freeze_count()\n"
        "for _ in range(3): request_finished.send(sender=None)  # the third freezes, once\n"
        "print(before - loaded, gc.get_freeze_count() - loaded,"
        " request_finished.disconnect(heap.freeze_when_warm))\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tayang.settings",
           "TAYANG_VAR_DIR": str(tmp_path), "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    env.pop("DATABASE_URL", None)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, check=True, timeout=120)
    before, after, still_listening = result.stdout.split()
    assert int(before) == 0  # not before it is warm
    assert int(after) >= 5_000  # the 5,000 lists (the collector tracks containers only)
    assert still_listening == "False"  # once: it had let go of the signal already
