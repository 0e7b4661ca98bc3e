"""The accessible formats a page offers: what is made, from which text, in what state."""

from __future__ import annotations

from dataclasses import dataclass

from tayang.accessible.facts import NAMES
from tayang.accessible.models import SLUGS, AccessibleFormat, Format
from tayang.accessible.source import Source


@dataclass(frozen=True)
class Offered:
    """One format as a page shows it."""

    kind: Format
    slug: str
    name: str  # "audio", "Braille", "cetak besar"
    state: str  # menunggu, siap, gagal, tidak tersedia
    reason: str  # why it is missing, in the product's words
    size: int | None
    duration: float | None
    current: bool  # made from the text as it stands (else an earlier text's file)
    has_file: bool

    @property
    def minutes(self) -> str:
        """``1 menit 12 detik`` for the audio."""
        if self.duration is None:
            return ""
        minutes, seconds = divmod(round(self.duration), 60)
        return f"{minutes} menit {seconds} detik" if minutes else f"{seconds} detik"


def offered(item_id: int, source: Source) -> list[Offered]:
    """Every format of the item in a fixed order (audio, Braille, large print)."""
    return _offered(item_id, source.digest)


def _offered(item_id: int, digest: str) -> list[Offered]:
    rows = {row.format: row for row in AccessibleFormat.objects.filter(item_id=item_id)}
    shown = []
    for kind in Format:
        row = rows.get(kind)
        if row is None:
            continue
        shown.append(Offered(
            kind=kind, slug=SLUGS[kind], name=NAMES[kind], state=row.shown_state,
            reason=row.error if row.state in (row.State.FAILED, row.State.UNAVAILABLE) else "",
            size=row.size, duration=row.duration, current=row.file_hash == digest,
            has_file=bool(row.file),
        ))
    return shown


def public_files(item_id: int, source: Source) -> list[Offered]:
    """What the public page may offer: files made from exactly the published text."""
    return files_made_from(item_id, source.digest)


def files_made_from(item_id: int, digest: str) -> list[Offered]:
    """The files made from the text of that digest (the public page keeps the digest of its
    published text with its stored body, so it need not read the text)."""
    return [entry for entry in _offered(item_id, digest) if entry.has_file and entry.current]
