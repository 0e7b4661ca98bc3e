"""YouTube: the item's video uploaded to the agency's channel with the YouTube Data API v3.

The flow is Google's resumable upload protocol:

1. ``POST /upload/youtube/v3/videos?uploadType=resumable&part=snippet,status`` with the video
   resource as JSON (``snippet.title`` = the post's title, ``snippet.description`` = the
   channel's caption, ``tags``, ``categoryId``; ``status.privacyStatus`` and
   ``selfDeclaredMadeForKids: false``) and the headers ``X-Upload-Content-Length`` and
   ``X-Upload-Content-Type``. Google answers 200 with the *session URL* in ``Location``. The
   journal records it (``upload_url``, with ``upload_size``) **before a single byte is sent**.
2. ``PUT`` the bytes to the session URL in chunks (``Content-Range: bytes a-b/total``; every
   chunk but the last a multiple of 256 KiB). Google answers 308 with ``Range: bytes=0-n`` until
   the last chunk, then 200/201 with the video resource; its ``id`` gives
   ``https://www.youtube.com/watch?v={id}``. Progress is journaled (``uploaded_bytes``), which
   also renews the worker's lease during a long upload; just before the last chunk the journal
   records ``final_sent``.
3. **Resuming** (a later attempt, or :meth:`YouTube.find`): an empty ``PUT`` with
   ``Content-Range: bytes */total`` asks the session how far it got: 308 (with ``Range`` if
   anything arrived) means "continue from n+1"; 200/201 means the upload had completed and
   returns the video; 404/410 means the session expired (Google keeps one about a week). So
   ``find()`` needs no listing while the session lives. When it is gone and the last chunk may
   have been sent, ``find()`` looks in the channel's uploads playlist (``channels?part=
   contentDetails&mine=true``, then ``playlistItems``) for the same title and description.

Photos are not uploaded (YouTube takes one video per upload); a post without a video is refused
by the limits (``requires_video``). Custom thumbnails need a verified channel and are left out.

**Errors** are Google's ``{"error": {"code", "message", "errors": [{"reason", "domain"}]}}``:
``quotaExceeded``/``dailyLimitExceeded`` (403) wait until the quota resets at midnight Pacific
time (an approximation of Google's daily reset); ``rateLimitExceeded``/``userRateLimitExceeded``
(403 or 429) wait ``Retry-After`` or a minute; ``uploadLimitExceeded`` (the channel's daily
upload cap) waits a day: YouTube documents "try again in 24 hours", so it is a retryable
RATE_LIMITED rather than REJECTED (a deliberate departure from the first brief);
``invalidTitle``/``invalidDescription``/``invalidTags`` are REJECTED, ``invalidCategoryId`` is a
settings problem (CONFIG); 401/``authError`` is AUTH, other 403s (``forbidden``,
``insufficientPermissions``) are AUTH too; 5xx are SERVER and the next attempt resumes the
upload (``maybe_posted`` only when the last chunk was in flight).

**Token refresh** works as for X (see :mod:`tayang.channels.connectors.x`): with
``refresh_token``, ``client_id`` and ``client_secret``, a 401 triggers one ``POST
https://oauth2.googleapis.com/token`` (``grant_type=refresh_token``) and the request is
repeated; the new access token is exposed in ``connector.refreshed_secrets`` and the journal's
``refreshed_secrets`` (Google does not rotate refresh tokens, so only ``access_token`` is in
it unless Google sends a new refresh token). When the API base is not Google's (a test server,
a proxy), the token endpoint is looked for at ``{api_base}/token`` unless the ``token_url``
setting says otherwise.

**Assumptions**: the uploads playlist of the authorized channel lists private and unlisted
uploads too; a session query answered 404 or 410 means the session is gone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from tayang.channels.connectors.base import (
    ChannelError,
    ConfigField,
    Connector,
    Delivered,
    ErrorKind,
    Journal,
    Limits,
    MediaFile,
    Post,
)
from tayang.channels.connectors.http import json_of, send
from tayang.channels.connectors.http import retry_after as retry_after_header

PLATFORM = "YouTube"
TOKEN_URL = "https://oauth2.googleapis.com/token"
GRANULE = 256 * 1024  # Google's chunk unit
GB = 1024 * 1024 * 1024
TITLE_MAX = 100
TAGS_MAX = 500
PRIVACY = {"public", "unlisted", "private"}
PACIFIC = ZoneInfo("America/Los_Angeles")
DAY = 24 * 3600.0


def utf8_length(text: str) -> int:
    """YouTube counts a description's length in UTF-8 bytes (5,000 at most)."""
    return len(text.encode("utf-8"))


def tags_length(tags: tuple[str, ...]) -> int:
    """Tags' length as YouTube counts it: a tag with a space is quoted; commas between."""
    cleaned = [tag.strip() for tag in tags if tag.strip()]
    return sum(len(tag) + (2 if " " in tag else 0) for tag in cleaned) + max(len(cleaned) - 1, 0)


class YouTube(Connector):
    kind = "youtube"
    label = "YouTube"
    description = "Mengunggah video konten ke kanal YouTube lembaga, dengan judul dan keterangan."
    config_fields = (
        ConfigField(
            "access_token", "Token akses OAuth 2.0 Google", secret=True,
            help="Token akun Google pemilik kanal dengan cakupan "
                 "https://www.googleapis.com/auth/youtube (unggah, hapus, baca kanal). "
                 "Berlaku 1 jam; isi juga token penyegar agar diperbarui sendiri.",
        ),
        ConfigField("refresh_token", "Token penyegar (refresh token)", secret=True,
                    required=False),
        ConfigField("client_id", "Client ID OAuth Google", required=False,
                    help="Dari Google Cloud Console; wajib bila token penyegar diisi."),
        ConfigField("client_secret", "Client secret OAuth Google", secret=True, required=False),
        ConfigField("privacy_status", "Visibilitas video", required=False, default="public",
                    help="public (publik), unlisted (tidak publik), atau private (pribadi)."),
        ConfigField("category_id", "Kategori video", required=False, default="25",
                    help="Nomor kategori YouTube: 25 = Berita & Politik, "
                         "29 = Nonprofit & Aktivisme, 27 = Pendidikan."),
    )
    limits = Limits(
        caption_max=5000,
        count=utf8_length,
        count_name="byte",
        max_videos=1,
        requires_video=True,
        video_types=frozenset({
            "video/mp4", "video/quicktime", "video/webm", "video/x-msvideo", "video/x-matroska",
            "video/mpeg", "video/3gpp", "video/x-flv", "video/x-ms-wmv", "video/mp2t",
        }),
        photo_types=frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"}),
        video_max_bytes=256 * GB,
        video_max_seconds=12 * 3600,
        notes=(
            "Hanya video yang diunggah (satu video); foto tidak ikut ke YouTube.",
            "Judul video = judul konten (paling banyak 100 karakter, tanpa tanda < dan >); "
            "keterangan menjadi deskripsi (paling banyak 5.000 byte).",
            "Kanal yang belum diverifikasi hanya dapat mengunggah video paling lama 15 menit.",
            "Proyek Google API yang belum diaudit hanya dapat mengunggah video pribadi "
            "(private).",
        ),
    )
    can_withdraw = True
    default_api_base = "https://www.googleapis.com"
    chunk_size = 32 * GRANULE  # 8 MiB per PUT

    def __init__(self, config: Mapping[str, str], secrets: Mapping[str, str], http: httpx.Client,
                 api_base: str = "") -> None:
        super().__init__(config, secrets, http, api_base)
        self._token = secrets.get("access_token", "")
        self._refresh_token = secrets.get("refresh_token", "")
        self._journal: Journal | None = None
        self.refreshed_secrets: dict[str, str] = {}
        default = self.api_base == self.default_api_base.rstrip("/")
        self.token_url = config.get("token_url") or (TOKEN_URL if default
                                                     else f"{self.api_base}/token")

    # -- the contract ---------------------------------------------------------------------------
    def publish(self, post: Post, journal: Journal) -> Delivered:
        self._journal = journal
        if video_id := journal.get("video_id"):
            return _delivered(video_id)
        if not post.videos:
            raise ChannelError(
                "YouTube hanya menerima video, dan konten ini tidak punya video. Lampirkan "
                "video atau jangan pilih kanal YouTube.",
                kind=ErrorKind.REJECTED,
            )
        video = post.videos[0]
        metadata = self._metadata(post)
        session = journal.get("upload_url")
        offset = 0
        if session and journal.get("upload_size") == video.size:
            state, value = self._query(session, video.size)
            if state == "done":
                return self._finish(value, journal, video)
            if state == "partial":
                offset = value
            else:
                session = None
        else:
            session = None
        if session is None:
            session = self._start(metadata, video)
            journal.record("upload_url", session)
            journal.record("upload_size", video.size)
            journal.record("final_sent", False)
            journal.record("uploaded_bytes", 0)
        return self._finish(self._send(session, video, offset, journal), journal, video)

    def find(self, post: Post, journal: Journal) -> Delivered | None:
        self._journal = journal
        if video_id := journal.get("video_id"):
            return _delivered(video_id)
        session, size = journal.get("upload_url"), journal.get("upload_size")
        if session and size is not None:
            state, value = self._query(session, int(size))
            if state == "done":
                video = post.videos[0] if post.videos else None
                return self._finish(value, journal, video)
            if state == "partial":
                return None  # bytes are missing: no video can exist yet
        if journal.get("final_sent"):
            return self._search_uploads(post, journal)
        return None

    def withdraw(self, delivered: Delivered, journal: Journal) -> None:
        self._journal = journal
        response = self._request("DELETE", f"{self.api_base}/youtube/v3/videos",
                                 params={"id": delivered.external_id})
        if response.status_code == 204 or response.is_success:
            return
        raise _error(response, subject="penghapusan video")

    @classmethod
    def problems(cls, post: Post) -> list[str]:
        found = []
        title = post.title.strip()
        if not title:
            found.append("judul video wajib diisi.")
        elif len(title) > TITLE_MAX:
            found.append(f"judul {len(title)} karakter, paling banyak {TITLE_MAX}. "
                         "Persingkat judulnya.")
        if "<" in title or ">" in title:
            found.append("judul tidak boleh memuat tanda < atau >.")
        if "<" in post.text or ">" in post.text:
            found.append("keterangan tidak boleh memuat tanda < atau >.")
        if (used := tags_length(post.tags)) > TAGS_MAX:
            found.append(f"tag {used} karakter, paling banyak {TAGS_MAX} (tag berspasi dihitung "
                         "dengan tanda kutipnya).")
        return found

    def check(self) -> str:
        answer = self._json("GET", "/youtube/v3/channels", subject="data kanal",
                            params={"part": "snippet", "mine": "true"})
        items = answer.get("items") or []
        if not items:
            raise ChannelError(
                "Akun Google ini belum punya kanal YouTube. Buat kanalnya dulu atau hubungkan "
                "akun pemilik kanal.",
                kind=ErrorKind.CONFIG,
            )
        return f"Kanal YouTube {items[0].get('snippet', {}).get('title') or items[0].get('id')}"

    # -- the upload -----------------------------------------------------------------------------
    def _metadata(self, post: Post) -> dict[str, Any]:
        privacy = (self.config.get("privacy_status") or "public").strip().lower()
        if privacy not in PRIVACY:
            raise ChannelError(
                f"Visibilitas video \"{privacy}\" tidak dikenal. Isi public, unlisted, atau "
                "private di pengaturan kanal.",
                kind=ErrorKind.CONFIG,
            )
        snippet: dict[str, Any] = {
            "title": post.title.strip(),
            "description": post.text,
            "categoryId": (self.config.get("category_id") or "25").strip(),
        }
        tags = [tag.strip() for tag in post.tags if tag.strip()]
        if tags:
            snippet["tags"] = tags
        return {"snippet": snippet,
                "status": {"privacyStatus": privacy, "selfDeclaredMadeForKids": False}}

    def _start(self, metadata: dict[str, Any], video: MediaFile) -> str:
        response = self._request(
            "POST", f"{self.api_base}/upload/youtube/v3/videos",
            params={"uploadType": "resumable", "part": "snippet,status"},
            json=metadata,
            headers={"X-Upload-Content-Length": str(video.size),
                     "X-Upload-Content-Type": video.content_type},
        )
        if not response.is_success:
            raise _error(response, subject=f"video {video.filename}")
        location = response.headers.get("Location")
        if not location:
            raise ChannelError(
                "YouTube tidak memberi alamat unggahan. Tayang akan mencoba lagi.",
                kind=ErrorKind.SERVER, retryable=True, detail=response.text[:300],
            )
        return location

    def _send(self, session: str, video: MediaFile, offset: int, journal: Journal) -> Any:
        total, stalls = video.size, 0
        with video.open() as handle:
            while True:
                handle.seek(offset)
                chunk = handle.read(self.chunk_size)
                if not chunk or stalls > 3:
                    raise ChannelError(
                        "YouTube belum menerima video secara utuh. Tayang akan memeriksa lalu "
                        "melanjutkan unggahan.",
                        kind=ErrorKind.SERVER, retryable=True, maybe_posted=True,
                        detail=f"offset {offset} dari {total} byte",
                    )
                end = offset + len(chunk) - 1
                last = end + 1 >= total
                if last:
                    journal.record("final_sent", True)
                try:
                    response = self._request(
                        "PUT", session, content=chunk,
                        headers={"Content-Type": video.content_type,
                                 "Content-Range": f"bytes {offset}-{end}/{total}"},
                    )
                except ChannelError as error:
                    # A dropped connection on an early chunk cannot have made a video.
                    error.maybe_posted = error.maybe_posted and last
                    raise
                if response.status_code in (200, 201):
                    return json_of(response, platform=PLATFORM)
                if response.status_code == 308:
                    received = _next_offset(response)
                    stalls = stalls + 1 if received <= offset else 0
                    offset = received
                    journal.record("uploaded_bytes", offset)
                    continue
                if response.status_code in (404, 410):
                    journal.record("upload_url", None)  # expired: the next attempt starts over
                    raise ChannelError(
                        "Sesi unggah YouTube sudah kedaluwarsa. Tayang akan memulai unggahan "
                        "baru.",
                        kind=ErrorKind.SERVER, retryable=True, maybe_posted=last,
                        detail=response.text[:300],
                    )
                raise _error(response, subject=f"video {video.filename}", creating=last)

    def _query(self, session: str, total: int) -> tuple[str, Any]:
        """How far the session got: ("done", video), ("partial", next offset) or ("gone", 0)."""
        response = self._request("PUT", session, content=b"",
                                 headers={"Content-Range": f"bytes */{total}"})
        if response.status_code in (200, 201):
            return "done", json_of(response, platform=PLATFORM)
        if response.status_code == 308:
            return "partial", _next_offset(response)
        if response.status_code in (404, 410):
            return "gone", 0
        raise _error(response, subject="status unggahan video")

    def _finish(self, resource: Any, journal: Journal, video: MediaFile | None) -> Delivered:
        if not isinstance(resource, dict) or not resource.get("id"):
            raise ChannelError(
                "Jawaban YouTube tidak dapat dibaca. Tayang akan memeriksa unggahan lagi.",
                kind=ErrorKind.SERVER, retryable=True, maybe_posted=True,
                detail=str(resource)[:300],
            )
        status = resource.get("status") or {}
        if status.get("uploadStatus") in ("rejected", "failed"):
            reason = status.get("rejectionReason") or status.get("failureReason") or ""
            journal.record("rejected_video_id", resource["id"])
            name = f" {video.filename}" if video else ""
            raise ChannelError(
                f"YouTube menolak video{name} setelah diunggah. Periksa alasannya di "
                "YouTube Studio.",
                kind=ErrorKind.REJECTED, detail=f"{reason} {status}"[:300],
            )
        journal.record("video_id", resource["id"])
        return _delivered(resource["id"])

    def _search_uploads(self, post: Post, journal: Journal) -> Delivered | None:
        channels = self._json("GET", "/youtube/v3/channels", subject="data kanal",
                              params={"part": "contentDetails", "mine": "true"})
        items = channels.get("items") or []
        uploads = (((items[0] if items else {}).get("contentDetails") or {})
                   .get("relatedPlaylists") or {}).get("uploads")
        if not uploads:
            return None
        listing = self._json("GET", "/youtube/v3/playlistItems", subject="daftar video kanal",
                             params={"part": "snippet", "playlistId": uploads,
                                     "maxResults": "25"})
        title, text = post.title.strip(), " ".join(post.text.split())
        for item in listing.get("items") or []:
            snippet = item.get("snippet") or {}
            video_id = (snippet.get("resourceId") or {}).get("videoId")
            if video_id and snippet.get("title", "").strip() == title and (
                " ".join(snippet.get("description", "").split()) == text
            ):
                journal.record("video_id", video_id)
                return _delivered(video_id)
        return None

    # -- HTTP -----------------------------------------------------------------------------------
    def _json(self, method: str, path: str, *, subject: str, **kwargs: Any) -> Any:
        response = self._request(method, f"{self.api_base}{path}", **kwargs)
        if not response.is_success:
            raise _error(response, subject=subject)
        return json_of(response, platform=PLATFORM)

    def _request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """The call with the bearer token, refreshed and repeated once on 401."""
        if not self._token:
            raise ChannelError(
                "Token akses YouTube belum diisi. Hubungkan akun Google pemilik kanal lalu simpan "
                "tokennya di pengaturan kanal.",
                kind=ErrorKind.CONFIG,
            )
        extra = kwargs.pop("headers", {})
        response = send(self.http, method, url, platform=PLATFORM,
                        headers={**extra, "Authorization": f"Bearer {self._token}"}, **kwargs)
        if response.status_code == 401 and self._can_refresh():
            self._refresh()
            response = send(self.http, method, url, platform=PLATFORM,
                            headers={**extra, "Authorization": f"Bearer {self._token}"}, **kwargs)
        return response

    def _can_refresh(self) -> bool:
        return bool(self._refresh_token and self.config.get("client_id")
                    and self.secrets.get("client_secret"))

    def _refresh(self) -> None:
        response = send(self.http, "POST", self.token_url, platform=PLATFORM, data={
            "grant_type": "refresh_token", "refresh_token": self._refresh_token,
            "client_id": self.config.get("client_id", ""),
            "client_secret": self.secrets.get("client_secret", ""),
        })
        body = _body(response)
        if not response.is_success or not isinstance(body, dict) or not body.get("access_token"):
            if response.status_code == 429 or response.status_code >= 500:
                raise _error(response, subject="pembaruan token")
            raise ChannelError(
                "Google menolak memperbarui token akses YouTube: token penyegar kedaluwarsa atau "
                "dicabut. Hubungkan ulang akun Google pemilik kanal lalu simpan token baru di "
                "pengaturan kanal.",
                kind=ErrorKind.AUTH, detail=_detail(body) or response.text[:300],
            )
        self._token = body["access_token"]
        self.refreshed_secrets = {"access_token": self._token}
        if body.get("refresh_token"):
            self._refresh_token = body["refresh_token"]
            self.refreshed_secrets["refresh_token"] = self._refresh_token
        if self._journal is not None:
            self._journal.record("refreshed_secrets", dict(self.refreshed_secrets))


def _delivered(video_id: str) -> Delivered:
    return Delivered(video_id, f"https://www.youtube.com/watch?v={video_id}")


def _next_offset(response: httpx.Response) -> int:
    """The byte to send next after a 308: one past ``Range: bytes=0-n``, or 0 without it."""
    match = re.fullmatch(r"bytes=0-(\d+)", response.headers.get("Range", "").strip())
    return int(match.group(1)) + 1 if match else 0


def _body(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _reasons(body: Any) -> set[str]:
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return set()
    return {str(e.get("reason")) for e in error.get("errors") or [] if isinstance(e, dict)}


def _detail(body: Any) -> str:
    if not isinstance(body, dict):
        return ""
    error = body.get("error")
    if isinstance(error, dict):
        reasons = ", ".join(sorted(_reasons(body)))
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


def _error(response: httpx.Response, *, subject: str, creating: bool = False) -> ChannelError:
    """What Google's failed answer means, for the agency's admin."""
    body = _body(response)
    reasons = _reasons(body)
    detail = _detail(body) or response.text[:300]
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

