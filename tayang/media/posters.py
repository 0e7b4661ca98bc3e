"""Poster frames of videos, read with PyAV: what a visitor sees before pressing play.

The frame is read in a child process (:mod:`tayang.media.frames` says which frame and why),
so the worker never loads PyAV. A file PyAV cannot read simply gets no poster: the page then
shows the video with its controls and nothing is lost.
"""

from __future__ import annotations

from django.conf import settings

from tayang import apart
from tayang.media.derivatives import Rendered, store
from tayang.media.models import Derivative, MediaAsset
from tayang.operations.storage import readable_path


def ensure_poster(asset: MediaAsset) -> int:
    """Make the video's poster if it has none yet; returns 1 when one was made."""
    if asset.kind != MediaAsset.Kind.VIDEO:
        return 0
    if asset.derivatives.filter(kind=Derivative.Kind.POSTER).exists():
        return 0
    with readable_path(asset.file) as path:  # PyAV in a child (tayang/media/frames.py)
        poster: Rendered | None = apart.call(
            "tayang.media.frames", "poster_file", path,
            max_megapixels=int(settings.TAYANG_IMAGE_MAX_MEGAPIXELS),
        )
    if poster is None:
        return 0
    return int(store(asset, Derivative.Kind.POSTER, poster, "jpg"))
