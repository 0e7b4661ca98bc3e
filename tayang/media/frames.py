"""A video's poster frame, read with PyAV from its file: the picture itself, without Django.

What :func:`tayang.media.posters.ensure_poster` has a child process make (:mod:`tayang.apart`):
PyAV (FFmpeg's libraries, ~17 MB) and the decoded frame stay out of the worker, which would
otherwise keep the libraries for the rest of its life after one video (docs/performance.md,
"The worker under 80 MB"). The frame is taken one second in (or a third into a shorter video),
because the first frame of a phone video is often black or blurred; a display rotation
recorded by the phone is applied, so a portrait video gets a portrait poster.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING, BinaryIO

from tayang.media.websizes import QUALITY, Rendered

if TYPE_CHECKING:
    import av

MAX_WIDTH = 1280
_SEEK_SECONDS = 1.0
_MAX_FRAMES = 120  # frames decoded after the key frame, looking for the poster's moment

logger = logging.getLogger(__name__)


def render_poster(source: BinaryIO, *, max_width: int = MAX_WIDTH) -> Rendered | None:
    """A JPEG of one early frame of the video in ``source``; None if it has no readable frame."""
    import av  # PyAV and its FFmpeg libraries (17 MB): only in a process that makes posters

    from tayang.media.pillow import Image

    try:
        with av.open(source) as container:
            if not container.streams.video:
                return None
            stream = container.streams.video[0]
            duration = float(stream.duration * stream.time_base) if stream.duration else 0.0
            at = min(_SEEK_SECONDS, duration / 3) if duration else 0.0
            if at > 0 and stream.time_base:
                # Lands on the key frame before ``at``; decoding goes on from there.
                container.seek(int(at / stream.time_base), stream=stream)
            frame = _frame_at(container.decode(stream), at)
            if frame is None:
                return None
            image = frame.to_image()
            rotation = int(getattr(frame, "rotation", 0) or 0)
    except (av.FFmpegError, OSError, StopIteration, ValueError) as exc:
        logger.info("Tidak dapat membaca bingkai video: %s", exc)
        return None
    if rotation:
        image = image.rotate(rotation, expand=True)
    if image.width > max_width:
        image = image.resize(
            (max_width, max(1, round(image.height * max_width / image.width))),
            Image.Resampling.LANCZOS,
        )
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=QUALITY, optimize=True, progressive=True)
    return Rendered(image.width, image.height, buffer.getvalue())


def _frame_at(frames: Iterator[av.VideoFrame], at: float) -> av.VideoFrame | None:
    """The first frame at or after ``at`` seconds (at most ``_MAX_FRAMES`` decoded)."""
    last = None
    for count, frame in enumerate(frames):
        last = frame
        if frame.time is None or frame.time >= at or count >= _MAX_FRAMES:
            break
    return last


def poster_file(path: str, *, max_megapixels: int) -> Rendered | None:
    """The child's half of :func:`tayang.media.posters.ensure_poster`: :func:`render_poster` of
    the video at ``path``, Pillow's pixel guard at the parent's ``max_megapixels``."""
    from tayang.media.limits import given

    given(max_megapixels)
    with open(path, "rb") as source:
        return render_poster(source)
