"""X's answers in an admin's words: problem details, rate-limit resets, duplicates."""

from __future__ import annotations

import re
import time
from typing import Any

import httpx

from tayang.channels.connectors.base import ChannelError, ErrorKind
from tayang.channels.connectors.http import body_of, status_error, unreadable
from tayang.channels.connectors.http import retry_after as retry_after_header

PLATFORM = "X"
DUPLICATE = "duplicate content"


class Duplicate(ChannelError):
    """X's 403 for a text identical to a recent post of the account."""


class Forbidden(ChannelError):
    """Any other 403: the token or the app's access level does not allow the call."""


def data_of(answer: Any, key: str, *, created: bool = False) -> Any:
    """``answer["data"][key]``, or a retryable server error when X answered something else."""
    try:
        return answer["data"][key]
    except (KeyError, TypeError):
        raise unreadable(PLATFORM, maybe_posted=created, detail=str(answer)[:300]) from None


def detail_of(body: Any) -> str:
    """X's own words from a problem-details or ``errors`` body."""
    if not isinstance(body, dict):
        return ""
    words = [str(body[key]) for key in ("title", "detail", "error", "error_description")
             if body.get(key)]
    for error in body.get("errors") or []:
        if isinstance(error, dict):
            words.append(str(error.get("message") or error.get("detail") or error))
    return "; ".join(dict.fromkeys(words))[:500]


def is_not_found(body: Any) -> bool:
    return isinstance(body, dict) and any(
        "not-found" in str(error.get("type", "")) or "Not Found" in str(error.get("title", ""))
        for error in body.get("errors") or [] if isinstance(error, dict)
    )


def error_of(response: httpx.Response, *, subject: str, creating: bool = False) -> ChannelError:
    """What X's failed answer means, for the agency's admin."""
    detail = detail_of(body_of(response)) or response.text[:300]
    status = response.status_code
    if status == 429:
        return ChannelError(
            "X membatasi jumlah permintaan atau kiriman akun/aplikasi ini untuk sementara. "
            "Tayang akan mencoba lagi setelah batasnya pulih.",
            kind=ErrorKind.RATE_LIMITED, retryable=True, retry_after=reset_after(response),
            detail=detail,
        )
    if status == 401:
        return ChannelError(
            "X menolak token akses: token kedaluwarsa atau dicabut. Hubungkan ulang akun X "
            "lalu simpan token baru (dan token penyegarnya) di pengaturan kanal.",
            kind=ErrorKind.AUTH, detail=detail,
        )
    if status == 402:
        return ChannelError(
            "X menolak permintaan karena kredit atau paket X API akun pengembang lembaga sudah "
            "habis. Periksa langganan di X Developer Portal.",
            kind=ErrorKind.CONFIG, detail=detail,
        )
    if status == 403 and DUPLICATE in detail.lower():
        return Duplicate(
            "X menolak kiriman ini karena teksnya sama dengan kiriman sebelumnya.",
            kind=ErrorKind.REJECTED, detail=detail,
        )
    if status == 403:
        return Forbidden(
            f"X tidak mengizinkan {subject}: token atau aplikasi tidak punya izin yang "
            "diperlukan (tweet.write, media.write), atau akun sedang dibatasi. Periksa akun "
            "dan aplikasi X, lalu hubungkan ulang.",
            kind=ErrorKind.AUTH, detail=detail,
        )
    if status == 404:
        return ChannelError(
            f"X tidak menemukan yang dituju ({subject}). Periksa pengaturan kanal.",
            kind=ErrorKind.NOT_FOUND, detail=detail,
        )
    if status >= 500:
        return status_error(response, platform=PLATFORM, detail=detail, creating=creating)
    return ChannelError(
        f"X menolak {subject} (kode {status}). Periksa isi dan berkasnya.",
        kind=ErrorKind.REJECTED, detail=detail,
    )


def reset_after(response: httpx.Response) -> float | None:
    """Seconds until X lifts the limit that was hit (its headers give epoch seconds)."""
    headers = response.headers
    resets = [headers.get(f"{scope}-reset") for scope in
              ("x-user-limit-24hour", "x-app-limit-24hour")
              if headers.get(f"{scope}-remaining") == "0"]
    resets = resets or [headers.get("x-rate-limit-reset")]
    now = time.time()
    waits = [float(value) - now for value in resets if value and re.fullmatch(r"\d+", value)]
    if waits:
        return max(max(waits), 0.0)
    return retry_after_header(response)
