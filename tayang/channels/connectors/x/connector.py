"""The X connector: the contract, finding an interrupted post, and the calls themselves."""

from __future__ import annotations

import html
import time
from datetime import UTC, datetime
from typing import Any

from tayang.channels.connectors.base import (
    CannotFind,
    ChannelError,
    ConfigField,
    Delivered,
    ErrorKind,
    Journal,
    Limits,
    Post,
)
from tayang.channels.connectors.http import json_of
from tayang.channels.connectors.oauth import OAuthConnector
from tayang.channels.connectors.weighted import MAX_WEIGHTED_LENGTH, strip_urls, weighted_length
from tayang.channels.connectors.x.errors import (
    PLATFORM,
    Duplicate,
    Forbidden,
    data_of,
    detail_of,
    error_of,
    is_not_found,
)
from tayang.channels.connectors.x.media import ALT_TEXT_MAX, MediaUploads, animated_gif

MB = 1024 * 1024
SEARCH_MARGIN = 300  # seconds before the first create call, for clocks that disagree


class X(MediaUploads, OAuthConnector):
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

    platform = PLATFORM
    _error = staticmethod(error_of)  # the platform's words for OAuthConnector's calls
    _detail = staticmethod(detail_of)
    missing_token = ("Token akses X belum diisi. Hubungkan akun X lembaga lalu simpan tokennya "
                     "di pengaturan kanal.")
    refresh_refused = ("X menolak memperbarui token akses: token penyegar kedaluwarsa atau "
                       "dicabut. Hubungkan ulang akun X lalu simpan token baru di pengaturan "
                       "kanal.")
    rotates_refresh_token = True

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
        except Duplicate as duplicate:
            return self._after_duplicate(post, journal, duplicate, earlier)
        tweet_id = str(data_of(answer, "id", created=True))
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
        if is_not_found(answer):
            raise ChannelError(
                "Kiriman ini sudah tidak ada di X (mungkin sudah dihapus langsung di X).",
                kind=ErrorKind.NOT_FOUND, detail=detail_of(answer),
            )
        raise ChannelError(
            "X tidak mengonfirmasi penghapusan kiriman. Periksa akun X; Tayang akan mencoba lagi.",
            kind=ErrorKind.SERVER, retryable=True, detail=detail_of(answer) or str(answer)[:300],
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
        if len(post.photos) > 1 and any(animated_gif(photo) for photo in post.photos):
            found.append("GIF bergerak harus dikirim sendiri, tanpa foto lain.")
        return found

    def check(self) -> str:
        me = self._me(None)
        name = f" ({me['name']})" if me.get("name") else ""
        return f"Akun X @{me.get('username', me['id'])}{name}"

    # -- finding --------------------------------------------------------------------------------
    def _after_duplicate(self, post: Post, journal: Journal, duplicate: Duplicate,
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
        except Forbidden as forbidden:
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
        response = self._authorized(method, f"{self.api_base}{path}", **kwargs)
        if response.is_success:
            return json_of(response, platform=PLATFORM) if response.content else {}
        raise error_of(response, subject=subject, creating=creating)

    def _token_request(self) -> dict[str, Any]:
        client_id = self.config.get("client_id", "")
        secret = self.secrets.get("client_secret", "")
        return {
            "url": f"{self.api_base}/2/oauth2/token",
            "data": {"grant_type": "refresh_token", "refresh_token": self._refresh_token,
                     "client_id": client_id},
            "auth": (client_id, secret) if secret else None,
        }


def comparable(text: str) -> str:
    """A post's text as X shows it and as we sent it, made comparable (links, entities)."""
    return " ".join(strip_urls(html.unescape(text)).split())
