"""What every connector gets, gives back and raises.

Exactly-once publishing rests on three things a connector must respect:

* **The journal.** Before the first network call of an attempt the delivery marks the attempt
  as begun; a connector records in the journal every remote object it has created (an uploaded
  photo's id, an Instagram container, a resumable-upload URL) *as soon as* it knows it, so an
  attempt cut short (a crash, a SIGKILL, a timeout) resumes instead of creating it again.
* **Finding.** When an earlier attempt may have posted without us hearing back,
  :meth:`Connector.find` is asked first: it looks on the platform (by the idempotency key where
  the platform keeps one, else by the journal's ids or by matching recent posts) and returns
  the post if it is there. A connector that has no way to look raises :class:`CannotFind`;
  the publication then waits for an admin instead of risking a second post.
* **Honest errors.** :class:`ChannelError` says whether trying again can help (``retryable``)
  and whether the platform may have taken the post anyway (``maybe_posted``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, Self

if TYPE_CHECKING:
    import httpx  # 14 MB; the connectors that speak HTTP import it themselves


class MediaKind(StrEnum):
    PHOTO = "photo"
    VIDEO = "video"
    AUDIO = "audio"
    DOCUMENT = "document"


@dataclass(frozen=True)
class MediaFile:
    """One file of the post, readable from disk and reachable on the public website."""

    kind: MediaKind
    path: str  # local file, for uploads
    url: str  # absolute public URL, for platforms that fetch media themselves (Instagram)
    filename: str
    content_type: str
    size: int
    alt: str = ""
    width: int | None = None
    height: int | None = None
    duration: float | None = None  # seconds, videos and audio
    # Its name in Tayang's file storage: an object store's files are copied to ``path`` on
    # this machine only for the delivery that uploads them (tayang.channels.staging).
    stored: str = ""

    def open(self) -> Any:
        return open(self.path, "rb")


@dataclass(frozen=True)
class Post:
    """What is published, as one channel will show it."""

    key: str  # idempotency key: stable across every attempt of this publication
    title: str
    text: str  # the caption for this channel: its variant, or the default caption
    summary: str  # the lead: a caption, or the start of the body
    body_html: str  # the whole article as simple HTML (WordPress, CKAN notes)
    link: str  # absolute URL of the article on the organization's website ("" if none)
    media: tuple[MediaFile, ...] = ()
    organization: str = ""
    published_at: datetime | None = None
    tags: tuple[str, ...] = ()
    documents: tuple[MediaFile, ...] = ()  # public-information documents (CKAN resources)
    zone: str = ""  # the organization's time zone (IANA name), for dates printed in the post
    # Audio, Braille and large print are made for it (docs/accessible-formats.md): the
    # notice-board poster says so with the short address.
    accessible_formats: bool = False
    heading: str = ""  # what the item is, printed above the title ("PENGUMUMAN"), or ""
    organization_lines: tuple[str, ...] = ()  # the hierarchy above the name (kop surat)
    logo_png: bytes = b""  # the organization's logo for printed posts, or nothing

    def of_kind(self, kind: MediaKind) -> tuple[MediaFile, ...]:
        return tuple(file for file in self.media if file.kind == kind)

    @property
    def photos(self) -> tuple[MediaFile, ...]:
        return self.of_kind(MediaKind.PHOTO)

    @property
    def videos(self) -> tuple[MediaFile, ...]:
        return self.of_kind(MediaKind.VIDEO)


@dataclass(frozen=True)
class Delivered:
    """Where the post now lives on the platform."""

    external_id: str
    url: str = ""
    # A channel whose "post" is a file (the notice-board poster) returns it here; the
    # delivery stores it with the publication.
    document: bytes | None = None
    document_name: str = ""


class Journal(Protocol):
    """Small facts about this publication's attempts, saved at once so they survive a crash."""

    def get(self, key: str, default: Any = None) -> Any: ...

    def record(self, key: str, value: Any) -> None: ...


class ErrorKind(StrEnum):
    RATE_LIMITED = "rate_limited"
    AUTH = "auth"  # expired or revoked token, missing permission
    REJECTED = "rejected"  # the platform refuses this content (media type, size, duplicate)
    SERVER = "server"  # 5xx, unexpected answers
    NETWORK = "network"  # timeout, connection refused, DNS
    CONFIG = "config"  # the channel's settings are incomplete or wrong
    NOT_FOUND = "not_found"  # e.g. a post to withdraw that is already gone
    BLOCKED = "blocked"  # the address is internal or special: Tayang refuses to go there


# What staff read on the item page about a failure: a classification in Tayang's own words.
# The platform's reply never reaches that page (it may say anything a hostile server wants
# it to say); it is kept, cut to DETAIL_MAX characters, for the logs and the Django admin.
ERROR_LABELS: dict[str, str] = {
    ErrorKind.RATE_LIMITED: "ditolak platform: batas permintaan",
    ErrorKind.AUTH: "ditolak platform: token kedaluwarsa atau tanpa izin",
    ErrorKind.REJECTED: "ditolak platform: isi atau berkas tidak diterima",
    ErrorKind.SERVER: "gangguan di server platform",
    ErrorKind.NETWORK: "tidak dapat berkomunikasi dengan platform",
    ErrorKind.CONFIG: "pengaturan kanal perlu diperbaiki",
    ErrorKind.NOT_FOUND: "ditolak platform: alamat atau akun tidak ditemukan",
    ErrorKind.BLOCKED: "alamat tujuan diblokir",
}
DETAIL_MAX = 500


class ChannelError(Exception):
    """A failure, described for the admin in Bahasa Indonesia.

    ``retryable``: waiting and trying again can succeed (rate limits, server errors, network).
    ``maybe_posted``: the platform may have taken the post although we got no answer (timeout
    after sending, 5xx on a create call); the next attempt must :meth:`~Connector.find` first.
    ``retry_after``: seconds the platform asked us to wait, when it said so.
    """

    def __init__(
        self, message: str, *, kind: ErrorKind, retryable: bool = False,
        maybe_posted: bool = False, retry_after: float | None = None, detail: str = "",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.retryable = retryable
        self.maybe_posted = maybe_posted
        self.retry_after = retry_after
        # The platform's own words: for the logs and the Django admin, never for the item page.
        self.detail = detail[:DETAIL_MAX]

    def __str__(self) -> str:
        return self.message

    @classmethod
    def copy_of(cls, error: ChannelError, **extra: Any) -> Self:
        """``error`` as this subclass, with the subclass's own fields in ``extra``."""
        return cls(error.message, kind=error.kind, retryable=error.retryable,
                   maybe_posted=error.maybe_posted, retry_after=error.retry_after,
                   detail=error.detail, **extra)


class CannotFind(Exception):
    """The platform offers no way to check whether an interrupted attempt posted."""


@dataclass(frozen=True)
class ConfigField:
    """One setting of a channel, as the organization's admin fills it in."""

    key: str
    label: str
    secret: bool = False  # stored encrypted, never shown again after saving
    required: bool = True
    help: str = ""
    kind: str = "text"  # "text", "url", "number" or "textarea"
    default: str = ""


# Every photo and video type a person is likely to attach: for a channel that sends none of
# them (CKAN sends documents) or prints one photo and skips what it cannot read (the notice
# board), so that no type is refused on its account.
ANY_PHOTO = frozenset({
    "image/jpeg", "image/png", "image/webp", "image/gif", "image/bmp", "image/tiff",
    "image/heic", "image/heif", "image/avif",
})
ANY_VIDEO = frozenset({"video/mp4", "video/quicktime", "video/webm", "video/x-msvideo",
                       "video/mpeg", "video/3gpp"})


def count_characters(text: str) -> int:
    return len(text)


@dataclass(frozen=True)
class Limits:
    """What a platform accepts, checked before hand-in approval and again before publishing.

    Sizes in bytes, durations in seconds; ``None`` means the platform sets no limit we know.
    """

    caption_max: int | None = None
    count: Callable[[str], int] = count_characters  # the platform's own way of counting
    count_name: str = "karakter"
    max_photos: int | None = None
    max_videos: int | None = None
    max_items: int | None = None  # photos and videos together (carousels, media groups)
    mixed_media: bool = True  # photos and videos in one post
    requires_media: bool = False
    requires_video: bool = False
    photo_types: frozenset[str] = frozenset({"image/jpeg", "image/png"})
    video_types: frozenset[str] = frozenset({"video/mp4", "video/quicktime"})
    photo_max_bytes: int | None = None
    video_max_bytes: int | None = None
    video_min_seconds: float | None = None
    video_max_seconds: float | None = None
    photo_min_width: int | None = None
    aspect_min: float | None = None  # width / height
    aspect_max: float | None = None
    needs_alt_text: bool = False
    notes: tuple[str, ...] = field(default=())  # shown to the admin beside the limits


class ChannelKind:
    """What an admin sees of a kind of channel: its name, settings and limits.

    The built-in website and the manual channel are only this: nothing is sent over a network
    for them (the delivery writes the website's publication itself; the admin records the
    manual channel's proof). Every platform a worker posts to is a :class:`Connector`.
    """

    kind: ClassVar[str]
    label: ClassVar[str]  # "Facebook Page"
    description: ClassVar[str] = ""  # one sentence for the admin choosing a channel kind
    config_fields: ClassVar[tuple[ConfigField, ...]] = ()
    limits: ClassVar[Limits] = Limits()
    can_withdraw: ClassVar[bool] = False
    # Whether a worker publishes it (a Connector); otherwise a person or the delivery does.
    automatic: ClassVar[bool] = False

    @classmethod
    def problems(cls, post: Post) -> list[str]:
        """What this platform would refuse in ``post``, beyond :attr:`limits` (which are
        checked for every kind by :func:`tayang.channels.limits.problems`)."""
        return []


class Connector(ChannelKind, ABC):
    """One platform. Subclasses set the class attributes and implement :meth:`publish`."""

    automatic: ClassVar[bool] = True
    default_api_base: ClassVar[str] = ""  # the platform's documented base URL
    # False for a kind that sends nothing over a network (the notice board's poster is made
    # here): its delivery opens no HTTP client, and a worker that only prints posters never
    # loads httpx (~3.8 MB with click; docs/performance.md, "The worker under 80 MB").
    speaks_http: ClassVar[bool] = True

    def __init__(
        self, config: Mapping[str, str], secrets: Mapping[str, str], http: httpx.Client,
        api_base: str = "",
    ) -> None:
        self.config = config
        self.secrets = secrets
        self.http = http
        self.api_base = (api_base or config.get("api_base") or self.default_api_base).rstrip("/")
        # Credentials a platform renewed during the call (OAuth refresh): the caller seals them
        # into the channel. Connectors also record them in the journal under
        # ``refreshed_secrets`` the moment they change, which the caller seals at once too.
        self.refreshed_secrets: dict[str, str] = {}

    @abstractmethod
    def publish(self, post: Post, journal: Journal) -> Delivered:
        """Post it; return where it lives. Record remote ids in ``journal`` as they appear."""

    def find(self, post: Post, journal: Journal) -> Delivered | None:
        """The post if an earlier, interrupted attempt made it; ``None`` if it surely did not."""
        raise CannotFind

    def withdraw(self, delivered: Delivered, journal: Journal) -> None:
        """Delete the post from the platform (only when :attr:`can_withdraw`)."""
        raise ChannelError(
            f"{self.label} tidak mengizinkan tayangan dihapus lewat aplikasi; hapus langsung "
            "di platformnya.",
            kind=ErrorKind.CONFIG,
        )

    def check(self) -> str:
        """Try the credentials without posting; return a short description of the account."""
        return ""
