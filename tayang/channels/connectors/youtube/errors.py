"""Google's answers in an admin's words: quota, upload caps, refused metadata, tokens."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from tayang.channels.connectors.base import ChannelError, ErrorKind
from tayang.channels.connectors.http import body_of
from tayang.channels.connectors.http import retry_after as retry_after_header

PLATFORM = "YouTube"
PACIFIC = ZoneInfo("America/Los_Angeles")
DAY = 24 * 3600.0


def reasons_of(body: Any) -> set[str]:
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return set()
    return {str(e.get("reason")) for e in error.get("errors") or [] if isinstance(e, dict)}


def detail_of(body: Any) -> str:
    if not isinstance(body, dict):
        return ""
    error = body.get("error")
    if isinstance(error, dict):
        reasons = ", ".join(sorted(reasons_of(body)))
        return f"{error.get('message', '')} ({reasons})".replace(" ()", "")[:500]
    return " ".join(str(body[key]) for key in ("error", "error_description") if body.get(key))


def until_quota_reset(now: datetime | None = None) -> float:
    """Seconds to the next midnight in California, when Google resets daily API quotas."""
    now = (now or datetime.now(PACIFIC)).astimezone(PACIFIC)
    midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), PACIFIC)
    return max((midnight - now).total_seconds(), 60.0)


REJECTIONS = {
    "invalidTitle": "judul video ditolak (kosong, lebih dari 100 karakter, atau memuat < >)",
    "invalidDescription": "deskripsi ditolak (lebih dari 5.000 byte atau memuat < >)",
    "invalidTags": "tag ditolak (lebih dari 500 karakter atau memuat karakter terlarang)",
    "mediaBodyRequired": "berkas video tidak terkirim",
    "invalidVideoMetadata": "data video tidak sah",
}


def error_of(response: httpx.Response, *, subject: str, creating: bool = False) -> ChannelError:
    """What Google's failed answer means, for the agency's admin."""
    body = body_of(response)
    reasons = reasons_of(body)
    detail = detail_of(body) or response.text[:300]
    status = response.status_code
    if reasons & {"quotaExceeded", "dailyLimitExceeded"}:
        return ChannelError(
            "Kuota harian YouTube Data API proyek Google lembaga sudah habis. Tayang akan mencoba "
            "lagi setelah kuota dipulihkan (tengah malam waktu Pasifik, sekitar pukul 14.00–15.00 "
            "WIB).",
            kind=ErrorKind.RATE_LIMITED, retryable=True, retry_after=until_quota_reset(),
            detail=detail,
        )
    if "uploadLimitExceeded" in reasons:
        return ChannelError(
            "Kanal YouTube ini sudah mencapai batas jumlah unggahan harian. Tayang akan mencoba "
            "lagi besok.",
            kind=ErrorKind.RATE_LIMITED, retryable=True, retry_after=DAY, detail=detail,
        )
    if reasons & {"rateLimitExceeded", "userRateLimitExceeded"} or status == 429:
        return ChannelError(
            "YouTube membatasi jumlah permintaan saat ini. Tayang akan mencoba lagi nanti.",
            kind=ErrorKind.RATE_LIMITED, retryable=True,
            retry_after=retry_after_header(response) or 60.0, detail=detail,
        )
    if status == 401 or "authError" in reasons:
        return ChannelError(
            "YouTube menolak token akses: token kedaluwarsa atau dicabut. Hubungkan ulang akun "
            "Google pemilik kanal lalu simpan token baru (dan token penyegarnya) di pengaturan "
            "kanal.",
            kind=ErrorKind.AUTH, detail=detail,
        )
    if "invalidCategoryId" in reasons:
        return ChannelError(
            "YouTube tidak mengenal kategori video yang diisi. Perbaiki nomor kategori di "
            "pengaturan kanal (misalnya 25 untuk Berita & Politik).",
            kind=ErrorKind.CONFIG, detail=detail,
        )
    if found := sorted(reasons & REJECTIONS.keys()):
        return ChannelError(
            f"YouTube menolak {subject}: {REJECTIONS[found[0]]}. Perbaiki lalu kirim ulang.",
            kind=ErrorKind.REJECTED, detail=detail,
        )
    if status == 403:
        return ChannelError(
            f"YouTube tidak mengizinkan {subject}: token tidak punya izin yang diperlukan, atau "
            "kanal dibatasi. Hubungkan ulang akun Google pemilik kanal dengan izin YouTube.",
            kind=ErrorKind.AUTH, detail=detail,
        )
    if status == 404:
        return ChannelError(
            f"YouTube tidak menemukan yang dituju ({subject}); mungkin sudah dihapus.",
            kind=ErrorKind.NOT_FOUND, detail=detail,
        )
    if status >= 500:
        return ChannelError(
            f"Server YouTube sedang bermasalah (kode {status}). Tayang akan melanjutkan "
            "unggahan nanti.",
            kind=ErrorKind.SERVER, retryable=True, maybe_posted=creating,
            retry_after=retry_after_header(response), detail=detail,
        )
    return ChannelError(
        f"YouTube menolak {subject} (kode {status}).",
        kind=ErrorKind.REJECTED, detail=detail,
    )

