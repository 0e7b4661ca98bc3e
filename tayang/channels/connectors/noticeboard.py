"""The office notice board: a printable A4 poster instead of a post on a network.

Nothing goes over the network. Publishing renders the poster (:mod:`tayang.channels.poster`:
organization, title, date, one photo, the text cut to one page, a QR code to the article) and
hands the PDF back in :class:`~tayang.channels.connectors.base.Delivered`; the delivery stores
it with the publication for the admin to print and pin up. Because nothing remote exists,
:meth:`NoticeBoard.find` always answers ``None`` (rendering again is harmless) and withdrawing
is the admin taking the paper down: Tayang only records it.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tayang.channels import poster
from tayang.channels.connectors.base import (
    ANY_PHOTO,
    ANY_VIDEO,
    ChannelError,
    ConfigField,
    Connector,
    Delivered,
    ErrorKind,
    Journal,
    Limits,
    Post,
)

# Indonesia's three zones by the names people use; an IANA name works too.
ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}


class NoticeBoard(Connector):
    kind = "noticeboard"
    label = "Papan pengumuman (poster A4)"
    description = (
        "Tayang membuat poster A4 siap cetak (judul, foto, ringkasan, kode QR ke berita) "
        "untuk ditempel di papan pengumuman kantor."
    )
    config_fields = (
        ConfigField(
            "timezone", "Zona waktu tanggal di poster", required=False,
            help="Kosongkan untuk zona waktu organisasi; atau WIB, WITA, WIT (atau nama zona "
                 "seperti Asia/Makassar).",
        ),
    )
    limits = Limits(
        # The poster prints one photo and ignores everything else, so no type is refused; a
        # photo Pillow cannot read is skipped for the next one (see poster.first_photo).
        photo_types=ANY_PHOTO, video_types=ANY_VIDEO,
        notes=(
            "Hanya foto pertama yang dicetak; video tidak dicetak.",
            "Teks dipotong di akhir kata (dengan …) agar poster tetap satu halaman A4.",
        ),
    )
    can_withdraw = True  # the admin takes the paper down; Tayang records that it did
    speaks_http = False  # the poster is typeset here; nothing is sent

    def publish(self, post: Post, journal: Journal) -> Delivered:
        zone = self._zone(post.zone)
        moment = post.published_at or datetime.now(UTC)
        try:
            pdf = poster.render(post, day=moment.astimezone(zone).date())
        except poster.PosterError as error:
            raise ChannelError(
                "Poster tidak dapat dibuat karena kesalahan di Tayang. Laporkan ke pengelola "
                "aplikasi.",
                kind=ErrorKind.SERVER, detail=str(error),
            ) from error
        return Delivered(external_id="poster", url="", document=pdf,
                         document_name=document_name(post, moment.astimezone(zone)))

    def find(self, post: Post, journal: Journal) -> Delivered | None:
        return None  # nothing remote: rendering the poster again is harmless

    def withdraw(self, delivered: Delivered, journal: Journal) -> None:
        return None  # the paper comes down by hand; the caller records the withdrawal

    @classmethod
    def problems(cls, post: Post) -> list[str]:
        if not post.title.strip():
            return ["judul wajib diisi untuk dicetak di poster."]
        return []

    def check(self) -> str:
        self._zone()
        return ""

    def _zone(self, default: str = "") -> ZoneInfo:
        name = (self.config.get("timezone") or default or "WIB").strip()
        try:
            return ZoneInfo(ZONES.get(name.upper(), name))
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ChannelError(
                f"Zona waktu \"{name}\" tidak dikenal. Isi WIB, WITA atau WIT di pengaturan "
                "kanal papan pengumuman.",
                kind=ErrorKind.CONFIG, detail=str(error),
            ) from error


def document_name(post: Post, moment: datetime) -> str:
    """``poster-2026-11-24-penyaluran-bantuan-sosial-di-kapanewon.pdf``."""
    ascii_title = unicodedata.normalize("NFKD", post.title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:50].rstrip("-")
    return f"poster-{moment:%Y-%m-%d}{'-' + slug if slug else ''}.pdf"
