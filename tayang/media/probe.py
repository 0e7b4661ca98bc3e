"""Video and audio are accepted for what PyAV finds in them, not for their first bytes.

Four bytes of ``ftyp`` make a file look like an MP4; 450 MB of zeros behind them is not a
video. Before a video or audio file is accepted its container is opened with PyAV (FFmpeg) and
must hold a stream of the right type whose codec FFmpeg knows, with a duration within
``TAYANG_MEDIA_MAX_MINUTES``. Nothing is decoded: reading the container's index is enough, and
it is bounded too. The reader PyAV is given stops after :data:`PROBE_BYTES` read or
:data:`PROBE_SECONDS` spent (a file whose index is at its end is reached by seeking, which costs
nothing), so a hostile file cannot make the probe read or wait forever.
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

from tayang.media.errors import MediaRejected
from tayang.media.limits import max_seconds
from tayang.media.sniff import Format

if TYPE_CHECKING:
    import av.container
    import av.stream

PROBE_BYTES = 64 * 1024 * 1024
PROBE_SECONDS = 10.0
MAX_SIDE = 8192  # 8K video; nothing larger is published anywhere Tayang posts to


@dataclass(frozen=True)
class Probed:
    duration: float  # seconds
    codec: str
    width: int | None = None  # video only
    height: int | None = None


class _ProbeLimit(Exception):
    pass


class _BoundedReader(io.RawIOBase):
    """A file PyAV reads through, which stops after a number of bytes or seconds."""

    def __init__(self, source: BinaryIO) -> None:
        self.source = source
        self.read_bytes = 0
        self.deadline = time.monotonic() + PROBE_SECONDS

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self.read_bytes > PROBE_BYTES or time.monotonic() > self.deadline:
            raise _ProbeLimit
        data = self.source.read(len(buffer))
        buffer[: len(data)] = data
        self.read_bytes += len(data)
        return len(data)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self.source.seek(offset, whence)

    def tell(self) -> int:
        return self.source.tell()


def probe(source: BinaryIO, found: Format) -> Probed:
    """What the container holds; refuses a file without a playable stream of its kind."""
    import av  # 25 MB: only processes that meet a video or an audio file pay for it

    wanted = "video" if found.kind == "video" else "audio"
    name = "gambar video" if wanted == "video" else "suara"
    source.seek(0)
    reader = _BoundedReader(source)
    try:
        with av.open(reader, mode="r", options={"probesize": str(32 * 1024 * 1024),
                                                  "analyzeduration": str(10_000_000)}) as box:
            streams = box.streams.video if wanted == "video" else box.streams.audio
            if not streams:
                raise MediaRejected(f"{found.label} ini tidak berisi {name}; unggah berkas "
                                    f"{wanted} yang dapat diputar")
            stream = streams[0]
            codec = stream.codec_context.name if stream.codec_context else ""
            duration = _duration(box, stream)
            width = getattr(stream.codec_context, "width", None) if wanted == "video" else None
            height = getattr(stream.codec_context, "height", None) if wanted == "video" else None
    except MediaRejected:
        raise
    except (_ProbeLimit, av.FFmpegError, OSError, ValueError, EOFError, MemoryError) as error:
        raise MediaRejected(
            f"{found.label} rusak atau bukan {wanted} yang dapat diputar (isinya tidak terbaca "
            "sebagai video/audio); periksa berkasnya lalu unggah ulang"
        ) from error
    if not codec or codec == "none":
        raise MediaRejected(f"{found.label} memakai kodek yang tidak dikenal; ekspor ulang "
                            "sebagai MP4 (H.264) lalu unggah ulang")
    if duration <= 0:
        raise MediaRejected(f"durasi {found.label} tidak terbaca; ekspor ulang lalu unggah ulang")
    if duration > max_seconds():
        raise MediaRejected(
            f"{found.label} berdurasi {_minutes(duration)}, melebihi batas "
            f"{int(max_seconds() // 60)} menit; potong lalu unggah ulang"
        )
    if wanted == "video" and not (0 < (width or 0) <= MAX_SIDE and 0 < (height or 0) <= MAX_SIDE):
        raise MediaRejected(f"ukuran gambar {found.label} tidak wajar ({width} × {height}); "
                            "ekspor ulang lalu unggah ulang")
    return Probed(duration=duration, codec=codec, width=width, height=height)


def _duration(box: av.container.InputContainer, stream: av.stream.Stream) -> float:
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    if box.duration:
        import av

        return box.duration / av.time_base
    return 0.0


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.0f} menit"
