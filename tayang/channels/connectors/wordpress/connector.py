"""The WordPress connector: the contract, media uploads, and the channel's settings."""

from __future__ import annotations

import html
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
    MediaFile,
    MediaKind,
    Post,
)
from tayang.channels.connectors.http import json_of
from tayang.channels.connectors.wordpress.api import PLATFORM, RestApi
from tayang.channels.connectors.wordpress.content import ascii_filename, content_html, post_slug

MB = 1024 * 1024
STATUSES = ("publish", "draft", "pending")

# Journal keys.
MEDIA = "wordpress_media"  # [{"id", "url", "file"}] in upload order
UPLOADING = "wordpress_uploading"  # index of the upload sent last (its answer may be lost)
POST_SENT = "wordpress_post_sent"  # the create call went out at least once
POST = "wordpress_post"  # {"id", "url"} once WordPress answered


class WordPress(RestApi):
    kind = "wordpress"
    label = "WordPress"
    description = "Situs WordPress instansi: berita dimuat sebagai pos lengkap dengan fotonya."
    config_fields = (
        ConfigField("site_url", "Alamat situs", kind="url",
                    help="Alamat utama situs WordPress, misalnya https://dinsos.example.go.id"),
        ConfigField("username", "Nama pengguna",
                    help="Pengguna WordPress dengan peran Author atau Editor."),
        ConfigField(
            "application_password", "Application Password", secret=True,
            help="Buat di WordPress: Pengguna › Profil › Application Passwords. Bukan kata sandi "
                 "masuk biasa. Hanya berfungsi bila situs memakai HTTPS.",
        ),
        ConfigField("status", "Status pos", required=False, default="publish",
                    help="publish (langsung tayang), draft (disimpan sebagai draf), atau pending "
                         "(menunggu tinjauan editor)."),
        ConfigField("category_id", "ID kategori", required=False, kind="number",
                    help="Angka ID kategori WordPress (lihat Pos › Kategori). Kosongkan untuk "
                         "kategori bawaan situs."),
        ConfigField("max_upload_mb", "Batas unggah (MB)", required=False, kind="number",
                    help="Batas ukuran berkas situs (terlihat di Media › Tambah Baru). "
                         "Kosongkan bila tidak tahu; WordPress sendiri yang akan menolak berkas "
                         "yang terlalu besar."),
    )
    limits = Limits(
        photo_types=frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"}),
        video_types=frozenset({"video/mp4", "video/quicktime", "video/webm"}),
        notes=(
            "WordPress memakai judul dan isi berita lengkap, bukan keterangan singkat.",
            "Foto pertama menjadi gambar unggulan; dua foto atau lebih dimuat sebagai galeri.",
            "Batas ukuran berkas mengikuti pengaturan situs WordPress.",
        ),
    )
    can_withdraw = True
    default_api_base = ""  # the agency's own site: ``site_url``

    def __init__(self, config: Mapping[str, str], secrets: Mapping[str, str], http: httpx.Client,
                 api_base: str = "") -> None:
        super().__init__(config, secrets, http, api_base or config.get("site_url", ""))

    # -- publishing --------------------------------------------------------------------------
    def publish(self, post: Post, journal: Journal) -> Delivered:
        status = self._status
        done = self._recorded(journal)
        if done is not None:
            return done
        if journal.get(POST_SENT):  # an earlier create may have landed; never make a second
            found = self.find(post, journal)
            if found is not None:
                return found
        slug = post_slug(post.key)
        uploaded = self._upload_all(post, slug, journal)
        payload: dict[str, Any] = {
            "title": post.title,
            "content": content_html(post, uploaded),
            "excerpt": post.summary,
            "status": status,
            "slug": slug,
        }
        photos = [item for item in uploaded if item["kind"] == MediaKind.PHOTO]
        if photos:
            payload["featured_media"] = photos[0]["id"]
        if category := self._category_id:
            payload["categories"] = [category]
        journal.record(POST_SENT, True)
        response = self._request("POST", "/posts", json=payload, creating=True)
        created = json_of(response, platform=PLATFORM)
        return self._remember(created, journal)

    def find(self, post: Post, journal: Journal) -> Delivered | None:
        done = self._recorded(journal)
        if done is not None:
            return done
        slug = post_slug(post.key)
        response = self._request("GET", "/posts",
                                 params={"slug": slug, "status": "any", "context": "edit"})
        for item in json_of(response, platform=PLATFORM) or []:
            if item.get("slug") == slug:
                return self._remember(item, journal)
        return None

    def withdraw(self, delivered: Delivered, journal: Journal) -> None:
        try:
            self._request("DELETE", f"/posts/{int(delivered.external_id)}")
        except ChannelError as error:
            if "rest_already_trashed" in error.detail:  # withdrawn already: nothing to do
                return
            raise

    def check(self) -> str:
        status = self._status
        response = self._request("GET", "/users/me", params={"context": "edit"})
        me = json_of(response, platform=PLATFORM)
        name = me.get("name") or me.get("slug") or self.config.get("username", "")
        can = me.get("capabilities") or {}
        needed = "publish_posts" if status == "publish" else "edit_posts"
        for capability, what in (("upload_files", "mengunggah media"), (needed, "membuat pos")):
            if can and not can.get(capability):
                raise ChannelError(
                    f"Pengguna WordPress {self.config.get('username', '')} tidak punya izin "
                    f"{what}. Beri peran Author atau "
                    "Editor di WordPress (Pengguna › Semua Pengguna).",
                    kind=ErrorKind.AUTH, detail=f"capabilities tanpa {capability}",
                )
        where = ""
        if category := self._category_id:
            term = json_of(self._request("GET", f"/categories/{category}"), platform=PLATFORM)
            where = f", kategori \"{html.unescape(term.get('name', str(category)))}\""
        roles = ", ".join(me.get("roles") or []) or "tanpa peran"
        return (f"Masuk ke {self.api_base} sebagai {name} ({roles}); pos dibuat dengan status "
                f"{status}{where}.")

    @classmethod
    def problems(cls, post: Post) -> list[str]:
        if not post.title.strip() and not post.body_html.strip():
            return ["judul dan isi berita kosong."]
        return []

    # -- media -------------------------------------------------------------------------------
    def _upload_all(self, post: Post, slug: str, journal: Journal) -> list[dict[str, Any]]:
        files = [f for f in post.media if f.kind in (MediaKind.PHOTO, MediaKind.VIDEO)]
        uploaded: list[dict[str, Any]] = []
        for earlier, file in zip(journal.get(MEDIA) or [], files, strict=False):
            if earlier.get("file") != file.filename:
                break  # the post's media changed since: upload the rest again
            uploaded.append({**earlier, "kind": MediaKind(earlier["kind"])})
        for index in range(len(uploaded), len(files)):
            file = files[index]
            media_slug = f"{slug}-media-{index + 1}"
            item = None
            if journal.get(UPLOADING) == index:  # sent before, answer lost: is it there?
                item = self._find_media(media_slug)
            if item is None:
                self._check_size(file)
                journal.record(UPLOADING, index)
                item = self._upload(file, media_slug)
            uploaded.append({"id": item["id"], "url": item.get("source_url", ""),
                             "file": file.filename, "kind": file.kind, "alt": file.alt})
            journal.record(MEDIA, [{**entry, "kind": str(entry["kind"])} for entry in uploaded])
        return uploaded

    def _upload(self, file: MediaFile, media_slug: str) -> dict[str, Any]:
        params = {"slug": media_slug}
        if file.alt:
            params["alt_text"] = file.alt
        headers = {
            "Content-Type": file.content_type,
            "Content-Disposition": f'attachment; filename="{ascii_filename(file.filename)}"',
        }
        with file.open() as body:
            response = self._request("POST", "/media", params=params, headers=headers,
                                     content=body.read(), creating=True, file=file)
        return json_of(response, platform=PLATFORM)

    def _find_media(self, media_slug: str) -> dict[str, Any] | None:
        response = self._request("GET", "/media", params={"slug": media_slug})
        for item in json_of(response, platform=PLATFORM) or []:
            if item.get("slug") == media_slug:
                return item
        return None

    def _check_size(self, file: MediaFile) -> None:
        raw = (self.config.get("max_upload_mb") or "").strip().replace(",", ".")
        try:
            limit = float(raw) * MB if raw else None
        except ValueError:
            limit = None
        if limit and file.size > limit:
            raise ChannelError(
                f"Berkas {file.filename} ({file.size / MB:.1f} MB) melebihi batas unggah situs "
                f"WordPress ({raw} MB). Perkecil berkasnya atau naikkan batas unggah situs.",
                kind=ErrorKind.REJECTED,
            )

    # -- settings ----------------------------------------------------------------------------
    @property
    def _status(self) -> str:
        status = (self.config.get("status") or "publish").strip().lower()
        if status not in STATUSES:
            raise ChannelError(
                f"Status pos WordPress \"{status}\" tidak dikenal. Isi publish, draft, atau "
                "pending di pengaturan kanal.",
                kind=ErrorKind.CONFIG,
            )
        return status

    @property
    def _category_id(self) -> int | None:
        raw = (self.config.get("category_id") or "").strip()
        if not raw:
            return None
        if not raw.isdigit():
            raise ChannelError(
                f"ID kategori WordPress \"{raw}\" harus berupa angka. Lihat angkanya di "
                "WordPress: Pos › Kategori (arahkan kursor ke nama kategori).",
                kind=ErrorKind.CONFIG,
            )
        return int(raw)

    # -- the journal -------------------------------------------------------------------------
    @staticmethod
    def _recorded(journal: Journal) -> Delivered | None:
        recorded = journal.get(POST)
        if not recorded:
            return None
        return Delivered(external_id=str(recorded["id"]), url=recorded.get("url", ""))

    @staticmethod
    def _remember(item: dict[str, Any], journal: Journal) -> Delivered:
        journal.record(POST, {"id": item["id"], "url": item.get("link", "")})
        return Delivered(external_id=str(item["id"]), url=item.get("link", ""))
