"""Refusing an upload while it arrives: by its Content-Length before a byte is read, and by
counting each file's bytes as they stream to disk.

Django reads a request body only when something asks for ``request.POST`` or ``FILES``; until
then nothing is received. :class:`UploadLimitMiddleware` sits before the CSRF check (the first
to ask) and

1. refuses a request whose Content-Length passes the view's limit or the global one
   (``TAYANG_UPLOAD_REQUEST_MAX_MB``) at once, with the body unread: a 2 GB body costs nothing;
2. parses the body itself, through :class:`LimitedUploadHandler`, which looks at the first
   bytes of each file (never its name) to know its kind and stops the file past the limit of
   that kind (``TAYANG_UPLOAD_MAX_MB``) or of the view. The rest of a too-large file is read
   and thrown away (within the request limit above), so the other files of a batch and the
   form's fields still arrive; a whole request past its limit stops the reading there;
3. answers the refusal (413, in Bahasa Indonesia, JSON for the page's uploader) unless the
   view said it reports refused files itself (:func:`upload_policy`, the hand-in uploader,
   which then lists them beside the accepted ones). No view ever sees a half-read body.

Files stream to ``FILE_UPLOAD_TEMP_DIR`` (Django's temporary-file handler after this one), so a
large upload never sits in memory; what a killed process leaves there is swept by age
(:mod:`tayang.media.sweep`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopUpload
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string

from tayang.media.limits import (
    KIND_NAMES,
    file_limit,
    largest_file_limit,
    limit_text,
    request_limit,
    size_text,
)
from tayang.media.sniff import sniff

_HEAD = 32  # bytes that tell a file's kind (tayang.media.sniff)


@dataclass(frozen=True)
class UploadPolicy:
    """What a view accepts: ``max_file_bytes`` for every file (else the limit of each file's
    kind), ``max_request_bytes`` for the whole request (never above the global one)."""

    max_file_bytes: int | None = None
    max_request_bytes: int | None = None
    what: str = "berkas"  # as the refusal names it, e.g. "berkas impor DIP"
    reports_refusals: bool = False
    # A view of forms without files (the live language check) bounds its body with
    # ``max_request_bytes`` too, refused with this message when set.
    refusal: str = ""

    def request_bytes(self) -> int:
        return min(self.max_request_bytes or request_limit(), request_limit())


DEFAULT_POLICY = UploadPolicy()


@dataclass(frozen=True)
class Refusal:
    name: str  # the file's name as sent, or "" for the whole request
    message: str
    whole_request: bool = False


def upload_policy(**options: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare a view's upload limits; put it outermost (above the access decorators)."""
    policy = UploadPolicy(**options)

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        view.upload_policy = policy  # type: ignore[attr-defined]
        return view

    return decorate


def refusals(request: HttpRequest) -> list[Refusal]:
    """The files refused while the request streamed in (for views that report them)."""
    return list(getattr(request, "_upload_refusals", []))


class LimitedUploadHandler(FileUploadHandler):
    """Counts each file as it streams and stops it past its limit; stores nothing itself."""

    def handle_raw_input(self, input_data: Any, META: dict[str, Any], content_length: int,
                         boundary: bytes, encoding: str | None = None) -> None:
        self.policy: UploadPolicy = getattr(self.request, "upload_policy", DEFAULT_POLICY)
        self.total = 0
        self.refused: list[Refusal] = []
        if self.request is not None:
            self.request._upload_refusals = self.refused  # type: ignore[attr-defined]
        # Django's temporary-file handler writes there; a deleted folder must not give a 500.
        os.makedirs(settings.FILE_UPLOAD_TEMP_DIR, exist_ok=True)

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.head = b""
        self.received = 0
        self.limit: int | None = self.policy.max_file_bytes

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if len(self.head) < _HEAD:
            self.head += raw_data[:_HEAD - len(self.head)]
        self.received += len(raw_data)
        self.total += len(raw_data)
        if self.total > self.policy.request_bytes():
            self.refused.append(Refusal(self.file_name or "", _request_too_large(
                self.policy, None), whole_request=True))
            raise StopUpload(connection_reset=True)
        limit, label = self._limit()
        if self.received > limit:
            self.refused.append(Refusal(self.file_name or "berkas", (
                f"{label} lebih besar dari batas {limit_text(limit)}; perkecil atau potong "
                "berkasnya lalu unggah ulang"
            )))
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None

    def _limit(self) -> tuple[int, str]:
        """The limit of this file and how to name it: by its kind once its head is known."""
        if self.policy.max_file_bytes is not None:
            return self.policy.max_file_bytes, self.policy.what
        found = sniff(self.head) if len(self.head) >= 16 else None
        if found is None:
            return largest_file_limit(), "berkas"
        return file_limit(found.kind), f"{KIND_NAMES[found.kind]} ({found.label})"


class UploadLimitMiddleware:
    """See the module's docstring; must come before CsrfViewMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Callable[..., Any], args: Any,
                     kwargs: Any) -> HttpResponse | None:
        if request.method != "POST":
            return None
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        policy: UploadPolicy = getattr(view, "upload_policy", DEFAULT_POLICY)
        if request.content_type != "multipart/form-data":
            # A form without files: Django refuses it past this size too, but as a bare 400.
            if length > (settings.DATA_UPLOAD_MAX_MEMORY_SIZE or length):
                return refused(request, [Refusal("", policy.refusal
                                                 or _too_many(RequestDataTooBig()), True)])
            if policy.refusal and length > policy.request_bytes():
                return refused(request, [Refusal("", policy.refusal, True)])
            return None
        request.upload_policy = policy  # type: ignore[attr-defined]
        if length > policy.request_bytes():
            return refused(request, [Refusal("", policy.refusal
                                             or _request_too_large(policy, length), True)])
        try:
            request.POST  # noqa: B018  -- parsed here, through LimitedUploadHandler
        except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent) as error:
            return refused(request, [Refusal("", _too_many(error), True)])
        except MultiPartParserError:
            return refused(request, [Refusal("", "Kiriman unggahan rusak atau terputus; "
                                                 "unggah ulang.", True)], status=400)
        problems = refusals(request)
        if problems and (not policy.reports_refusals or any(p.whole_request for p in problems)):
            return refused(request, problems)
        return None


def refused(request: HttpRequest, problems: list[Refusal], status: int = 413) -> HttpResponse:
    """The refusal as the uploader expects it (JSON) or as a page."""
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({
            "accepted": [],
            "rejected": [{"name": p.name or "unggahan", "message": p.message} for p in problems],
        }, status=status)
    page = render_to_string("media/upload_refused.html", {"problems": problems}, request)
    return HttpResponse(page, status=status)


def _request_too_large(policy: UploadPolicy, length: int | None) -> str:
    limit = policy.request_bytes()
    size = f" ({size_text(length)})" if length else ""
    return (f"Unggahan ini{size} melebihi batas {limit_text(limit)} untuk sekali kirim; tidak "
            "ada yang disimpan. Kirim berkasnya dalam beberapa kali unggah, atau perkecil dulu.")


def _too_many(error: Exception) -> str:
    if isinstance(error, TooManyFilesSent):
        return (f"Terlalu banyak berkas sekaligus (paling banyak "
                f"{settings.DATA_UPLOAD_MAX_NUMBER_FILES}); unggah dalam beberapa kali kirim.")
    if isinstance(error, TooManyFieldsSent):
        return "Kiriman formulir berisi terlalu banyak isian."
    return "Isian formulir terlalu panjang untuk sekali kirim."
