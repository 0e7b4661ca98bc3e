"""The notice-board poster: a printable A4 portrait PDF of one publication, made with Typst.

Plain Python, no Django. The fixed template (``poster.typ``) receives the poster as JSON in
``sys.inputs``, so agency text is never parsed as Typst markup, and sees only the Liberation
Sans shipped with Tayang (:data:`FONT_DIR`), so a poster prints the same on every machine.

What goes on it, and the rules that keep it one light page:

* the organization, the title, the date in Indonesian ("24 November 2026", in the channel's
  time zone), the text, a QR code to the article and its address;
* one photo, the first one Pillow can read, turned upright by its EXIF orientation and
  downscaled to at most :data:`PHOTO_MAX_PX` on its long side as a JPEG, so a 12 MP photo
  adds a few hundred kilobytes, not megabytes;
* the text is cut to :data:`TEXT_MAX_CHARACTERS` at a word boundary here, and the template
  then cuts it again after the last whole word that fits the height the page has left (the
  text is measured with the real font), ending with "…": always exactly one page.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tayang import apart
from tayang.channels.connectors.base import MediaFile, Post
from tayang.sop.document.tagged import PDF_STANDARD

if TYPE_CHECKING:
    from PIL import Image

# The fonts the SOP documents ship with; Typst sees these and nothing else.
FONT_DIR = Path(__file__).resolve().parent.parent / "sop" / "document" / "fonts"
TEMPLATE = Path(__file__).with_name("poster.typ")
# Blind and deaf citizens reading about the poster learn where the other versions are.
ACCESSIBLE_LINE = "Tersedia versi audio, Braille dan cetak besar:"
# The one kop surat of every printed paper (tayang/records/kop.typ), copied into the root.
KOP = Path(__file__).resolve().parent.parent / "records" / "kop.typ"

PHOTO_MAX_PX = 1600  # long side; ~220 dpi across the 18 cm the photo can take on A4
PHOTO_QUALITY = 80
TEXT_MAX_CHARACTERS = 2400  # more never fits one page at 14 pt, even without a photo
TITLE_MAX_CHARACTERS = 250  # about four lines at the smallest title size
QR_SCALE = 8  # pixels per module: crisp when printed even if a viewer smooths the image
READ_MORE = "Baca selengkapnya:"

MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
)

class PosterError(RuntimeError):
    """Typst refused the poster (a bug in Tayang, never the agency's doing)."""


@dataclass(frozen=True)
class Photo:
    jpeg: bytes
    ratio: float  # height / width
    alt: str


def render(post: Post, *, day: date, text: str | None = None,
           timestamp: datetime | None = None) -> bytes:
    """The poster of ``post`` as PDF bytes.

    ``day`` is the date printed on it; ``text`` what it says below the title (by default
    :func:`poster_text`); ``timestamp`` the creation date written into the file (by default
    the publication's, so re-rendering the same post gives the same file).
    """
    photo = first_photo(post.photos)
    data = {
        "organization": post.organization,
        "letterhead": {"name": post.organization, "lines": list(post.organization_lines),
                       "address": "", "contact": "",
                       "logo": list(post.logo_png) if post.logo_png else None},
        "heading": post.heading,
        "title": cut(_squash(post.title), TITLE_MAX_CHARACTERS),
        "date": long_date(day),
        "text": cut(poster_text(post) if text is None else text),
        "link": post.link,
        "read_more": READ_MORE,
        "photo": "/photo.jpg" if photo else "",
        "photo_ratio": photo.ratio if photo else 0,
        "photo_alt": photo.alt if photo else "",
        "qr": "/qr.png" if post.link else "",
        "accessible": f"{ACCESSIBLE_LINE} {post.link}" if post.accessible_formats and post.link
        else "",
    }
    moment = timestamp or post.published_at or datetime.now(UTC)
    with tempfile.TemporaryDirectory(prefix="tayang-poster-") as root:
        if photo:
            Path(root, "photo.jpg").write_bytes(photo.jpeg)
        if post.link:
            Path(root, "qr.png").write_bytes(qr_png(post.link))
        Path(root, "kop.typ").write_bytes(KOP.read_bytes())
        try:  # Typst in a child process: the worker does not keep it (tayang/apart.py)
            return apart.typeset(
                TEMPLATE.read_bytes(), root=root, font_dir=FONT_DIR,
                pdf_standards=PDF_STANDARD,
                sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
                timestamp=moment.astimezone(UTC).replace(microsecond=0),
            )
        except apart.Refused as error:
            raise PosterError(f"Poster gagal disusun: {error.message}") from error


def long_date(value: date) -> str:
    """``24 November 2026``."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def poster_text(post: Post) -> str:
    """What the poster says below the title: the channel's caption without the lines that
    only repeat the title or the link (a default caption is "title, lead, link", and the
    poster prints both already), else the lead."""
    title = _squash(post.title).casefold()
    kept = [
        line for line in post.text.splitlines()
        if _squash(line).casefold() != title and (not post.link or line.strip() != post.link)
    ]
    text = "\n".join(kept).strip()
    return text or post.summary.strip()


def cut(text: str, limit: int = TEXT_MAX_CHARACTERS) -> str:
    """``text`` tidied (single spaces, at most one blank line between paragraphs) and, when
    longer than ``limit``, cut after its last whole word within ``limit`` with "…"."""
    lines = [_squash(line) for line in text.replace("\r\n", "\n").split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if len(text) <= limit:
        return text
    shown = text[: limit + 1]
    boundary = max(shown.rfind(" "), shown.rfind("\n"))
    shown = shown[:boundary] if boundary > limit // 2 else text[:limit]
    return shown.rstrip(" \n,;:.-–—") + "…"


def first_photo(photos: tuple[MediaFile, ...]) -> Photo | None:
    """The first photo Pillow can read, upright and downscaled; ``None`` if there is none."""
    from tayang.media.pillow import Image, UnidentifiedImageError

    for photo in photos:
        try:
            return Photo(*_downscale(photo.path), alt=photo.alt)
        except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError):
            continue  # a photo we cannot read must not cost the poster; try the next one
    return None


def _downscale(path: str) -> tuple[bytes, float]:
    from tayang.media.pillow import Image, ImageOps

    with Image.open(path) as image:
        scale = min(PHOTO_MAX_PX / max(image.size), 1.0)
        # a JPEG decodes straight at 1/2, 1/4 or 1/8 of its size when that is still at least
        # the size wanted: a 12 MP photo decodes 4 times faster
        image.draft("RGB", (round(image.width * scale), round(image.height * scale)))
        image.thumbnail((PHOTO_MAX_PX, PHOTO_MAX_PX), Image.Resampling.LANCZOS)
        upright = ImageOps.exif_transpose(image)  # after shrinking: less to turn
        if upright.mode != "RGB":
            upright = _flatten(upright)
        buffer = io.BytesIO()
        upright.save(buffer, "JPEG", quality=PHOTO_QUALITY, optimize=True)
        return buffer.getvalue(), upright.height / upright.width


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on white: transparent PNGs print as they look on a white page."""
    from tayang.media.pillow import Image

    rgba = image.convert("RGBA")
    background = Image.new("RGB", rgba.size, (255, 255, 255))
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


def qr_png(link: str) -> bytes:
    """A QR code to ``link``: error level M at least (a printed poster gets dirty and
    creased), the standard four-module quiet zone, black on white."""
    import segno

    buffer = io.BytesIO()
    segno.make(link, error="m", micro=False).save(
        buffer, kind="png", scale=QR_SCALE, border=4, dark="black", light="white",
    )
    return buffer.getvalue()


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
