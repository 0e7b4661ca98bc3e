"""HTTP calls shared by the connectors: network failures and status codes in an admin's words.

Each platform words its errors in its own JSON; connectors read it with :func:`body_of`, parse
that first and fall back to :func:`status_error` for what the status code alone says. A success
answer that cannot be read is :func:`unreadable` for every platform alike.
"""

from __future__ import annotations

from typing import Any

import httpx

from tayang.channels.connectors.base import DETAIL_MAX, ChannelError, ErrorKind
from tayang.outbound import BlockedAddress, ReplyTooLarge
from tayang.reply_limit import size_words

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def send(
    http: httpx.Client, method: str, url: str, *, platform: str, **kwargs: Any
) -> httpx.Response:
    """``http.request`` with transport failures turned into :class:`ChannelError`.

    A connection that never opened posted nothing; a timeout or a dropped connection after
    the request went out may have posted, so a create call then says ``maybe_posted`` — as
    does a reply too large to read (:class:`ReplyTooLarge`), which has its own words.
    Every failure to talk reads the same to the admin — refused, timed out, cut off or not a
    web server at all — so the message never tells an open port from a closed one; the
    exception itself goes to ``detail`` (logs and the Django admin only).
    """
    try:
        return http.request(method, url, **kwargs)
    except BlockedAddress as error:
        raise ChannelError(
            f"Alamat {platform} di pengaturan kanal mengarah ke jaringan internal atau alamat "
            "khusus yang tidak boleh dihubungi Tayang. Admin perlu mengganti alamatnya dengan "
            "alamat publik.",
            kind=ErrorKind.BLOCKED, detail=str(error)[:DETAIL_MAX],
        ) from error
    except ReplyTooLarge as error:
        raise ChannelError(
            f"Jawaban {platform} terlalu besar (lebih dari {size_words(error.limit)}), sehingga "
            "Tayang berhenti membacanya. Periksa apakah alamat yang dipakai memang alamat "
            f"{platform}; bila benar, server itu sedang bermasalah. Tayang akan mencoba lagi.",
            kind=ErrorKind.SERVER, retryable=True,
            maybe_posted=method.upper() not in SAFE_METHODS,  # the request went out
            detail=f"{type(error).__name__}: {error}"[:DETAIL_MAX],
        ) from error
    except httpx.DecodingError as error:  # a gzip/deflate body that does not inflate
        raise unreadable(platform, maybe_posted=method.upper() not in SAFE_METHODS,
                         detail=f"{type(error).__name__}: {error}"[:DETAIL_MAX]) from error
    except httpx.TransportError as error:
        unsent = isinstance(error, (httpx.ConnectError, httpx.ConnectTimeout))
        raise ChannelError(
            f"Tidak dapat berkomunikasi dengan {platform} (sambungan gagal atau terputus). "
            "Tayang akan mencoba lagi.",
            kind=ErrorKind.NETWORK, retryable=True,
            maybe_posted=not unsent and method.upper() not in SAFE_METHODS,
            detail=f"{type(error).__name__}: {error}"[:DETAIL_MAX],
        ) from error


def retry_after(response: httpx.Response) -> float | None:
    raw = response.headers.get("Retry-After", "")
    try:
        return max(float(raw), 0.0)
    except ValueError:
        return None


def parsed(response: httpx.Response) -> Any:
    """``response.json()``, with JSON nested too deep for Python's parser (``[[[[…`` a
    million times, which raises :class:`RecursionError`) a :class:`ValueError` like any
    other answer that is not JSON."""
    try:
        return response.json()
    except RecursionError as error:
        raise ValueError("JSON nested too deep") from error


def body_of(response: httpx.Response) -> Any:
    """The answer's JSON, or ``None`` when it is not JSON (an error page, a gateway's HTML)."""
    try:
        return parsed(response)
    except ValueError:
        return None


def unreadable(platform: str, *, maybe_posted: bool, detail: str) -> ChannelError:
    """A success answer Tayang cannot read: the server's fault, worth another attempt."""
    return ChannelError(
        f"Jawaban {platform} tidak dapat dibaca. Tayang akan mencoba lagi.",
        kind=ErrorKind.SERVER, retryable=True, maybe_posted=maybe_posted, detail=detail,
    )


def status_error(
    response: httpx.Response, *, platform: str, detail: str = "", creating: bool | None = None,
) -> ChannelError:
    """What the status code of a failed answer means, when the body said nothing better.

    ``creating``: whether the call may have made something (a 5xx then says ``maybe_posted``);
    by default, any call that is not a read.
    """
    status = response.status_code
    if creating is None:
        creating = response.request.method.upper() not in SAFE_METHODS
    detail = detail or response.text[:DETAIL_MAX]
    if status == 429:
        return ChannelError(
            f"{platform} membatasi jumlah permintaan saat ini. Tayang akan mencoba lagi nanti.",
            kind=ErrorKind.RATE_LIMITED, retryable=True, retry_after=retry_after(response),
            detail=detail,
        )
    if status in (401, 403):
        return ChannelError(
            f"{platform} menolak akses: token kedaluwarsa, dicabut, atau tidak punya izin. "
            "Admin perlu memperbarui kredensial kanal ini.",
            kind=ErrorKind.AUTH, detail=detail,
        )
    if status == 404:
        return ChannelError(
            f"{platform} tidak menemukan alamat atau akun yang dituju. Periksa pengaturan kanal.",
            kind=ErrorKind.NOT_FOUND, detail=detail,
        )
    if status >= 500:
        return ChannelError(
            f"Server {platform} sedang bermasalah (kode {status}). Tayang akan mencoba lagi.",
            kind=ErrorKind.SERVER, retryable=True, maybe_posted=creating,
            retry_after=retry_after(response), detail=detail,
        )
    return ChannelError(
        f"{platform} menolak tayangan ini (kode {status}).",
        kind=ErrorKind.REJECTED, detail=detail,
    )


def json_of(response: httpx.Response, *, platform: str) -> Any:
    """The answer's JSON, or a server error when a success answer is not JSON."""
    try:
        return parsed(response)
    except ValueError as error:
        raise unreadable(
            platform, maybe_posted=response.request.method.upper() not in SAFE_METHODS,
            detail=response.text[:DETAIL_MAX],
        ) from error
