"""``/sehat/`` (liveness) and ``/siap/`` (readiness), answered before anything else.

They come first in MIDDLEWARE so that a probe by address (``http://127.0.0.1:8000/sehat/``)
is neither refused by ALLOWED_HOSTS nor redirected to HTTPS, and costs no session, CSRF or
site lookup. Liveness says only that the process answers; readiness runs
:func:`tayang.operations.health.readiness` and answers 503 when any check fails.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

LIVENESS = "/sehat/"
READINESS = "/siap/"


class HealthMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if path == LIVENESS:
            return _answer(request, 200, {"status": "ok"})
        if path == READINESS:
            from tayang.operations.health import readiness  # only when asked: a lean start

            checks = readiness()
            ready = all(check.ok for check in checks)
            return _answer(request, 200 if ready else 503, {
                "status": "ok" if ready else "tidak siap",
                "checks": {check.name: check.message or "ok" for check in checks},
            })
        return self.get_response(request)


def _answer(request: HttpRequest, status: int, body: dict[str, object]) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        response = HttpResponse(status=405)
        response["Allow"] = "GET, HEAD"
        return response
    response = HttpResponse(
        b"" if request.method == "HEAD" else json.dumps(body).encode(),
        status=status, content_type="application/json",
    )
    response["Cache-Control"] = "no-store"
    # A probe every few seconds while a worker is missing must not fill the log with 503s:
    # what is wrong is in the answer itself.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response
