"""The notice-board poster: a printable A4 portrait PDF of one publication, made with Typst.

Plain Python, no Django app (only the photo limit of its settings). The photo, the QR code and
the typesetting are done in one child process (:mod:`tayang.channels.poster_pictures`). The
fixed template (``poster.typ``) receives the poster as JSON in
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

import re
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

from tayang import apart
from tayang.channels.connectors.base import Post
from tayang.channels.poster_pictures import PHOTO_MAX_PX, PHOTO_QUALITY, QR_SCALE
from tayang.sop.document.tagged import PDF_STANDARD

# The fonts the SOP documents ship with; Typst sees these and nothing else.
FONT_DIR = Path(__file__).resolve().parent.parent / "sop" / "document" / "fonts"
TEMPLATE = Path(__file__).with_name("poster.typ")
# Blind and deaf citizens reading about the poster learn where the other versions are.
ACCESSIBLE_LINE = "Tersedia versi audio, Braille dan cetak besar:"
# The one kop surat of every printed paper (tayang/records/kop.typ), copied into the root.
KOP = Path(__file__).resolve().parent.parent / "records" / "kop.typ"

__all__ = ["PHOTO_MAX_PX", "PHOTO_QUALITY", "QR_SCALE", "PosterError", "render"]
TEXT_MAX_CHARACTERS = 2400  # more never fits one page at 14 pt, even without a photo
TITLE_MAX_CHARACTERS = 250  # about four lines at the smallest title size
READ_MORE = "Baca selengkapnya:"

MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
)

class PosterError(RuntimeError):
    """Typst refused the poster (a bug in Tayang, never the agency's doing)."""


def render(post: Post, *, day: date, text: str | None = None,
           timestamp: datetime | None = None) -> bytes:
    """The poster of ``post`` as PDF bytes.

    ``day`` is the date printed on it; ``text`` what it says below the title (by default
    :func:`poster_text`); ``timestamp`` the creation date written into the file (by default
    the publication's, so re-rendering the same post gives the same file).
    """
    from tayang.media.limits import max_pixels  # Django's settings: only when rendering

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
        "qr": "/qr.png" if post.link else "",
        "accessible": f"{ACCESSIBLE_LINE} {post.link}" if post.accessible_formats and post.link
        else "",
    }
    moment = timestamp or post.published_at or datetime.now(UTC)
    with tempfile.TemporaryDirectory(prefix="tayang-poster-") as root:
        Path(root, "kop.typ").write_bytes(KOP.read_bytes())
        # The photo (Pillow), the QR code (segno) and Typst in one child process: the worker
        # keeps none of them, nor the decoded photo (tayang/apart.py, poster_pictures.py).
        try:
            pdf = apart.call(
                "tayang.channels.poster_pictures", "typeset", TEMPLATE.read_bytes(),
                root=root, font_dir=str(FONT_DIR), pdf_standards=PDF_STANDARD, data=data,
                photos=[(photo.path, photo.alt) for photo in post.photos],
                timestamp=moment.astimezone(UTC).replace(microsecond=0),
                max_megapixels=max_pixels() // 1_000_000,
            )
        except apart.Refused as error:
            raise PosterError(f"Poster gagal disusun: {error.message}") from error
    if not isinstance(pdf, bytes):
        raise AssertionError
    return pdf


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


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
