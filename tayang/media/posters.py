"""Poster frames of videos, read with PyAV: what a visitor sees before pressing play.

The frame is taken one second in (or a third into a shorter video), because the first frame
of a phone video is often black or blurred. A display rotation recorded by the phone is
applied, so a portrait video gets a portrait poster. A file PyAV cannot read simply gets no
poster: the page then shows the video with its controls and nothing is lost.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    import av

from tayang.media.derivatives import QUALITY, Rendered, store
from tayang.media.models import Derivative, MediaAsset

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


def ensure_poster(asset: MediaAsset) -> int:
    """Make the video's poster if it has none yet; returns 1 when one was made."""
    if asset.kind != MediaAsset.Kind.VIDEO:
        return 0
    if asset.derivatives.filter(kind=Derivative.Kind.POSTER).exists():
        return 0
    with asset.file.open("rb") as handle:
        poster = render_poster(handle)
    if poster is None:
        return 0
    return int(store(asset, Derivative.Kind.POSTER, poster, "jpg"))
