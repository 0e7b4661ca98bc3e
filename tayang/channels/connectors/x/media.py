"""X's media uploads: photos one by one (with alt text), a video in chunks, both journaled.

See :mod:`tayang.channels.connectors.x` for the flow; every id and every chunk sent is in the
journal the moment X confirms it, so an interrupted attempt continues where it stopped.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from tayang.channels.connectors.base import ChannelError, ErrorKind, Journal, MediaFile
from tayang.channels.connectors.x.errors import data_of

ALT_TEXT_MAX = 1000
DEFAULT_LIFETIME = 86400  # seconds X keeps uploaded media when it does not say
LIFETIME_MARGIN = 600  # seconds kept in hand for the post itself


class MediaUploads:
    """The upload half of :class:`~tayang.channels.connectors.x.X`."""

    chunk_size: int
    processing_wait: float
    _call: Callable[..., Any]  # X._call: one API call, its JSON

    def _upload_photos(self, photos: tuple[MediaFile, ...], journal: Journal) -> list[str]:
        ids = [str(media_id) for media_id in journal.get("media_ids") or []]
        if ids and time.time() > float(journal.get("media_expires_at") or 0):
            ids = []  # X has forgotten them: upload again
        expires_at = float(journal.get("media_expires_at") or 0) if ids else 0.0
        for photo in photos[len(ids):]:
            with photo.open() as handle:
                content = handle.read()
            answer = self._call(
                "POST", "/2/media/upload", subject=f"foto {photo.filename}",
                files={"media": (photo.filename, content, photo.content_type)},
                data={"media_category": "tweet_gif" if animated_gif(photo) else "tweet_image",
                      "media_type": photo.content_type},
            )
            ids.append(str(data_of(answer, "id")))
            journal.record("media_ids", list(ids))
            lifetime = float(answer["data"].get("expires_after_secs") or DEFAULT_LIFETIME)
            deadline = time.time() + lifetime - LIFETIME_MARGIN
            expires_at = min(expires_at, deadline) if expires_at else deadline
            journal.record("media_expires_at", expires_at)
        described = set(journal.get("alt_text_set") or [])
        for photo, media_id in zip(photos, ids, strict=False):
            alt = photo.alt.strip()
            if alt and media_id not in described:
                self._call("POST", "/2/media/metadata", subject=f"teks alternatif foto "
                           f"{photo.filename}",
                           json={"id": media_id,
                                 "metadata": {"alt_text": {"text": alt[:ALT_TEXT_MAX]}}})
                described.add(media_id)
                journal.record("alt_text_set", sorted(described))
        return ids

    def _upload_video(self, video: MediaFile, journal: Journal) -> list[str]:
        subject = f"video {video.filename}"
        state = dict(journal.get("video_upload") or {})
        if state and (time.time() > float(state.get("expires_at") or 0)
                      or state.get("size") != video.size):
            state = {}  # expired on X's side, or another file: start over
        if not state:
            answer = self._call("POST", "/2/media/upload/initialize", subject=subject, json={
                "media_type": video.content_type, "total_bytes": video.size,
                "media_category": "tweet_video",
            })
            media_id = str(data_of(answer, "id"))
            lifetime = float(answer["data"].get("expires_after_secs") or DEFAULT_LIFETIME)
            state = {"id": media_id, "size": video.size,
                     "chunk": self.chunk_size, "segments": 0, "finalized": False,
                     "expires_at": time.time() + lifetime - LIFETIME_MARGIN}
            journal.record("video_upload", dict(state))
            journal.record("media_ids", [state["id"]])
        media_id = state["id"]
        if state["finalized"]:
            info: dict[str, Any] | None = {"state": "pending", "check_after_secs": 0}
        else:
            chunk = int(state["chunk"])
            with video.open() as handle:
                handle.seek(state["segments"] * chunk)
                while content := handle.read(chunk):
                    self._call("POST", f"/2/media/upload/{media_id}/append", subject=subject,
                               files={"media": (video.filename, content,
                                                "application/octet-stream")},
                               data={"segment_index": str(state["segments"])})
                    state["segments"] += 1
                    journal.record("video_upload", dict(state))
            answer = self._call("POST", f"/2/media/upload/{media_id}/finalize", subject=subject)
            state["finalized"] = True
            journal.record("video_upload", dict(state))
            info = (answer.get("data") or {}).get("processing_info")
        self._await_processing(media_id, info, video)
        return [media_id]

    def _await_processing(self, media_id: str, info: dict[str, Any] | None,
                          video: MediaFile) -> None:
        deadline = time.monotonic() + self.processing_wait
        while info and info.get("state") in ("pending", "in_progress"):
            after = info.get("check_after_secs")
            wait = max(float(after), 0.0) if after is not None else 1.0
            if time.monotonic() + wait > deadline:
                raise ChannelError(
                    f"X masih memproses video {video.filename}. Tayang akan memeriksanya lagi "
                    "lalu mengirim kiriman.",
                    kind=ErrorKind.SERVER, retryable=True, retry_after=max(wait, 30.0),
                    detail=str(info)[:300],
                )
            time.sleep(wait)
            answer = self._call("GET", "/2/media/upload", subject=f"video {video.filename}",
                                params={"command": "STATUS", "media_id": media_id})
            info = (answer.get("data") or {}).get("processing_info")
        if info and info.get("state") == "failed":
            error = info.get("error") or {}
            raise ChannelError(
                f"X menolak video {video.filename}: video tidak dapat diproses (format, codec, "
                "atau durasi tidak sesuai). Gunakan MP4 (H.264/AAC) paling lama 140 detik.",
                kind=ErrorKind.REJECTED, detail=str(error.get("message") or error)[:300],
            )


def animated_gif(photo: MediaFile) -> bool:
    from tayang.media.pillow import Image

    if photo.content_type != "image/gif":
        return False
    try:
        with Image.open(photo.path) as image:
            return bool(getattr(image, "is_animated", False))
    except OSError:
        return False
