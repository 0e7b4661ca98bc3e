"""X (Twitter): a post on the agency's account through X API v2, with up to 4 photos or 1 video.

The flow, all on ``https://api.x.com`` with an OAuth 2.0 *user-context* bearer token:

1. **Photos** go one by one to ``POST /2/media/upload`` (multipart: the file as ``media``,
   ``media_category=tweet_image``, or ``tweet_gif`` for an animated GIF); each answer's
   ``data.id`` is recorded in the journal (``media_ids``) at once, so a later attempt uploads
   only what is missing. X forgets uploaded media after ``expires_after_secs`` (a day for
   images); the journal keeps that deadline (``media_expires_at``) and media past it are
   uploaded again. Alt text, when a photo has one, goes to ``POST /2/media/metadata``
   (``{"id": …, "metadata": {"alt_text": {"text": …}}}``, at most 1,000 characters); the ids
   that got theirs are journaled (``alt_text_set``).
2. **A video** takes the chunked upload: ``POST /2/media/upload/initialize`` (JSON
   ``media_type``, ``total_bytes``, ``media_category=tweet_video``), then
   ``POST /2/media/upload/{id}/append`` (multipart ``media`` + ``segment_index``) per 4 MB
   chunk, then ``POST /2/media/upload/{id}/finalize``; while ``processing_info.state`` is
   ``pending``/``in_progress``, ``GET /2/media/upload?command=STATUS&media_id=…`` after
   ``check_after_secs``. The journal (``video_upload``) holds the media id, the chunks sent
   and whether it was finalized, so an interrupted upload continues where it stopped.
3. **The post**: ``POST /2/tweets`` with ``{"text": …, "media": {"media_ids": […]}}`` answers
   ``{"data": {"id", "text"}}``; the post lives at ``https://x.com/i/web/status/{id}``. Just
   before sending, the journal records ``tweet_sent_at`` (kept from the first attempt); after
   the answer, ``tweet_id``.

**Finding an interrupted post.** X keeps no idempotency key. :meth:`X.find` answers from the
journal when it holds ``tweet_id``; says "not posted" when ``tweet_sent_at`` is absent (the
create call never went out); otherwise it lists the account's posts since that moment
(``GET /2/users/me`` once, then ``GET /2/users/{id}/tweets?start_time=…&max_results=20``) and
compares texts. When the app's access level does not allow reading the timeline (a 403 such
as ``client-not-enrolled`` on X's lowest tier), it raises ``CannotFind`` so an admin checks.
X rewrites every link to a t.co link, appends one for attached media and
HTML-escapes ``&``, ``<`` and ``>``, so both sides are compared with URLs removed, entities
unescaped and whitespace collapsed.

**Duplicates.** X refuses a text identical to a recent post of the account with 403 "You are
not allowed to create a Tweet with duplicate content." When an earlier attempt of *this*
publication may have posted, that refusal means it did: the post is looked up and returned,
or, if X's listing does not show it yet, the attempt ends as retryable and ``maybe_posted`` so
the next one looks again. With no earlier attempt, the same text was posted by someone else
(or by hand): that is REJECTED, and the admin is asked to vary the text.

**Errors.** X answers with RFC 7807 problem details (``{"title", "detail", "type",
"status"}``) or ``{"errors": [{"message"…}]}``; both are kept in ``detail``. 429 waits until
``x-rate-limit-reset`` (epoch seconds), or until the 24-hour reset when
``x-user-limit-24hour-remaining``/``x-app-limit-24hour-remaining`` is 0; 401 is an expired
token (AUTH); 402 means the developer account's credits or plan ran out (CONFIG); other 403s
are missing permissions (AUTH); 5xx are retryable (``maybe_posted`` on the create call).

**Token refresh (decision).** X's OAuth 2.0 access tokens last two hours. When the channel also
holds a ``refresh_token`` and ``client_id`` (and ``client_secret`` for a confidential client,
sent as HTTP Basic auth), a 401 triggers one ``POST /2/oauth2/token``
(``grant_type=refresh_token``) and the request is repeated with the new token. X *rotates*
refresh tokens: the old one stops working. So the new pair is exposed twice:
``connector.refreshed_secrets`` (``{"access_token", "refresh_token"}``, for the caller to seal
into the channel's secrets after the call) and, when a journal is at hand, the journal entry
``refreshed_secrets`` with the same content, so a worker killed right after the refresh does
not lose the only valid refresh token. The caller should move it into the sealed secrets and
blank the journal entry.

**Assumptions** where the documentation is thin: the one-shot ``POST /2/media/upload`` accepts
``media_category`` and ``media_type`` as multipart fields and answers ``{"data": {"id",
"media_key", "expires_after_secs"…}}``; a deleted post answers ``{"data": {"deleted": true}}``,
an unknown one 404 or ``{"errors": [{"type": …/resource-not-found}]}``.
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import httpx

from tayang.channels.connectors.base import (
    CannotFind,
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
from tayang.channels.connectors.weighted import MAX_WEIGHTED_LENGTH, strip_urls, weighted_length

PLATFORM = "X"
MB = 1024 * 1024
ALT_TEXT_MAX = 1000
DUPLICATE = "duplicate content"
SEARCH_MARGIN = 300  # seconds before the first create call, for clocks that disagree


class _Duplicate(ChannelError):
    """X's 403 for a text identical to a recent post of the account."""


class _Forbidden(ChannelError):
    """Any other 403: the token or the app's access level does not allow the call."""


class X(Connector):
    kind = "x"
    label = "X (Twitter)"
    description = "Mengirim kiriman ke akun X (Twitter) lembaga, dengan foto atau video."
    config_fields = (
        ConfigField(
            "access_token", "Token akses (OAuth 2.0, konteks pengguna)", secret=True,
            help="Token akun X lembaga dengan izin tweet.read, tweet.write, users.read dan "
                 "media.write. Berlaku 2 jam; isi juga token penyegar agar diperbarui sendiri.",
        ),
        ConfigField(
            "refresh_token", "Token penyegar (refresh token)", secret=True, required=False,
            help="Didapat bersama token akses bila izin offline.access diberikan.",
        ),
        ConfigField(
            "client_id", "Client ID aplikasi X", required=False,
            help="Dari X Developer Portal; wajib bila token penyegar diisi.",
        ),
        ConfigField(
            "client_secret", "Client secret aplikasi X", secret=True, required=False,
            help="Hanya untuk aplikasi bertipe confidential client.",
        ),
    )
    limits = Limits(
        caption_max=MAX_WEIGHTED_LENGTH,
        count=weighted_length,
        count_name="karakter berbobot",
        max_photos=4,
        max_videos=1,
        mixed_media=False,
        photo_types=frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"}),
        video_types=frozenset({"video/mp4"}),
        photo_max_bytes=5 * MB,
        video_max_bytes=512 * MB,
        video_min_seconds=0.5,
        video_max_seconds=140,
        notes=(
            "Panjang dihitung cara X: huruf Latin 1, huruf CJK dan emoji 2, setiap tautan 23.",
            "Paling banyak 4 foto atau 1 video; foto dan video tidak dapat digabung.",
            "Teks alternatif foto dikirim bila diisi (paling banyak 1.000 karakter).",
        ),
    )
    can_withdraw = True
    default_api_base = "https://api.x.com"
    chunk_size = 4 * MB  # video chunks (X accepts up to 5 MB per APPEND)
    processing_wait = 90.0  # seconds one attempt waits for X to process a video
    timeline_size = 20  # recent posts looked at by find()

    def __init__(self, config: Mapping[str, str], secrets: Mapping[str, str], http: httpx.Client,
                 api_base: str = "") -> None:
        super().__init__(config, secrets, http, api_base)
        self._token = secrets.get("access_token", "")
        self._refresh_token = secrets.get("refresh_token", "")
        self._journal: Journal | None = None
        # New tokens after a refresh, for the caller to seal into the channel's secrets.
        self.refreshed_secrets: dict[str, str] = {}

    # -- the contract ---------------------------------------------------------------------------
    def publish(self, post: Post, journal: Journal) -> Delivered:
        self._journal = journal
        if tweet_id := journal.get("tweet_id"):
            return self._delivered(tweet_id, journal)
        if post.videos:
            media_ids = self._upload_video(post.videos[0], journal)
        else:
            media_ids = self._upload_photos(post.photos, journal)
        body: dict[str, Any] = {"text": post.text}
        if media_ids:
            body["media"] = {"media_ids": media_ids}
        earlier = journal.get("tweet_sent_at")
        if earlier is None:
            journal.record("tweet_sent_at", time.time())
        try:
            answer = self._call("POST", "/2/tweets", json=body, creating=True,
                                subject="kiriman ini")
        except _Duplicate as duplicate:
            return self._after_duplicate(post, journal, duplicate, earlier)
        tweet_id = str(self._data(answer, "id", created=True))
        journal.record("tweet_id", tweet_id)
        return self._delivered(tweet_id, journal)

    def find(self, post: Post, journal: Journal) -> Delivered | None:
        self._journal = journal
        if tweet_id := journal.get("tweet_id"):
            return self._delivered(tweet_id, journal)
        sent_at = journal.get("tweet_sent_at")
        if sent_at is None:
            return None  # the create call never went out: nothing can be there
        return self._lookup(post, journal, float(sent_at))

    def withdraw(self, delivered: Delivered, journal: Journal) -> None:
        self._journal = journal
        answer = self._call("DELETE", f"/2/tweets/{delivered.external_id}",
                            subject="penghapusan kiriman")
        if isinstance(answer, dict) and (answer.get("data") or {}).get("deleted") is True:
            return
        if _not_found(answer):
            raise ChannelError(
                "Kiriman ini sudah tidak ada di X (mungkin sudah dihapus langsung di X).",
                kind=ErrorKind.NOT_FOUND, detail=_detail(answer),
            )
        raise ChannelError(
            "X tidak mengonfirmasi penghapusan kiriman. Periksa akun X; Tayang akan mencoba lagi.",
            kind=ErrorKind.SERVER, retryable=True, detail=_detail(answer) or str(answer)[:300],
        )

    @classmethod
    def problems(cls, post: Post) -> list[str]:
        found = []
        if not post.text.strip() and not post.media:
            found.append("teks kosong; X memerlukan teks atau sedikitnya satu foto/video.")
        for photo in post.photos:
            if len(photo.alt.strip()) > ALT_TEXT_MAX:
                found.append(f"foto {photo.filename}: teks alternatif {len(photo.alt.strip())} "
                             "karakter, paling banyak 1.000.")
        if len(post.photos) > 1 and any(_animated_gif(photo) for photo in post.photos):
            found.append("GIF bergerak harus dikirim sendiri, tanpa foto lain.")
        return found

    def check(self) -> str:
        me = self._me(None)
        name = f" ({me['name']})" if me.get("name") else ""
        return f"Akun X @{me.get('username', me['id'])}{name}"

    # -- media ----------------------------------------------------------------------------------
    def _upload_photos(self, photos: tuple[MediaFile, ...], journal: Journal) -> list[str]:
        ids = [str(media_id) for media_id in journal.get("media_ids") or []]
        if ids and time.time() > float(journal.get("media_expires_at") or 0):
            ids = []  # X has forgotten them: upload again
        expires_at = float(journal.get("media_expires_at") or 0) if ids else 0.0
        for photo in photos[len(ids):]:
            with photo.open() as handle:
                content = handle.read()
            answer = self._call(
                "POST", "/2/media/upload", subject=f"foto {photo.filename}",
                files={"media": (photo.filename, content, photo.content_type)},
                data={"media_category": "tweet_gif" if _animated_gif(photo) else "tweet_image",
                      "media_type": photo.content_type},
            )
            ids.append(str(self._data(answer, "id")))
            journal.record("media_ids", list(ids))
            lifetime = float(answer["data"].get("expires_after_secs") or 86400)
            deadline = time.time() + lifetime - 600  # keep a margin for the post itself
            expires_at = min(expires_at, deadline) if expires_at else deadline
            journal.record("media_expires_at", expires_at)
        described = set(journal.get("alt_text_set") or [])
        for photo, media_id in zip(photos, ids, strict=False):
            alt = photo.alt.strip()
            if alt and media_id not in described:
                self._call("POST", "/2/media/metadata", subject=f"teks alternatif foto "
                           f"{photo.filename}",
                           json={"id": media_id,
                                 "metadata": {"alt_text": {"text": alt[:ALT_TEXT_MAX]}}})
                described.add(media_id)
                journal.record("alt_text_set", sorted(described))
        return ids

    def _upload_video(self, video: MediaFile, journal: Journal) -> list[str]:
        subject = f"video {video.filename}"
        state = dict(journal.get("video_upload") or {})
        if state and (time.time() > float(state.get("expires_at") or 0)
                      or state.get("size") != video.size):
            state = {}  # expired on X's side, or another file: start over
        if not state:
            answer = self._call("POST", "/2/media/upload/initialize", subject=subject, json={
                "media_type": video.content_type, "total_bytes": video.size,
                "media_category": "tweet_video",
            })
            media_id = str(self._data(answer, "id"))
            lifetime = float(answer["data"].get("expires_after_secs") or 86400)
            state = {"id": media_id, "size": video.size,
                     "chunk": self.chunk_size, "segments": 0, "finalized": False,
                     "expires_at": time.time() + lifetime - 600}
            journal.record("video_upload", dict(state))
            journal.record("media_ids", [state["id"]])
        media_id = state["id"]
        if state["finalized"]:
            info: dict[str, Any] | None = {"state": "pending", "check_after_secs": 0}
        else:
            chunk = int(state["chunk"])
            with video.open() as handle:
                handle.seek(state["segments"] * chunk)
                while content := handle.read(chunk):
                    self._call("POST", f"/2/media/upload/{media_id}/append", subject=subject,
                               files={"media": (video.filename, content,
                                                "application/octet-stream")},
                               data={"segment_index": str(state["segments"])})
                    state["segments"] += 1
                    journal.record("video_upload", dict(state))
            answer = self._call("POST", f"/2/media/upload/{media_id}/finalize", subject=subject)
            state["finalized"] = True
            journal.record("video_upload", dict(state))
            info = (answer.get("data") or {}).get("processing_info")
        self._await_processing(media_id, info, video)
        return [media_id]

    def _await_processing(self, media_id: str, info: dict[str, Any] | None,
                          video: MediaFile) -> None:
        deadline = time.monotonic() + self.processing_wait
        while info and info.get("state") in ("pending", "in_progress"):
            after = info.get("check_after_secs")
            wait = max(float(after), 0.0) if after is not None else 1.0
            if time.monotonic() + wait > deadline:
                raise ChannelError(
                    f"X masih memproses video {video.filename}. Tayang akan memeriksanya lagi "
                    "lalu mengirim kiriman.",
                    kind=ErrorKind.SERVER, retryable=True, retry_after=max(wait, 30.0),
                    detail=str(info)[:300],
                )
            time.sleep(wait)
            answer = self._call("GET", "/2/media/upload", subject=f"video {video.filename}",
                                params={"command": "STATUS", "media_id": media_id})
            info = (answer.get("data") or {}).get("processing_info")
        if info and info.get("state") == "failed":
            error = info.get("error") or {}
            raise ChannelError(
                f"X menolak video {video.filename}: video tidak dapat diproses (format, codec, "
                "atau durasi tidak sesuai). Gunakan MP4 (H.264/AAC) paling lama 140 detik.",
                kind=ErrorKind.REJECTED, detail=str(error.get("message") or error)[:300],
            )

    # -- finding --------------------------------------------------------------------------------
    def _after_duplicate(self, post: Post, journal: Journal, duplicate: _Duplicate,
                         earlier: Any) -> Delivered:
        if earlier is None:
            raise ChannelError(
                "X menolak kiriman ini karena teksnya sama persis dengan kiriman akun ini "
                "sebelumnya. Ubah teksnya (misalnya tulis varian khusus kanal X) lalu kirim "
                "ulang.",
                kind=ErrorKind.REJECTED, detail=duplicate.detail,
            )
        try:
            found = self._lookup(post, journal, float(earlier))
        except CannotFind:
            found = None  # the next attempt's find() says so, and an admin checks
        if found is not None:
            return found
        raise ChannelError(
            "X menyatakan kiriman ini sudah ada (dari percobaan sebelumnya), tetapi belum "
            "tampak di linimasa akun. Tayang akan memeriksanya lagi.",
            kind=ErrorKind.SERVER, retryable=True, maybe_posted=True, retry_after=60.0,
            detail=duplicate.detail,
        )

    def _lookup(self, post: Post, journal: Journal, since: float) -> Delivered | None:
        """The post among the account's posts since ``since``; CannotFind when X won't list."""
        start = datetime.fromtimestamp(since - SEARCH_MARGIN, UTC)
        try:
            user_id = journal.get("user_id") or self._me(journal)["id"]
            answer = self._call("GET", f"/2/users/{user_id}/tweets",
                                subject="daftar kiriman akun",
                                params={"max_results": self.timeline_size,
                                        "start_time": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                        "exclude": "replies,retweets",
                                        "tweet.fields": "created_at"})
        except _Forbidden as forbidden:
            # The app's access level does not include reading the timeline (X's lowest tier).
            raise CannotFind(forbidden.detail) from forbidden
        wanted = comparable(post.text)
        for tweet in answer.get("data") or []:
            if comparable(tweet.get("text", "")) == wanted:
                journal.record("tweet_id", str(tweet["id"]))
                return self._delivered(str(tweet["id"]), journal)
        return None

    def _me(self, journal: Journal | None) -> dict[str, Any]:
        answer = self._call("GET", "/2/users/me", subject="data akun")
        me = answer.get("data") or {}
        if "id" not in me:
            raise ChannelError("Jawaban X tentang akun ini tidak dapat dibaca.",
                               kind=ErrorKind.SERVER, retryable=True, detail=str(answer)[:300])
        if journal is not None:
            journal.record("user_id", str(me["id"]))
            if me.get("username"):
                journal.record("username", me["username"])
        return me

    @staticmethod
    def _delivered(tweet_id: str, journal: Journal) -> Delivered:
        username = journal.get("username")
        if username:
            return Delivered(tweet_id, f"https://x.com/{username}/status/{tweet_id}")
        return Delivered(tweet_id, f"https://x.com/i/web/status/{tweet_id}")

    # -- HTTP -----------------------------------------------------------------------------------
    def _call(self, method: str, path: str, *, subject: str, creating: bool = False,
              **kwargs: Any) -> Any:
        """One API call with the bearer token (refreshed once on 401); its JSON, or raise."""
        if not self._token:
            raise ChannelError(
                "Token akses X belum diisi. Hubungkan akun X lembaga lalu simpan tokennya di "
                "pengaturan kanal.",
                kind=ErrorKind.CONFIG,
            )
        url = f"{self.api_base}{path}"
        response = send(self.http, method, url, platform=PLATFORM,
                        headers={"Authorization": f"Bearer {self._token}"}, **kwargs)
        if response.status_code == 401 and self._can_refresh():
            self._refresh()
            response = send(self.http, method, url, platform=PLATFORM,
                            headers={"Authorization": f"Bearer {self._token}"}, **kwargs)
        if response.is_success:
            return json_of(response, platform=PLATFORM) if response.content else {}
        raise _error(response, subject=subject, creating=creating)

    def _can_refresh(self) -> bool:
        return bool(self._refresh_token and self.config.get("client_id"))

    def _refresh(self) -> None:
        client_id = self.config.get("client_id", "")
        secret = self.secrets.get("client_secret", "")
        response = send(
            self.http, "POST", f"{self.api_base}/2/oauth2/token", platform=PLATFORM,
            data={"grant_type": "refresh_token", "refresh_token": self._refresh_token,
                  "client_id": client_id},
            auth=(client_id, secret) if secret else None,
        )
        body = _body(response)
        if not response.is_success or not isinstance(body, dict) or not body.get("access_token"):
            if response.status_code == 429 or response.status_code >= 500:
                raise _error(response, subject="pembaruan token")
            raise ChannelError(
                "X menolak memperbarui token akses: token penyegar kedaluwarsa atau dicabut. "
                "Hubungkan ulang akun X lalu simpan token baru di pengaturan kanal.",
                kind=ErrorKind.AUTH, detail=_detail(body) or response.text[:300],
            )
        self._token = body["access_token"]
        self._refresh_token = body.get("refresh_token") or self._refresh_token
        self.refreshed_secrets = {"access_token": self._token,
                                  "refresh_token": self._refresh_token}
        if self._journal is not None:
            self._journal.record("refreshed_secrets", dict(self.refreshed_secrets))

    @staticmethod
    def _data(answer: Any, key: str, *, created: bool = False) -> Any:
        try:
            return answer["data"][key]
        except (KeyError, TypeError):
            raise ChannelError(
                "Jawaban X tidak dapat dibaca. Tayang akan mencoba lagi.",
                kind=ErrorKind.SERVER, retryable=True, maybe_posted=created,
                detail=str(answer)[:300],
            ) from None


def comparable(text: str) -> str:
    """A post's text as X shows it and as we sent it, made comparable (links, entities)."""
    return " ".join(strip_urls(html.unescape(text)).split())


def _animated_gif(photo: MediaFile) -> bool:
    from tayang.media.pillow import Image

    if photo.content_type != "image/gif":
        return False
    try:
        with Image.open(photo.path) as image:
            return bool(getattr(image, "is_animated", False))
    except OSError:
        return False


def _body(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _detail(body: Any) -> str:
    """X's own words from a problem-details or ``errors`` body."""
    if not isinstance(body, dict):
        return ""
    words = [str(body[key]) for key in ("title", "detail", "error", "error_description")
             if body.get(key)]
    for error in body.get("errors") or []:
        if isinstance(error, dict):
            words.append(str(error.get("message") or error.get("detail") or error))
    return "; ".join(dict.fromkeys(words))[:500]


def _not_found(body: Any) -> bool:
    return isinstance(body, dict) and any(
        "not-found" in str(error.get("type", "")) or "Not Found" in str(error.get("title", ""))
        for error in body.get("errors") or [] if isinstance(error, dict)
    )


def _error(response: httpx.Response, *, subject: str, creating: bool = False) -> ChannelError:
    """What X's failed answer means, for the agency's admin."""
    body = _body(response)
    detail = _detail(body) or response.text[:300]
    status = response.status_code
    if status == 429:
        return ChannelError(
            "X membatasi jumlah permintaan atau kiriman akun/aplikasi ini untuk sementara. "
            "Tayang akan mencoba lagi setelah batasnya pulih.",
            kind=ErrorKind.RATE_LIMITED, retryable=True, retry_after=_reset_after(response),
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
        return _Duplicate(
            "X menolak kiriman ini karena teksnya sama dengan kiriman sebelumnya.",
            kind=ErrorKind.REJECTED, detail=detail,
        )
    if status == 403:
        return _Forbidden(
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
        return ChannelError(
            f"Server X sedang bermasalah (kode {status}). Tayang akan mencoba lagi.",
            kind=ErrorKind.SERVER, retryable=True, maybe_posted=creating,
            retry_after=retry_after_header(response), detail=detail,
        )
    return ChannelError(
        f"X menolak {subject} (kode {status}). Periksa isi dan berkasnya.",
        kind=ErrorKind.REJECTED, detail=detail,
    )


def _reset_after(response: httpx.Response) -> float | None:
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
