"""WordPress: a post on the agency's own WordPress site, through its REST API.

Flow (https://developer.wordpress.org/rest-api/reference/), REST root ``{site}/wp-json/wp/v2``,
HTTP Basic auth with the user's name and an Application Password (WordPress 5.6+; WordPress
accepts them only over HTTPS unless the site is a local development site):

1. each photo/video: ``POST /media`` with the file as the raw body, ``Content-Type`` and
   ``Content-Disposition: attachment; filename="..."``; ``alt_text`` and ``slug`` go as query
   parameters of the same call (the REST API reads parameters from the query string too), so an
   attachment never exists without its alt text and there is no second call to resume;
2. ``POST /posts`` ``{title, content, excerpt, status, slug, featured_media, categories}``:
   content is the article's HTML, a gallery block of the photos when there are two or more (one
   photo is the featured image, which themes show above the post), a video block per video and
   a link back to the article;
3. the post's ``link`` is the URL.

Exactly once: the post's ``slug`` is derived from :attr:`Post.key`. WordPress keeps slugs of
published posts unique (a second post with the same slug would get ``-2``) and keeps a draft's
slug as given, so ``GET /posts?slug=<slug>&status=any`` (authenticated) finds a post an
interrupted attempt created — exact and documented. Attachments get slugs ``<slug>-media-<n>``
the same way, so an upload whose answer was lost is found again instead of uploaded twice;
finished uploads are reused from the journal.

Withdrawing moves the post to the trash (``DELETE /posts/{id}`` without ``force``): the site's
admin can restore it for 30 days, and its photos stay in the media library. Deleting for good
is left to a person.

Errors are WordPress's JSON ``{"code": ..., "message": ..., "data": {"status": ...}}``. Note that
WordPress answers a refused file type with ``rest_upload_sideload_error`` and status 500, so the
code is read before the status.

The upload size limit is the site's (PHP's ``upload_max_filesize``), which the REST API does not
publish; the optional ``max_upload_mb`` setting lets the admin state it so a too-large file is
refused by name before it is sent. Tags are not sent: WordPress wants term ids, and creating
terms needs rights an author account usually lacks.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from typing import Any

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
    MediaKind,
    Post,
)
from tayang.channels.connectors.http import json_of, retry_after, send, status_error

PLATFORM = "WordPress"
MB = 1024 * 1024
STATUSES = ("publish", "draft", "pending")

# Journal keys.
MEDIA = "wordpress_media"  # [{"id", "url", "file"}] in upload order
UPLOADING = "wordpress_uploading"  # index of the upload sent last (its answer may be lost)
POST_SENT = "wordpress_post_sent"  # the create call went out at least once
POST = "wordpress_post"  # {"id", "url"} once WordPress answered

CREDENTIAL_CODES = frozenset({
    "incorrect_password", "invalid_username", "invalid_email", "rest_not_logged_in",
    "application_passwords_disabled", "application_passwords_disabled_for_user",
})


def post_slug(key: str) -> str:
    """The slug WordPress will keep for this publication (what ``sanitize_title`` makes of it)."""
    slug = re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")[:180].strip("-")
    return slug or "tayang"


class WordPress(Connector):
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
            "content": self._content(post, uploaded),
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
            "Content-Disposition": f'attachment; filename="{_ascii_filename(file.filename)}"',
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

    @staticmethod
    def _content(post: Post, uploaded: list[dict[str, Any]]) -> str:
        parts = [post.body_html.strip() or f"<p>{html.escape(post.summary)}</p>"]
        photos = [item for item in uploaded if item["kind"] == MediaKind.PHOTO]
        if len(photos) > 1:
            images = "\n".join(
                f'<!-- wp:image {{"id":{p["id"]},"sizeSlug":"large",'
                '"linkDestination":"none"} -->\n'
                f'<figure class="wp-block-image size-large"><img src="{html.escape(p["url"])}" '
                f'alt="{html.escape(p["alt"])}" class="wp-image-{p["id"]}"/></figure>\n'
                "<!-- /wp:image -->"
                for p in photos
            )
            parts.append(
                '<!-- wp:gallery {"linkTo":"none"} -->\n'
                '<figure class="wp-block-gallery has-nested-images columns-default is-cropped">'
                f"\n{images}\n</figure>\n<!-- /wp:gallery -->"
            )
        for item in uploaded:
            if item["kind"] == MediaKind.VIDEO:
                parts.append(
                    f'<!-- wp:video {{"id":{item["id"]}}} -->\n<figure class="wp-block-video">'
                    f'<video controls src="{html.escape(item["url"])}"></video></figure>\n'
                    "<!-- /wp:video -->"
                )
        if post.link:
            parts.append(f'<p>Sumber: <a href="{html.escape(post.link)}">'
                         f"{html.escape(post.title or post.link)}</a></p>")
        return "\n\n".join(parts)

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

    # -- HTTP --------------------------------------------------------------------------------
    def _request(self, method: str, path: str, *, creating: bool = False,
                 file: MediaFile | None = None, **kwargs: Any) -> httpx.Response:
        username = (self.config.get("username") or "").strip()
        password = (self.secrets.get("application_password") or "").strip()
        if not self.api_base or not username or not password:
            raise ChannelError(
                "Alamat situs, nama pengguna, atau Application Password WordPress belum diisi. "
                "Lengkapi pengaturan kanal.",
                kind=ErrorKind.CONFIG,
            )
        url = f"{self.api_base}/wp-json/wp/v2{path}"
        response = send(self.http, method, url, platform=PLATFORM, auth=(username, password),
                        **kwargs)
        if response.is_success:
            return response
        raise self._error(response, creating=creating, file=file)

    def _error(self, response: httpx.Response, *, creating: bool,
               file: MediaFile | None) -> ChannelError:
        status = response.status_code
        try:
            body = response.json()
        except ValueError:
            body = None
        code = str(body.get("code", "")) if isinstance(body, dict) else ""
        message = str(body.get("message", "")) if isinstance(body, dict) else ""
        if isinstance(body, dict) and isinstance(body.get("data"), dict):
            params = body["data"].get("params")
            if params:
                message = f"{message} {json.dumps(params, ensure_ascii=False)}"
        detail = f"{status} {code}: {message}" if code else response.text[:300]
        user = self.config.get("username", "")
        if status == 429:
            return ChannelError(
                "Situs WordPress membatasi jumlah permintaan saat ini. Tayang akan mencoba lagi "
                "nanti.",
                kind=ErrorKind.RATE_LIMITED, retryable=True, retry_after=retry_after(response),
                detail=detail,
            )
        if status == 401 or code in CREDENTIAL_CODES:
            hint = (" Application Password hanya berfungsi bila situs memakai HTTPS."
                    if self.api_base.startswith("http://") else "")
            return ChannelError(
                f"WordPress menolak nama pengguna {user} atau Application Password-nya: salah, "
                "dicabut, atau penggunanya dihapus. Buat Application Password baru di WordPress "
                f"(Pengguna › Profil) lalu simpan di pengaturan kanal.{hint}",
                kind=ErrorKind.AUTH, detail=detail,
            )
        if status == 403:
            return ChannelError(
                f"Pengguna WordPress {user} tidak punya izin untuk tindakan ini (membuat pos, "
                "mengunggah media, atau menghapus pos). Beri peran Author atau Editor di "
                "WordPress, atau periksa plugin keamanan yang memblokir REST API.",
                kind=ErrorKind.AUTH, detail=detail,
            )
        if code.startswith("rest_upload_") or (file is not None and status == 413):
            name = file.filename if file is not None else "berkas"
            return ChannelError(
                f"WordPress menolak berkas {name}: ukuran atau jenis berkas tidak diterima. "
                "Ganti atau perkecil berkasnya, atau "
                "minta pengelola situs menaikkan batas unggah.",
                kind=ErrorKind.REJECTED, detail=detail,
            )
        if code == "rest_no_route" or (status == 404 and not code):
            return ChannelError(
                f"REST API WordPress tidak ditemukan di {self.api_base}. Periksa alamat situs, "
                "pastikan permalink bukan \"Polos\" (Pengaturan › Permalink), dan tidak ada plugin "
                "yang mematikan REST API.",
                kind=ErrorKind.CONFIG, detail=detail,
            )
        if code in ("rest_post_invalid_id", "rest_term_invalid"):
            what = "Pos" if code == "rest_post_invalid_id" else "Kategori"
            return ChannelError(
                f"{what} itu tidak ada di situs WordPress (mungkin sudah dihapus permanen)."
                + (" Periksa ID kategori di pengaturan kanal." if what == "Kategori" else ""),
                kind=ErrorKind.NOT_FOUND if what == "Pos" else ErrorKind.CONFIG, detail=detail,
            )
        if status >= 500:
            return ChannelError(
                f"Situs WordPress sedang bermasalah (kode {status}). Tayang akan mencoba lagi.",
                kind=ErrorKind.SERVER, retryable=True, maybe_posted=creating,
                retry_after=retry_after(response), detail=detail,
            )
        if code:
            return ChannelError(
                f"WordPress menolak tayangan ini (kode {status}).",
                kind=ErrorKind.REJECTED, detail=detail,
            )
        return status_error(response, platform=PLATFORM, detail=detail)

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


def _ascii_filename(name: str) -> str:
    """A header-safe filename; WordPress sanitizes it further itself."""
    return re.sub(r"[^A-Za-z0-9._ -]+", "-", name).strip() or "berkas"
