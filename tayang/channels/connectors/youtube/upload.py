"""YouTube's resumable upload: a session URL, chunks journaled as Google confirms them.

See :mod:`tayang.channels.connectors.youtube` for the protocol. The session URL is journaled
before a single byte is sent, so any later attempt asks the session how far it got.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import httpx

from tayang.channels.connectors.base import ChannelError, Delivered, ErrorKind, Journal, MediaFile
from tayang.channels.connectors.http import json_of
from tayang.channels.connectors.youtube.errors import PLATFORM, error_of

GRANULE = 256 * 1024  # Google's chunk unit


class ResumableUpload:
    """The upload half of :class:`~tayang.channels.connectors.youtube.YouTube`."""

    api_base: str
    chunk_size: int
    _authorized: Callable[..., httpx.Response]  # the call with the (refreshed) bearer token

    def _start(self, metadata: dict[str, Any], video: MediaFile) -> str:
        response = self._authorized(
            "POST", f"{self.api_base}/upload/youtube/v3/videos",
            params={"uploadType": "resumable", "part": "snippet,status"},
            json=metadata,
            headers={"X-Upload-Content-Length": str(video.size),
                     "X-Upload-Content-Type": video.content_type},
        )
        if not response.is_success:
            raise error_of(response, subject=f"video {video.filename}")
        location = response.headers.get("Location")
        if not location:
            raise ChannelError(
                "YouTube tidak memberi alamat unggahan. Tayang akan mencoba lagi.",
                kind=ErrorKind.SERVER, retryable=True, detail=response.text[:300],
            )
        return location

    def _send(self, session: str, video: MediaFile, offset: int, journal: Journal) -> Any:
        total, stalls = video.size, 0
        with video.open() as handle:
            while True:
                handle.seek(offset)
                chunk = handle.read(self.chunk_size)
                if not chunk or stalls > 3:
                    raise ChannelError(
                        "YouTube belum menerima video secara utuh. Tayang akan memeriksa lalu "
                        "melanjutkan unggahan.",
                        kind=ErrorKind.SERVER, retryable=True, maybe_posted=True,
                        detail=f"offset {offset} dari {total} byte",
                    )
                end = offset + len(chunk) - 1
                last = end + 1 >= total
                if last:
                    journal.record("final_sent", True)
                try:
                    response = self._authorized(
                        "PUT", session, content=chunk,
                        headers={"Content-Type": video.content_type,
                                 "Content-Range": f"bytes {offset}-{end}/{total}"},
                    )
                except ChannelError as error:
                    # A dropped connection on an early chunk cannot have made a video.
                    error.maybe_posted = error.maybe_posted and last
                    raise
                if response.status_code in (200, 201):
                    return json_of(response, platform=PLATFORM)
                if response.status_code == 308:
                    received = _next_offset(response)
                    stalls = stalls + 1 if received <= offset else 0
                    offset = received
                    journal.record("uploaded_bytes", offset)
                    continue
                if response.status_code in (404, 410):
                    journal.record("upload_url", None)  # expired: the next attempt starts over
                    raise ChannelError(
                        "Sesi unggah YouTube sudah kedaluwarsa. Tayang akan memulai unggahan "
                        "baru.",
                        kind=ErrorKind.SERVER, retryable=True, maybe_posted=last,
                        detail=response.text[:300],
                    )
                raise error_of(response, subject=f"video {video.filename}", creating=last)

    def _query(self, session: str, total: int) -> tuple[str, Any]:
        """How far the session got: ("done", video), ("partial", next offset) or ("gone", 0)."""
        response = self._authorized("PUT", session, content=b"",
                                 headers={"Content-Range": f"bytes */{total}"})
        if response.status_code in (200, 201):
            return "done", json_of(response, platform=PLATFORM)
        if response.status_code == 308:
            return "partial", _next_offset(response)
        if response.status_code in (404, 410):
            return "gone", 0
        raise error_of(response, subject="status unggahan video")

    def _finish(self, resource: Any, journal: Journal, video: MediaFile | None) -> Delivered:
        if not isinstance(resource, dict) or not resource.get("id"):
            raise ChannelError(
                "Jawaban YouTube tidak dapat dibaca. Tayang akan memeriksa unggahan lagi.",
                kind=ErrorKind.SERVER, retryable=True, maybe_posted=True,
                detail=str(resource)[:300],
            )
        status = resource.get("status") or {}
        if status.get("uploadStatus") in ("rejected", "failed"):
            reason = status.get("rejectionReason") or status.get("failureReason") or ""
            journal.record("rejected_video_id", resource["id"])
            name = f" {video.filename}" if video else ""
            raise ChannelError(
                f"YouTube menolak video{name} setelah diunggah. Periksa alasannya di "
                "YouTube Studio.",
                kind=ErrorKind.REJECTED, detail=f"{reason} {status}"[:300],
            )
        journal.record("video_id", resource["id"])
        return delivered(resource["id"])


def delivered(video_id: str) -> Delivered:
    return Delivered(video_id, f"https://www.youtube.com/watch?v={video_id}")


def _next_offset(response: httpx.Response) -> int:
    """The byte to send next after a 308: one past ``Range: bytes=0-n``, or 0 without it."""
    match = re.fullmatch(r"bytes=0-(\d+)", response.headers.get("Range", "").strip())
    return int(match.group(1)) + 1 if match else 0
