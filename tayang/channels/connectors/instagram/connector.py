"""The Instagram connector: containers, publishing, finding and withdrawing a post."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import ClassVar

import httpx

from tayang.channels.connectors.base import (
    CannotFind,
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
from tayang.channels.connectors.graph import Graph, GraphError
from tayang.channels.connectors.instagram.containers import (
    GONE_SUBCODES,
    Expired,
    container_error,
    container_fields,
    forget_container,
    media_name,
    subject_of,
)
from tayang.channels.connectors.instagram.quota import PublishingQuota
from tayang.channels.connectors.meta import GraphConnector, matching, parse_time

MB = 1024 * 1024
PLATFORM = "Instagram"
RENEW = ("Buat token akses baru lewat Facebook Login (izin instagram_basic dan "
         "instagram_content_publish) lalu simpan di pengaturan kanal.")
HASHTAG = re.compile(r"(?<![\w&])#\w+")
MENTION = re.compile(r"(?<![\w@])@[A-Za-z0-9._]+")
RECENT_MEDIA = 25


class Instagram(PublishingQuota, GraphConnector):
    kind = "instagram"
    label = "Instagram"
    description = ("Memposting foto, carousel, atau Reels ke akun Instagram profesional instansi "
                   "yang terhubung ke Halaman Facebook.")
    config_fields: ClassVar[tuple[ConfigField, ...]] = (
        ConfigField(
            "ig_user_id", "ID akun Instagram",
            help="ID akun Instagram profesional (IG User ID), bukan nama pengguna.",
        ),
        ConfigField(
            "access_token", "Token akses", secret=True,
            help="Token berjangka panjang dari Facebook Login dengan izin instagram_basic, "
                 "instagram_content_publish dan pages_read_engagement; tambahkan "
                 "instagram_manage_contents agar tayangan dapat ditarik.",
        ),
    )
    limits = Limits(
        caption_max=2_200,
        max_items=10,
        requires_media=True,
        photo_types=frozenset({"image/jpeg"}),
        photo_max_bytes=8 * MB,
        aspect_min=4 / 5,
        aspect_max=1.91,
        video_types=frozenset({"video/mp4", "video/quicktime"}),
        video_max_bytes=300 * MB,
        video_min_seconds=3,
        video_max_seconds=15 * 60,
        notes=(
            "Instagram mengambil foto dan video dari alamat publik situs; pastikan situs dapat "
            "diakses dari internet saat tayang.",
            "Paling banyak 30 tagar dan 20 sebutan @akun dalam keterangan.",
            "Paling banyak 50 kiriman lewat API dalam 24 jam.",
        ),
    )
    can_withdraw = True
    default_api_base = "https://graph.facebook.com/v23.0"
    platform = PLATFORM
    renew = RENEW
    account_field = "ig_user_id"
    token_field = "access_token"
    incomplete = "Kanal Instagram belum lengkap: isi ID akun Instagram dan token akses."
    ig_user_id = GraphConnector.account_id

    def __init__(self, config: Mapping[str, str], secrets: Mapping[str, str], http: httpx.Client,
                 api_base: str = "") -> None:
        super().__init__(config, secrets, http, api_base)
        # Container polling; tests shorten both. Video processing usually takes under a
        # few minutes; past poll_timeout the attempt ends retryable and resumes later.
        self.poll_interval: float = 5.0
        self.poll_timeout: float = 300.0
        self.sleep: Callable[[float], None] = time.sleep
        self.now: Callable[[], datetime] = lambda: datetime.now(UTC)

    # -- publishing -------------------------------------------------------------------------
    def publish(self, post: Post, journal: Journal) -> Delivered:
        graph = self.graph
        items = [file for file in post.media if file.kind in (MediaKind.PHOTO, MediaKind.VIDEO)]
        if not items:
            raise ChannelError("Instagram wajib ada sedikitnya satu foto atau video.",
                               kind=ErrorKind.REJECTED)
        if not journal.get("started_at"):
            journal.record("started_at", self.now().isoformat())
        if media_id := journal.get("media_id"):
            return self._delivered(graph, media_id)
        self._check_quota(graph)
        for _round in range(2):  # a second round only after a container expired
            try:
                container = journal.get("container_id") or self._create(graph, post, items,
                                                                         journal)
                status = self._wait(graph, container, subject_of(items))
                if status == "PUBLISHED":
                    return self._published_earlier(graph, post, journal)
                return self._publish(graph, container, journal)
            except Expired:
                forget_container(journal)
            except ChannelError as error:
                if isinstance(error, GraphError) and error.subcode in GONE_SUBCODES:
                    forget_container(journal)
                    continue
                if error.kind == ErrorKind.REJECTED and not error.maybe_posted:
                    # a refused container is dead; a fixed file needs a new one
                    forget_container(journal)
                raise
        raise ChannelError(
            "Instagram terus menolak wadah media karena kedaluwarsa. Tayang akan mencoba lagi.",
            kind=ErrorKind.SERVER, retryable=True,
        )

    def _create(self, graph: Graph, post: Post, items: list[MediaFile],
                journal: Journal) -> str:
        if len(items) == 1:
            data = {**container_fields(items[0], carousel=False), "caption": post.text}
        else:
            children = self._children(graph, items, journal)
            data = {"media_type": "CAROUSEL", "children": ",".join(children),
                    "caption": post.text}
        created = graph.post(f"{self.ig_user_id}/media", data, subject=subject_of(items))
        container = str(created["id"])
        journal.record("container_id", container)  # before media_publish, always
        return container

    def _children(self, graph: Graph, items: list[MediaFile], journal: Journal) -> list[str]:
        children = list(journal.get("children") or [])
        for item in items[len(children):]:
            created = graph.post(f"{self.ig_user_id}/media", container_fields(item, carousel=True),
                                 subject=media_name(item))
            children.append(str(created["id"]))
            journal.record("children", children)
        # The carousel container may only name children that finished processing.
        for child, item in zip(children, items, strict=True):
            self._wait(graph, child, media_name(item))
        return children

    def _wait(self, graph: Graph, container: str, subject: str) -> str:
        """Poll the container until it can be published; its final ``status_code``."""
        deadline = time.monotonic() + self.poll_timeout
        while True:
            info = graph.get(container, fields="status_code,status", subject=subject)
            status = str(info.get("status_code") or "")
            if status in ("FINISHED", "PUBLISHED"):
                return status
            if status == "EXPIRED":
                raise Expired(container)
            if status == "ERROR":
                raise container_error(subject, str(info.get("status") or ""))
            if time.monotonic() + self.poll_interval > deadline:
                raise ChannelError(
                    f"Instagram masih memproses {subject}. Tayang akan melanjutkan nanti tanpa "
                    "mengunggah ulang.",
                    kind=ErrorKind.SERVER, retryable=True, retry_after=60,
                    detail=f"container {container}: {status or 'tanpa status'}",
                )
            self.sleep(self.poll_interval)

    def _publish(self, graph: Graph, container: str, journal: Journal) -> Delivered:
        created = graph.post(f"{self.ig_user_id}/media_publish", {"creation_id": container},
                             subject="tayangan ini")
        media_id = str(created["id"])
        journal.record("media_id", media_id)
        return self._delivered(graph, media_id)

    def _published_earlier(self, graph: Graph, post: Post, journal: Journal) -> Delivered:
        found = self._match(graph, post, journal)
        if found is None:
            raise ChannelError(
                "Instagram sudah menayangkan kiriman ini pada percobaan sebelumnya, tetapi "
                "Tayang tidak dapat menemukan tautannya. Periksa akun Instagram lalu tandai "
                "kanal ini secara manual.",
                kind=ErrorKind.SERVER, maybe_posted=True,
            )
        return found

    def _delivered(self, graph: Graph, media_id: str) -> Delivered:
        try:
            url = str(graph.get(media_id, fields="permalink").get("permalink") or "")
        except ChannelError:
            url = ""  # posted all the same; the address is a nicety
        return Delivered(media_id, url)

    # -- finding ----------------------------------------------------------------------------
    def find(self, post: Post, journal: Journal) -> Delivered | None:
        graph = self.graph
        if media_id := journal.get("media_id"):
            # Instagram answered media_publish with this id: it was posted (and if someone has
            # deleted it since, posting it again is not ours to decide).
            return self._delivered(graph, media_id)
        container = journal.get("container_id")
        if not container:
            return None  # media_publish is only ever sent for a journaled container
        try:
            status = str(graph.get(container, fields="status_code").get("status_code") or "")
        except ChannelError as error:
            if error.kind != ErrorKind.NOT_FOUND:
                raise
            status = ""  # the container is gone; the media list still tells
        if status in ("FINISHED", "IN_PROGRESS", "ERROR", "EXPIRED"):
            return None
        found = self._match(graph, post, journal)
        if found is None and status == "PUBLISHED":
            raise CannotFind(
                "Instagram menyatakan wadah sudah terbit, tetapi kirimannya tidak ditemukan di "
                "daftar media terbaru."
            )
        return found

    def _match(self, graph: Graph, post: Post, journal: Journal) -> Delivered | None:
        listed = graph.get(f"{self.ig_user_id}/media", fields="id,caption,permalink,timestamp",
                           limit=RECENT_MEDIA)
        item = matching(listed.get("data", []), post.text, text_field="caption",
                        time_field="timestamp", since=parse_time(journal.get("started_at")))
        if item is None:
            return None
        media_id = str(item["id"])
        journal.record("media_id", media_id)
        return Delivered(media_id, str(item.get("permalink") or ""))

    # -- withdrawing ------------------------------------------------------------------------
    def withdraw(self, delivered: Delivered, journal: Journal) -> None:
        try:
            self.graph.delete(delivered.external_id, subject="kiriman ini")
        except ChannelError as error:
            if error.kind not in (ErrorKind.AUTH, ErrorKind.REJECTED):
                raise
            raise ChannelError(
                "Instagram tidak mengizinkan Tayang menghapus kiriman ini (token perlu izin "
                "instagram_manage_contents). Hapus langsung di aplikasi Instagram, atau buat "
                "token baru dengan izin tersebut.",
                kind=error.kind, detail=error.detail,
            ) from error

    # -- checks -----------------------------------------------------------------------------
    @classmethod
    def problems(cls, post: Post) -> list[str]:
        found = []
        hashtags = len(HASHTAG.findall(post.text))
        if hashtags > 30:
            found.append(f"{hashtags} tagar dalam keterangan, paling banyak 30.")
        mentions = len(MENTION.findall(post.text))
        if mentions > 20:
            found.append(f"{mentions} sebutan @akun dalam keterangan, paling banyak 20.")
        for file in post.media:
            if not file.url.startswith(("https://", "http://")):
                found.append(f"{file.filename}: belum punya alamat publik, padahal Instagram "
                             "mengambil berkas dari situs.")
        return found

    def check(self) -> str:
        account = self.graph.get(self.ig_user_id, fields="id,username,name",
                                 subject="akun Instagram ini")
        return f"Akun Instagram @{account.get('username', '')} (ID {account.get('id', '')})"
