"""A fake YouTube Data API v3: resumable video upload, channel, uploads playlist, deletion.

Follows Google's resumable upload protocol: ``POST /upload/youtube/v3/videos?uploadType=
resumable&part=snippet,status`` with the video resource as JSON and ``X-Upload-Content-Length``/
``X-Upload-Content-Type`` answers 200 with the session URL in ``Location``; ``PUT`` to it with
``Content-Range: bytes a-b/total`` answers 308 with ``Range: bytes=0-n`` until the video is
complete, then 200 with the video resource; ``Content-Range: bytes */total`` asks for the
status. Every chunk but the last must be a multiple of 256 KiB. Errors are Google's
``{"error": {"code", "message", "errors": [{"reason", "domain", "message"}]}}``.
"""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from tests.channels.fakes.server import Answer, FakeApi, Request

GRANULE = 256 * 1024
CATEGORIES = {"1", "2", "10", "15", "17", "19", "20", "22", "23", "24", "25", "26", "27", "28",
              "29"}


def google_error(status: int, reason: str, message: str, domain: str = "youtube.video") -> Answer:
    return Answer(status, {"error": {"code": status, "message": message, "errors": [
        {"message": message, "domain": domain, "reason": reason}]}})


class FakeYouTube(FakeApi):
    def __init__(self) -> None:
        super().__init__()
        self.token = "ya29.token-1"
        self.refresh_token = "1//refresh-yt"
        self.client_id = "123-tayang.apps.googleusercontent.com"
        self.client_secret = "GOCSPX-rahasia"
        self.channel = {"id": "UCdinsosDIY0000000000000", "title": "Dinas Sosial DIY"}
        self.sessions: dict[str, dict[str, Any]] = {}
        self.videos: dict[str, dict[str, Any]] = {}
        self.video_bytes: dict[str, bytes] = {}
        self._ids = itertools.count(1)
        self._tokens = itertools.count(2)
        self._nth: list[tuple[str, str, int, int, Any, bool]] = []
        for method, pattern, handler, authorized in (
            ("POST", r"/upload/youtube/v3/videos", self.begin, True),
            ("PUT", r"/upload/youtube/v3/videos", self.put, False),
            ("DELETE", r"/youtube/v3/videos", self.delete, True),
            ("GET", r"/youtube/v3/channels", self.channels, True),
            ("GET", r"/youtube/v3/playlistItems", self.playlist_items, True),
            ("POST", r"/token", self.oauth_token, False),
        ):
            self.route(method, pattern, self._authorized(handler) if authorized else handler)

    # -- helpers for tests ----------------------------------------------------------------------
    def expire_token(self) -> None:
        """The token the connector holds stops working (Google's one-hour lifetime is over)."""
        self.token = f"ya29.token-{next(self._tokens)}"

    def expire_sessions(self) -> None:
        self.sessions.clear()

    def fail_nth(self, method: str, pattern: str, nth: int, status: int, body: Any = None, *,
                 after_handler: bool = False) -> None:
        """The ``nth`` matching request from now on fails (earlier ones go through)."""
        number = len(self.calls(method, pattern)) + nth
        self._nth.append((method.upper(), pattern, number, status, body, after_handler))

    def handle(self, method: str, raw_path: str, headers: dict[str, str],
               body: bytes) -> Answer | None:
        path = urlsplit(raw_path).path
        for rule in list(self._nth):
            rule_method, pattern, number, status, error, after = rule
            if rule_method == method and re.search(pattern, path) and (
                len(self.calls(method, pattern)) + 1 == number
            ):
                self._nth.remove(rule)
                self.fail(method, pattern, status, error, after_handler=after)
        return super().handle(method, raw_path, headers, body)

    def data_puts(self) -> list[Request]:
        """The PUTs that carried bytes (not the status queries)."""
        return [r for r in self.calls("PUT", r"/upload/") if "*" not in
                r.headers.get("content-range", "*")]

    # -- routes ---------------------------------------------------------------------------------
    def _authorized(self, handler: Any) -> Any:
        def check(request: Request) -> Answer:
            if request.headers.get("authorization") != f"Bearer {self.token}":
                return google_error(401, "authError", "Invalid Credentials", "global")
            return handler(request)
        return check

    def begin(self, request: Request) -> Answer:
        query = request.query
        if query.get("uploadType") != "resumable":
            return google_error(400, "invalidParameter", "uploadType must be resumable", "global")
        if not {"snippet", "status"} <= set(query.get("part", "").split(",")):
            return google_error(400, "missingRequiredParameter", "part is required", "global")
        total = request.headers.get("x-upload-content-length", "")
        kind = request.headers.get("x-upload-content-type", "")
        if not total.isdigit() or not (kind.startswith("video/")
                                       or kind == "application/octet-stream"):
            return google_error(400, "badContent", "Unsupported upload content", "global")
        resource = request.json or {}
        snippet, status = resource.get("snippet") or {}, resource.get("status") or {}
        title, description = snippet.get("title", ""), snippet.get("description", "")
        if not title or len(title) > 100 or "<" in title or ">" in title:
            return google_error(400, "invalidTitle",
                                "The request metadata specifies an invalid video title.")
        if len(description.encode()) > 5000 or "<" in description or ">" in description:
            return google_error(400, "invalidDescription",
                                "The request metadata specifies an invalid video description.")
        if snippet.get("categoryId") not in CATEGORIES:
            return google_error(400, "invalidCategoryId",
                                "The snippet.categoryId property specifies an invalid category ID.")
        if status.get("privacyStatus") not in ("public", "unlisted", "private"):
            return google_error(400, "invalidVideoMetadata", "Invalid privacy status.")
        upload_id = f"ADPycdu{next(self._ids):04d}"
        self.sessions[upload_id] = {"total": int(total), "type": kind, "resource": resource,
                                    "data": bytearray(), "video_id": None}
        location = (f"{self.url}/upload/youtube/v3/videos?uploadType=resumable"
                    f"&upload_id={upload_id}&part=snippet,status")
        return Answer(200, b"", {"Location": location, "X-GUploader-UploadID": upload_id})

    def put(self, request: Request) -> Answer:
        session = self.sessions.get(request.query.get("upload_id", ""))
        if session is None:
            return Answer(404, b"Not Found", {"Content-Type": "text/plain"})
        total, data = session["total"], session["data"]
        content_range = request.headers.get("content-range", "")
        if match := re.fullmatch(r"bytes \*/(\d+)", content_range):
            if session["video_id"]:
                return Answer(200, self.videos[session["video_id"]])
            return self._incomplete(data)
        match = re.fullmatch(r"bytes (\d+)-(\d+)/(\d+)", content_range)
        if match is None or int(match[3]) != total:
            return google_error(400, "badRequest", "Invalid Content-Range", "global")
        start, end = int(match[1]), int(match[2])
        if start > len(data) or end - start + 1 != len(request.body):
            return google_error(400, "badRequest", "Content-Range does not match", "global")
        if end + 1 < total and len(request.body) % GRANULE:
            return google_error(400, "badRequest",
                                "Chunk size must be a multiple of 262144 bytes", "global")
        del data[start:]
        data.extend(request.body)
        if len(data) < total:
            return self._incomplete(data)
        if session["video_id"] is None:
            session["video_id"] = self._create(session)
        return Answer(200, self.videos[session["video_id"]])

    @staticmethod
    def _incomplete(data: bytearray) -> Answer:
        headers = {"Range": f"bytes=0-{len(data) - 1}"} if data else {}
        return Answer(308, b"", {**headers, "Content-Type": "text/plain"})

    def _create(self, session: dict[str, Any]) -> str:
        video_id = f"dQw4w9WgX{next(self._ids):02d}"[-11:]
        snippet = session["resource"]["snippet"]
        self.videos[video_id] = {
            "kind": "youtube#video", "etag": f"etag-{video_id}", "id": video_id,
            "snippet": {**snippet, "publishedAt": datetime.now(UTC).isoformat(),
                        "channelId": self.channel["id"], "channelTitle": self.channel["title"]},
            "status": {"uploadStatus": "uploaded", "license": "youtube", "embeddable": True,
                       "publicStatsViewable": True, **session["resource"]["status"]},
        }
        self.video_bytes[video_id] = bytes(session["data"])
        return video_id

    def delete(self, request: Request) -> Answer:
        if self.videos.pop(request.query.get("id", ""), None) is None:
            return google_error(404, "videoNotFound", "The video identified by the <code>id</code>"
                                " parameter could not be found.")
        return Answer(204, b"")

    def channels(self, request: Request) -> Answer:
        if request.query.get("mine") != "true":
            return google_error(400, "missingRequiredParameter", "No filter selected.", "global")
        item: dict[str, Any] = {"kind": "youtube#channel", "id": self.channel["id"]}
        parts = request.query.get("part", "").split(",")
        if "snippet" in parts:
            item["snippet"] = {"title": self.channel["title"], "description": ""}
        if "contentDetails" in parts:
            uploads = "UU" + self.channel["id"][2:]
            item["contentDetails"] = {"relatedPlaylists": {"uploads": uploads}}
        return Answer(200, {"kind": "youtube#channelListResponse", "items": [item]})

    def playlist_items(self, request: Request) -> Answer:
        if request.query.get("playlistId") != "UU" + self.channel["id"][2:]:
            return google_error(404, "playlistNotFound", "Playlist not found.")
        newest = sorted(self.videos.values(), key=lambda v: v["snippet"]["publishedAt"],
                        reverse=True)[: int(request.query.get("maxResults", "5"))]
        return Answer(200, {"kind": "youtube#playlistItemListResponse", "items": [{
            "kind": "youtube#playlistItem", "id": f"item-{video['id']}",
            "snippet": {"title": video["snippet"]["title"],
                        "description": video["snippet"]["description"],
                        "publishedAt": video["snippet"]["publishedAt"],
                        "resourceId": {"kind": "youtube#video", "videoId": video["id"]}},
        } for video in newest]})

    def oauth_token(self, request: Request) -> Answer:
        form = request.form
        if (form.get("grant_type") != "refresh_token" or form.get("client_id") != self.client_id
                or form.get("client_secret") != self.client_secret):
            return Answer(401, {"error": "invalid_client", "error_description": "Unauthorized"})
        if form.get("refresh_token") != self.refresh_token:
            return Answer(400, {"error": "invalid_grant",
                                "error_description": "Token has been expired or revoked."})
        self.token = f"ya29.token-{next(self._tokens)}"
        return Answer(200, {"access_token": self.token, "expires_in": 3599, "token_type": "Bearer",
                            "scope": "https://www.googleapis.com/auth/youtube"})
