"""Heavy native libraries run in a short-lived child process, never in the long-lived one.

Typst (an 84 MB extension: ~29 MB resident once it has typeset one page, and its memo cache
keeps the decoded pictures of the last ten documents, ~3 MB each) and PyAV (FFmpeg's
libraries, ~15 MB) stayed in every process that had used them once: the worker, after the
demo's 37 notice-board posters and 33 accessible formats, held 163–173 MB for good
(docs/performance.md, "The worker's peak"). Each use now starts ``python`` afresh, does the
one job there, hands the result back through a pipe and exits, taking the library's memory
with it. The cost is the child's start: ~50 ms of CPU (measured: interpreter, ``import typst``
and the fonts' scan), against 80–800 ms for the work itself.

The child imports only the standard library, the library it needs and the named module (which
must not need Django: :mod:`tayang.accessible.engines` does not). It is run with ``-I -S``: no
environment's ``PYTHONPATH``, no current directory and no ``site`` on its path, only this
checkout and the parent's own package folders.

Errors come back as exceptions of the caller's own kind: :class:`Refused` when Typst refused
the document (its message, as ``typst.TypstError.message`` was), a Tayang or built-in
exception as itself, anything else (a library's own error class, a crash, a timeout) as
:class:`Failed` with its text — the parent never imports a library to unpickle an error.
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only
    from datetime import datetime
    from typing import Any

ROOT = Path(__file__).resolve().parent.parent  # the directory holding the ``tayang`` package
TIMEOUT = 600.0  # seconds: a register of thousands of rows typesets in well under a minute
# The packages' folders this process imports from. The child starts without ``site`` (``-S``)
# and is given them: ``site`` and the editable install's path hook cost each child ~20 ms of
# CPU, and the worker starts one for every photo's web sizes and every poster.
_PACKAGES = [path for path in sys.path if Path(path).name in ("site-packages", "dist-packages")]
# The child: this module imported as itself (so its exceptions unpickle as the same classes).
_CHILD = (f"import sys; sys.path[:0] = [{str(ROOT)!r}]; sys.path += {_PACKAGES!r}; "
          "from tayang.apart import main; main()")


class Failed(RuntimeError):
    """The child failed otherwise than the work's own way of saying no (see the module)."""


class Refused(RuntimeError):
    """Typst refused the document; ``message`` says why (``typst.TypstError.message``)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def call(module: str, function: str, *args: Any, timeout: float = TIMEOUT, **kwargs: Any) -> Any:
    """``module.function(*args, **kwargs)`` run in a child process; its result or its error."""
    import subprocess  # the parent's alone: the child does not load it

    request = pickle.dumps((module, function, args, kwargs), protocol=pickle.HIGHEST_PROTOCOL)
    # Popen, not subprocess.run: a test that watches the programs a module runs (by patching
    # subprocess.run) sees theirs, not this pipe of pickles.
    with subprocess.Popen([sys.executable, "-I", "-S", "-c", _CHILD], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE) as child:
        try:
            output, errors = child.communicate(request, timeout=timeout)
        except subprocess.TimeoutExpired as error:
            child.kill()
            child.communicate()
            raise Failed(f"{module}.{function} tidak selesai dalam {timeout:.0f} detik") from error
    if child.returncode != 0 or not output:
        detail = errors.decode(errors="replace").strip()[-500:]
        raise Failed(f"{module}.{function} berhenti (kode {child.returncode}): {detail}")
    ok, value = pickle.loads(output)  # our own child wrote it just now
    if not ok:
        raise value
    return value


def typeset(template: Path | bytes, *, font_dir: Path, sys_inputs: dict[str, str],
            timestamp: datetime, pdf_standards: str, root: str | None = None) -> bytes:
    """``typst.compile`` of ``template`` to PDF, seeing the fonts in ``font_dir`` only, in a
    child process; :class:`Refused` with Typst's message when it refuses."""
    pdf = call("tayang.apart", "typeset_here", template, font_dir=str(font_dir),
               sys_inputs=sys_inputs, timestamp=timestamp, pdf_standards=pdf_standards,
               root=root)
    if not isinstance(pdf, bytes):
        raise AssertionError
    return pdf


def typeset_here(template: Path | bytes, *, font_dir: str, sys_inputs: dict[str, str],
                 timestamp: datetime, pdf_standards: str, root: str | None) -> bytes:
    """The child's half of :func:`typeset` (and of the poster's,
    :mod:`tayang.channels.poster_pictures`)."""
    import typst

    fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False,
                        font_paths=[font_dir])
    try:
        result = typst.compile(template, root=root, font_paths=fonts, sys_inputs=sys_inputs,
                               timestamp=timestamp, pdf_standards=pdf_standards)
    except typst.TypstError as error:
        raise Refused(error.message) from None
    if not isinstance(result, bytes):
        raise AssertionError
    return result


def main() -> None:
    """The child: read one request from standard input, write ``(ok, value)`` to standard
    output."""
    import importlib

    module, function, args, kwargs = pickle.loads(sys.stdin.buffer.read())  # from our parent
    try:
        answer: tuple[bool, Any] = (True, getattr(importlib.import_module(module), function)(
            *args, **kwargs))
    except Exception as error:  # every error goes back to the parent, none is printed here
        answer = (False, _portable(error))
    sys.stdout.buffer.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.flush()


def _portable(error: Exception) -> Exception:
    """``error`` itself when the parent can unpickle it without importing a library."""
    kind = type(error)
    if kind.__module__ == "builtins" or kind.__module__.startswith("tayang."):
        try:
            pickle.loads(pickle.dumps(error))  # our own bytes
        except Exception:  # an exception with arguments pickle cannot rebuild
            pass
        else:
            return error
    return Failed(f"{kind.__module__}.{kind.__qualname__}: {error}")
