"""Instagram professional account, through the Instagram API with Facebook Login.

Instagram never receives our bytes: it fetches every photo and video from its public URL
(``MediaFile.url``), so the files must be on the public website when we publish. Publishing
is two-step (Content Publishing guide; IG User Media, IG Container and IG User Media Publish
references), on ``graph.facebook.com``:

1. **A container.** ``POST /{ig-user-id}/media`` answers ``{"id": container-id}``:

   * one photo: ``image_url``, ``caption``, ``alt_text`` (alt text exists for images since
     March 2025; not for Reels);
   * one video: ``media_type=REELS``, ``video_url``, ``caption`` (every single feed video is a
     Reel since July 2023);
   * a carousel: first one child container per item with ``is_carousel_item=true``
     (``image_url`` + ``alt_text``, or ``media_type=VIDEO`` + ``video_url``), each child id
     journaled as soon as it is known; then ``media_type=CAROUSEL``,
     ``children=<id,id,...>``, ``caption``.

2. **Processing.** ``GET /{container-id}?fields=status_code,status`` until ``FINISHED``:
   ``IN_PROGRESS`` means wait (short sleeps, bounded by :attr:`Instagram.poll_timeout`; past
   it the attempt ends retryable and the next one resumes polling the journaled container),
   ``ERROR`` means the file was refused, ``EXPIRED`` means the container was not published
   within 24 hours and is created again, ``PUBLISHED`` means an earlier attempt published it.

3. **Publishing.** The container id is in the journal *before*
   ``POST /{ig-user-id}/media_publish`` with ``creation_id``, which answers the media id;
   ``GET /{media-id}?fields=permalink`` gives the address.

Finding an interrupted attempt: without a journaled container nothing can have been
published. With one, its ``status_code`` says whether it was: ``PUBLISHED`` → the media is
looked up among the account's recent media (``GET /{ig-user-id}/media?fields=id,caption,
permalink,timestamp``) by our caption; if it cannot be identified, :class:`CannotFind` (it *is*
posted; an admin decides) rather than a second post.

The content publishing limit (50 posts per rolling 24 hours at the time of writing; a
carousel counts once) is read from ``GET /{ig-user-id}/content_publishing_limit?fields=
quota_usage,config`` before each attempt, never assumed. When ``quota_usage`` has reached
``config.quota_total`` the attempt is refused as RATE_LIMITED, retryable, waiting until the
oldest of our recent media leaves the ``config.quota_duration`` window: the API does not say
when the window frees up, so this is the best estimate it allows (media posted by hand count
in the listing but not in the quota, which can only make the estimate early, and an early
retry just reads the quota again).

Withdrawing: for years the API could not delete media; since December 2025
``DELETE /{ig-media-id}`` deletes a post, Reel or whole carousel (not a single slide), answering
``{"success": true}``, but only on the Facebook Login path this connector uses and only with
the ``instagram_manage_contents`` permission. (We could not read Meta's reference page for it;
this follows Meta's changelog as integrators quote it.) A token without the permission is
refused; the message then says to delete the post in the Instagram app or to renew the token
with that permission, so ``can_withdraw`` stays true.

Limits, from the IG User Media reference and the Content Publishing guide: caption 2,200
characters with at most 30 hashtags and 20 @-mentions; media required; a carousel holds at
most 10 items (the app allows more, the API documents 10); photos JPEG only, at most 8 MB
(the Instagram error 2207004 says "less than 8 MiB"), aspect ratio 4:5 to 1.91:1; Reels MP4
or MOV, 3 seconds to 15 minutes, at most 300 MB.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

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
    MediaKind,
    Post,
)
from tayang.channels.connectors.graph import (
    MEDIA_REASONS,
    Graph,
    GraphError,
    parse_time,
    same_text,
)

MB = 1024 * 1024
PLATFORM = "Instagram"
RENEW = ("Buat token akses baru lewat Facebook Login (izin instagram_basic dan "
         "instagram_content_publish) lalu simpan di pengaturan kanal.")
HASHTAG = re.compile(r"(?<![\w&])#\w+")
MENTION = re.compile(r"(?<![\w@])@[A-Za-z0-9._]+")
# Instagram's own subcodes for a container that no longer exists or has expired.
GONE_SUBCODES = frozenset({2207008, 2207020})
CLOCK_SLACK = timedelta(minutes=10)
RECENT_MEDIA = 25


class _Expired(Exception):  # a signal inside publish(), never raised out of it
    """A container (or a carousel child) expired before it was published."""


class Instagram(Connector):
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

    def __init__(self, config: Mapping[str, str], secrets: Mapping[str, str], http: httpx.Client,
                 api_base: str = "") -> None:
        super().__init__(config, secrets, http, api_base)
        # Container polling; tests shorten both. Video processing usually takes under a
        # few minutes; past poll_timeout the attempt ends retryable and resumes later.
        self.poll_interval: float = 5.0
        self.poll_timeout: float = 300.0
        self.sleep: Callable[[float], None] = time.sleep
        self.now: Callable[[], datetime] = lambda: datetime.now(UTC)

    @property
    def ig_user_id(self) -> str:
        return str(self.config.get("ig_user_id", "")).strip()

    @property
    def graph(self) -> Graph:
        token = str(self.secrets.get("access_token", "")).strip()
        if not self.ig_user_id or not token:
            raise ChannelError(
                "Kanal Instagram belum lengkap: isi ID akun Instagram dan token akses.",
                kind=ErrorKind.CONFIG,
            )
        return Graph(self.http, self.api_base, token, PLATFORM, RENEW)

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
                status = self._wait(graph, container, _subject(items))
                if status == "PUBLISHED":
                    return self._published_earlier(graph, post, journal)
                return self._publish(graph, container, journal)
            except _Expired:
                _forget(journal)
            except ChannelError as error:
                if isinstance(error, GraphError) and error.subcode in GONE_SUBCODES:
                    _forget(journal)
                    continue
                if error.kind == ErrorKind.REJECTED and not error.maybe_posted:
                    _forget(journal)  # a refused container is dead; a fixed file needs a new one
                raise
        raise ChannelError(
            "Instagram terus menolak wadah media karena kedaluwarsa. Tayang akan mencoba lagi.",
            kind=ErrorKind.SERVER, retryable=True,
        )

    def _create(self, graph: Graph, post: Post, items: list[MediaFile],
                journal: Journal) -> str:
        if len(items) == 1:
            data = {**_item(items[0], carousel=False), "caption": post.text}
        else:
            children = self._children(graph, items, journal)
            data = {"media_type": "CAROUSEL", "children": ",".join(children),
                    "caption": post.text}
        created = graph.post(f"{self.ig_user_id}/media", data, subject=_subject(items))
        container = str(created["id"])
        journal.record("container_id", container)  # before media_publish, always
        return container

    def _children(self, graph: Graph, items: list[MediaFile], journal: Journal) -> list[str]:
        children = list(journal.get("children") or [])
        for item in items[len(children):]:
            created = graph.post(f"{self.ig_user_id}/media", _item(item, carousel=True),
                                 subject=_name(item))
            children.append(str(created["id"]))
            journal.record("children", children)
        # The carousel container may only name children that finished processing.
        for child, item in zip(children, items, strict=True):
            self._wait(graph, child, _name(item))
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
                raise _Expired(container)
            if status == "ERROR":
                raise _container_error(subject, str(info.get("status") or ""))
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

    # -- quota ------------------------------------------------------------------------------
    def _check_quota(self, graph: Graph) -> None:
        answer = graph.get(f"{self.ig_user_id}/content_publishing_limit",
                           fields="quota_usage,config")
        rows = answer.get("data") or [{}]
        usage = int(rows[0].get("quota_usage") or 0)
        config = rows[0].get("config") or {}
        total = config.get("quota_total")
        duration = float(config.get("quota_duration") or 86_400)
        if total is None or usage < int(total):
            return
        wait = self._quota_wait(graph, int(total), duration)
        raise ChannelError(
            f"Instagram: batas {total} kiriman lewat API dalam {_span(duration)} sudah tercapai "
            f"({usage}/{total}). Kuota diperkirakan tersedia lagi dalam {_span(wait)}; Tayang "
            "akan mencoba lagi.",
            kind=ErrorKind.RATE_LIMITED, retryable=True, retry_after=wait,
            detail=f"content_publishing_limit: quota_usage={usage}, config={config}",
        )

    def _quota_wait(self, graph: Graph, total: int, duration: float) -> float:
        now = self.now()
        try:
            listed = graph.get(f"{self.ig_user_id}/media", fields="id,timestamp",
                               limit=min(max(total, 1), 100))
        except ChannelError:
            return duration
        window_start = now - timedelta(seconds=duration)
        moments = [moment for item in listed.get("data", [])
                   if (moment := parse_time(item.get("timestamp"))) and moment > window_start]
        if not moments:
            return duration
        frees = min(moments) + timedelta(seconds=duration)
        return max((frees - now).total_seconds(), 60.0)

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
        started = parse_time(journal.get("started_at"))
        wanted = same_text(post.text)
        for item in listed.get("data", []):  # newest first
            moment = parse_time(item.get("timestamp"))
            if started and moment and moment < started - CLOCK_SLACK:
                continue
            if same_text(str(item.get("caption") or "")) == wanted:
                media_id = str(item["id"])
                journal.record("media_id", media_id)
                return Delivered(media_id, str(item.get("permalink") or ""))
        return None

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


def _forget(journal: Journal) -> None:
    journal.record("children", [])
    journal.record("container_id", None)


def _item(file: MediaFile, *, carousel: bool) -> dict[str, Any]:
    if file.kind == MediaKind.VIDEO:
        data: dict[str, Any] = {"media_type": "VIDEO" if carousel else "REELS",
                                "video_url": file.url}
    else:
        data = {"image_url": file.url}
        if file.alt.strip():
            data["alt_text"] = file.alt.strip()
    if carousel:
        data["is_carousel_item"] = True
    return data


def _name(file: MediaFile) -> str:
    return f"{'video' if file.kind == MediaKind.VIDEO else 'foto'} {file.filename}"


def _subject(items: list[MediaFile]) -> str:
    return _name(items[0]) if len(items) == 1 else "carousel ini"


def _container_error(subject: str, status: str) -> ChannelError:
    # ``status`` reads like "Error: ... (2207026)"; the subcode says what was wrong.
    code = re.search(r"22070\d\d", status)
    reason = MEDIA_REASONS.get(int(code.group()), "") if code else ""
    return ChannelError(
        f"Instagram menolak {subject}: {reason or 'berkas tidak dapat diproses'}.",
        kind=ErrorKind.REJECTED, detail=status,
    )


def _span(seconds: float) -> str:
    minutes = max(round(seconds / 60), 1)
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return f"{hours} jam {minutes} menit"
    return f"{hours} jam" if hours else f"{minutes} menit"
