"""Meta's Graph API, shared by the Facebook Page and Instagram connectors.

Every Graph error comes as ``{"error": {"message", "type", "code", "error_subcode",
"is_transient", "error_user_title", "error_user_msg", "fbtrace_id"}}``, mostly with HTTP 400
whatever went wrong: a rate limit is *not* a 429 and an expired token is rarely a 401, so the
``code`` decides, not the status (Graph API "Handling Errors" and Instagram "Error Codes"
references):

* ``190`` (and the old ``102``): the access token is expired, revoked or invalid → AUTH; the
  subcode says why (463 expired, 460 password changed, 458 app removed, 467 invalid).
* ``10`` and ``200``–``299``: the token lacks a permission → AUTH.
* ``4`` (app), ``17`` (user), ``32`` (Page), ``341``, ``613`` and ``80000``–``80014``
  (business use case) are throttling → RATE_LIMITED, retryable. How long to wait comes from the
  usage headers Graph sends with them: ``X-Business-Use-Case-Usage`` (and ``X-Page-Usage``)
  carry ``estimated_time_to_regain_access`` in minutes; ``X-App-Usage`` carries only
  percentages. Instagram's content publishing limit (code 9, subcode 2207042) is throttling
  too.
* ``1``, ``2``, Instagram's ``-1``/``-2`` and anything flagged ``is_transient`` → SERVER,
  retryable.
* ``100`` with subcode ``33``: the object does not exist (or cannot be seen) → NOT_FOUND.
* ``100`` otherwise, ``324`` (missing/invalid image), ``352`` (video format), ``1363xxx``
  (video upload), ``9004``/``36000``–``36004`` and Instagram's ``2207xxx`` subcodes → the
  platform refuses this content → REJECTED, naming the file when the caller says which.
* ``368`` (temporarily blocked for a policy violation) → REJECTED; ``506`` (duplicate post)
  → REJECTED with ``maybe_posted`` so the next attempt looks for the first copy.

What the two connectors share beyond these calls is :mod:`tayang.channels.connectors.meta`.

The access token travels as the documented ``access_token`` parameter (query string on reads
and deletes, form body on writes, so it stays out of URLs that may be logged on writes).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from tayang.channels.connectors.base import ChannelError, ErrorKind
from tayang.channels.connectors.http import (
    SAFE_METHODS,
    body_of,
    json_of,
    retry_after,
    send,
    status_error,
)

RATE_LIMIT_CODES = frozenset({4, 17, 32, 341, 613, *range(80000, 80015)})
TRANSIENT_CODES = frozenset({1, 2, -1, -2})
PERMISSION_CODES = frozenset({10, *range(200, 300)})
TOKEN_CODES = frozenset({190, 102})
MEDIA_CODES = frozenset({324, 352, 9004, 36000, 36001, 36003, 36004})
PUBLISH_LIMIT_SUBCODE = 2207042  # Instagram: the 24-hour content publishing limit is used up
# Instagram subcodes that say "try again" although their code is not a transient one.
TRANSIENT_SUBCODES = frozenset({2207001, 2207003, 2207032, 2207053, 2207027})

TOKEN_REASONS = {
    458: "aplikasi Tayang telah dicabut dari akun",
    459: "akun perlu masuk ulang di Facebook untuk verifikasi",
    460: "kata sandi akun pemilik token telah diganti",
    463: "token kedaluwarsa",
    464: "akun pemilik token belum dikonfirmasi",
    467: "token tidak berlaku lagi",
    492: "sesi pemilik token tidak berlaku",
}

# What an admin can understand from Instagram's media subcodes (Instagram "Error Codes").
MEDIA_REASONS = {
    2207004: "ukuran gambar terlalu besar (paling besar 8 MB)",
    2207005: "format gambar tidak didukung (gunakan JPEG)",
    2207009: "rasio aspek tidak didukung (antara 4:5 dan 1,91:1)",
    2207010: "keterangan terlalu panjang",
    2207026: "format video tidak didukung",
    2207052: "berkas tidak dapat diambil dari alamat publiknya; pastikan situs dapat diakses",
    2207023: "jenis media tidak dikenal",
    2207028: "susunan carousel tidak valid",
}


class GraphError(ChannelError):
    """A :class:`ChannelError` that keeps Graph's own ``code``/``error_subcode``, so a
    connector can react to a particular one (an expired Instagram container, say)."""

    def __init__(self, message: str, *, code: int | None = None, subcode: int | None = None,
                 **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.code = code
        self.subcode = subcode


def usage_wait(headers: Mapping[str, str]) -> float | None:
    """Seconds until access is regained, as Graph's usage headers estimate it.

    ``X-Business-Use-Case-Usage`` is ``{"<id>": [{"type": "pages", "call_count": 100, ...,
    "estimated_time_to_regain_access": 12}]}`` (minutes); ``X-Page-Usage`` and
    ``X-Ad-Account-Usage`` are flat objects that may carry the same key.
    """
    waits: list[float] = []
    for name in ("x-business-use-case-usage", "x-page-usage", "x-ad-account-usage"):
        raw = headers.get(name)
        if not raw:
            continue
        try:
            usage = json.loads(raw)
        except ValueError:
            continue
        for entry in _usage_entries(usage):
            minutes = entry.get("estimated_time_to_regain_access")
            if isinstance(minutes, int | float) and minutes > 0:
                waits.append(float(minutes) * 60)
    return max(waits) if waits else None


def _usage_entries(usage: Any) -> list[dict[str, Any]]:
    if isinstance(usage, list):
        return [entry for entry in usage if isinstance(entry, dict)]
    if not isinstance(usage, dict):
        return []
    if "estimated_time_to_regain_access" in usage or "call_count" in usage:
        return [usage]
    return [entry for value in usage.values() for entry in _usage_entries(value)]


def graph_error(response: httpx.Response, *, platform: str, renew: str,
                subject: str = "") -> ChannelError:
    """What a failed Graph answer means for the admin.

    ``renew`` tells the admin how to get a new token ("Buat token Halaman baru ...");
    ``subject`` names what was refused ("foto kegiatan.jpg") for content errors.
    """
    body = body_of(response)
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return status_error(response, platform=platform)
    return classify(error, response, platform=platform, renew=renew, subject=subject)


def classify(error: Mapping[str, Any], response: httpx.Response, *, platform: str, renew: str,
             subject: str = "") -> GraphError:
    code = _int(error.get("code"))
    subcode = _int(error.get("error_subcode"))
    message = str(error.get("message") or "")
    user_message = str(error.get("error_user_msg") or "")
    detail = f"{message} (code {code}, subcode {subcode}, fbtrace_id {error.get('fbtrace_id')})"
    if user_message:
        detail += f" — {user_message}"
    creating = response.request.method.upper() not in SAFE_METHODS
    about = f" {subject}" if subject else ""

    def fail(text: str, kind: ErrorKind, **kwargs: Any) -> GraphError:
        return GraphError(text, kind=kind, code=code, subcode=subcode, detail=detail, **kwargs)

    if code in TOKEN_CODES:
        reason = TOKEN_REASONS.get(subcode or 0, "token kedaluwarsa atau tidak berlaku")
        return fail(f"{platform} menolak token akses: {reason}. {renew}", ErrorKind.AUTH)
    if code in PERMISSION_CODES:
        return fail(
            f"{platform} menolak tindakan ini: token akses tidak memiliki izin yang diperlukan. "
            f"{renew}",
            ErrorKind.AUTH,
        )
    if code in RATE_LIMIT_CODES or subcode == PUBLISH_LIMIT_SUBCODE:
        return fail(
            f"{platform} membatasi jumlah permintaan saat ini. Tayang akan mencoba lagi nanti.",
            ErrorKind.RATE_LIMITED, retryable=True,
            retry_after=usage_wait(response.headers) or retry_after(response),
        )
    if (code in TRANSIENT_CODES or subcode in TRANSIENT_SUBCODES
            or error.get("is_transient") is True or response.status_code >= 500):
        return fail(
            f"Server {platform} sedang bermasalah. Tayang akan mencoba lagi.",
            ErrorKind.SERVER, retryable=True, maybe_posted=creating,
            retry_after=retry_after(response),
        )
    if code == 100 and subcode == 33:
        return fail(
            f"{platform} tidak menemukan{about or ' objek yang dituju'}: sudah dihapus, atau "
            "token tidak dapat melihatnya.",
            ErrorKind.NOT_FOUND,
        )
    if code == 368:
        return fail(
            f"{platform} untuk sementara memblokir akun ini dari memposting karena dianggap "
            "melanggar kebijakan. Periksa Kualitas Akun di Meta Business Suite.",
            ErrorKind.REJECTED,
        )
    if code == 506:
        return fail(
            f"{platform} menolak tayangan ganda: teks yang sama baru saja diposting.",
            ErrorKind.REJECTED, maybe_posted=True,
        )
    if (code == 100 or code in MEDIA_CODES or (code or 0) >= 1363000
            or 2207000 <= (subcode or 0) < 2208000):
        reason = MEDIA_REASONS.get(subcode or 0, "tidak diterima")
        return fail(f"{platform} menolak{about or ' tayangan ini'}: {reason}", ErrorKind.REJECTED)
    fallback = status_error(response, platform=platform, detail=detail)
    return GraphError.copy_of(fallback, code=code, subcode=subcode)


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@dataclass
class Graph:
    """Calls to one Graph API host with one token, errors already in the admin's words."""

    http: httpx.Client
    base: str
    token: str
    platform: str
    renew: str  # how the admin gets a new token, appended to AUTH messages

    def url(self, path: str, base: str = "") -> str:
        return f"{(base or self.base).rstrip('/')}/{path.lstrip('/')}"

    def get(self, path: str, *, subject: str = "", **params: Any) -> Any:
        return self.call("GET", path, params=params, subject=subject)

    def post(self, path: str, data: Mapping[str, Any] | None = None, *, files: Any = None,
             subject: str = "", base: str = "", timeout: float | None = None) -> Any:
        return self.call("POST", path, data=dict(data or {}), files=files, subject=subject,
                         base=base, timeout=timeout)

    def delete(self, path: str, *, subject: str = "") -> Any:
        return self.call("DELETE", path, params={}, subject=subject)

    def call(self, method: str, path: str, *, params: dict[str, Any] | None = None,
             data: dict[str, Any] | None = None, files: Any = None, subject: str = "",
             base: str = "", timeout: float | None = None) -> Any:
        kwargs: dict[str, Any] = {}
        if method in SAFE_METHODS or method == "DELETE":
            kwargs["params"] = {**(params or {}), "access_token": self.token}
        else:
            kwargs["data"] = {k: _form(v) for k, v in {**(data or {}),
                                                       "access_token": self.token}.items()}
            if files is not None:
                kwargs["files"] = files
        if timeout is not None:
            kwargs["timeout"] = timeout
        response = send(self.http, method, self.url(path, base), platform=self.platform,
                        **kwargs)
        if response.is_success:
            return json_of(response, platform=self.platform)
        raise graph_error(response, platform=self.platform, renew=self.renew, subject=subject)


def _form(value: Any) -> str:
    """Graph takes structured parameters (``attached_media[0]``) as JSON strings."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, separators=(",", ":"))
    return str(value)
