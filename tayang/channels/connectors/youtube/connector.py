"""The YouTube connector: the contract, the video's metadata, and finding an upload."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from tayang.channels.connectors.base import (
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
from tayang.channels.connectors.youtube.errors import PLATFORM, detail_of, error_of
from tayang.channels.connectors.youtube.upload import GRANULE, ResumableUpload, delivered

TOKEN_URL = "https://oauth2.googleapis.com/token"
GB = 1024 * 1024 * 1024
TITLE_MAX = 100
TAGS_MAX = 500
PRIVACY = {"public", "unlisted", "private"}


def utf8_length(text: str) -> int:
    """YouTube counts a description's length in UTF-8 bytes (5,000 at most)."""
    return len(text.encode("utf-8"))


def tags_length(tags: tuple[str, ...]) -> int:
    """Tags' length as YouTube counts it: a tag with a space is quoted; commas between."""
    cleaned = [tag.strip() for tag in tags if tag.strip()]
    return sum(len(tag) + (2 if " " in tag else 0) for tag in cleaned) + max(len(cleaned) - 1, 0)


class YouTube(ResumableUpload, OAuthConnector):
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

    platform = PLATFORM
    _error = staticmethod(error_of)  # the platform's words for OAuthConnector's calls
    _detail = staticmethod(detail_of)
    refresh_needs_secret = True
    missing_token = ("Token akses YouTube belum diisi. Hubungkan akun Google pemilik kanal lalu "
                     "simpan tokennya di pengaturan kanal.")
    refresh_refused = ("Google menolak memperbarui token akses YouTube: token penyegar "
                       "kedaluwarsa atau dicabut. Hubungkan ulang akun Google pemilik kanal lalu "
                       "simpan token baru di pengaturan kanal.")

    def __init__(self, config: Mapping[str, str], secrets: Mapping[str, str], http: httpx.Client,
                 api_base: str = "") -> None:
        super().__init__(config, secrets, http, api_base)
        default = self.api_base == self.default_api_base.rstrip("/")
        self.token_url = config.get("token_url") or (TOKEN_URL if default
                                                     else f"{self.api_base}/token")

    # -- the contract ---------------------------------------------------------------------------
    def publish(self, post: Post, journal: Journal) -> Delivered:
        self._journal = journal
        if video_id := journal.get("video_id"):
            return delivered(video_id)
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
            return delivered(video_id)
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
        response = self._authorized("DELETE", f"{self.api_base}/youtube/v3/videos",
                                 params={"id": delivered.external_id})
        if response.status_code == 204 or response.is_success:
            return
        raise error_of(response, subject="penghapusan video")

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
                return delivered(video_id)
        return None

    # -- HTTP -----------------------------------------------------------------------------------
    def _json(self, method: str, path: str, *, subject: str, **kwargs: Any) -> Any:
        response = self._authorized(method, f"{self.api_base}{path}", **kwargs)
        if not response.is_success:
            raise error_of(response, subject=subject)
        return json_of(response, platform=PLATFORM)

    def _token_request(self) -> dict[str, Any]:
        return {"url": self.token_url, "data": {
            "grant_type": "refresh_token", "refresh_token": self._refresh_token,
            "client_id": self.config.get("client_id", ""),
            "client_secret": self.secrets.get("client_secret", ""),
        }}
