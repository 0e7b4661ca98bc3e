"""A fake X API v2: media upload (one-shot and chunked), alt text, posts, the user's timeline.

Follows docs.x.com: ``POST /2/media/upload`` (multipart ``media`` + ``media_category``),
``POST /2/media/upload/initialize|{id}/append|{id}/finalize``, ``GET /2/media/upload?command=
STATUS``, ``POST /2/media/metadata``, ``POST /2/tweets``, ``DELETE /2/tweets/{id}``,
``GET /2/users/me``, ``GET /2/users/{id}/tweets`` and ``POST /2/oauth2/token``. Errors come as
RFC 7807 problem details, as X sends them. Like X, a stored post's text has its links
rewritten to t.co, a t.co link for attached media appended, and ``&``, ``<``, ``>`` escaped.
"""

from __future__ import annotations

import base64
import itertools
import json
import re
import time
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from tayang.channels.connectors.weighted import url_spans
from tests.channels.fakes.server import Answer, FakeApi, Part, Request

DUPLICATE = "You are not allowed to create a Tweet with duplicate content."
IMAGE_CATEGORIES = {"tweet_image", "tweet_gif", "dm_image", "dm_gif", "subtitles"}


def problem(status: int, title: str, detail: str, kind: str = "about:blank") -> Answer:
    return Answer(status, {"title": title, "detail": detail, "type": kind, "status": status})


def invalid(detail: str) -> Answer:
    return Answer(400, {
        "errors": [{"message": detail}], "title": "Invalid Request",
        "detail": "One or more parameters to your request was invalid.",
        "type": "https://api.twitter.com/2/problems/invalid-request",
    })


class FakeX(FakeApi):
    def __init__(self) -> None:
        super().__init__()
        self.token = "x-token-1"
        self.refresh_token = "x-refresh-1"
        self.client_id = "tayang-client"
        self.client_secret = ""  # set for a confidential client (Basic auth on refresh)
        self.user = {"id": "1500000000000000001", "name": "Dinas Sosial DIY",
                     "username": "dinsosdiy"}
        self.media: dict[str, dict[str, Any]] = {}
        self.tweets: dict[str, dict[str, Any]] = {}
        self.processing_polls = 0  # STATUS answers "in_progress" this many times per video
        self.processing_fails = False
        self._ids = itertools.count(1_860_000_000_000_000_001)
        self._tokens = itertools.count(2)
        self._nth: list[tuple[str, str, int, int, Any]] = []
        for method, pattern, handler in (
            ("POST", r"/2/media/upload", self.upload),
            ("POST", r"/2/media/upload/initialize", self.initialize),
            ("POST", r"/2/media/upload/(?P<id>\d+)/append", self.append),
            ("POST", r"/2/media/upload/(?P<id>\d+)/finalize", self.finalize),
            ("GET", r"/2/media/upload", self.status),
            ("POST", r"/2/media/metadata", self.metadata),
            ("POST", r"/2/tweets", self.create),
            ("DELETE", r"/2/tweets/(?P<id>\d+)", self.delete),
            ("GET", r"/2/users/me", self.me),
            ("GET", r"/2/users/(?P<id>\d+)/tweets", self.timeline),
            ("POST", r"/2/oauth2/token", self.oauth_token),
        ):
            self.route(method, pattern, self._authorized(handler))

    # -- helpers for tests ----------------------------------------------------------------------
    def expire_token(self) -> None:
        """The token the connector holds stops working (X's 2-hour lifetime is over)."""
        self.token = f"x-token-{next(self._tokens)}"

    def fail_nth(self, method: str, pattern: str, nth: int, status: int, body: Any = None) -> None:
        """The ``nth`` matching request from now on fails (earlier ones go through)."""
        number = len(self.calls(method, pattern)) + nth
        self._nth.append((method.upper(), pattern, number, status, body))

    def handle(self, method: str, raw_path: str, headers: dict[str, str],
               body: bytes) -> Answer | None:
        path = urlsplit(raw_path).path
        for rule in list(self._nth):
            rule_method, pattern, number, status, error = rule
            if rule_method == method and re.search(pattern, path) and (
                len(self.calls(method, pattern)) + 1 == number
            ):
                self._nth.remove(rule)
                self.fail(method, pattern, status, error)
        return super().handle(method, raw_path, headers, body)

    def post_as_someone(self, text: str) -> str:
        """A post made outside Tayang (by hand in X's app)."""
        return self._store(text, [])

    # -- routes ---------------------------------------------------------------------------------
    def _authorized(self, handler: Any) -> Any:
        def check(request: Request) -> Answer:
            if request.path != "/2/oauth2/token" and (
                request.headers.get("authorization") != f"Bearer {self.token}"
            ):
                return problem(401, "Unauthorized", "Unauthorized")
            return handler(request)
        return check

    def upload(self, request: Request) -> Answer:
        parts = request.parts()
        media, category = parts.get("media"), parts.get("media_category", "tweet_image")
        if not isinstance(media, Part):
            return invalid("The `media` field is required.")
        if category not in IMAGE_CATEGORIES:
            return invalid(f"Invalid media_category: {category}")
        if len(media.data) > 5 * 1024 * 1024:
            return invalid("File size exceeds 5242880 bytes.")
        if not media.data.startswith((b"\xff\xd8", b"\x89PNG", b"GIF8", b"RIFF")):
            return invalid("InvalidMedia: Unsupported image format")
        media_id = str(next(self._ids))
        self.media[media_id] = {"category": category, "data": media.data, "ready": True,
                                "alt": None}
        return Answer(200, {"data": {
            "id": media_id, "media_key": f"3_{media_id}", "size": len(media.data),
            "expires_after_secs": 86400,
            "image": {"image_type": parts.get("media_type", media.content_type)},
        }})

    def initialize(self, request: Request) -> Answer:
        body = request.json or {}
        if not isinstance(body.get("total_bytes"), int) or not body.get("media_type"):
            return invalid("total_bytes and media_type are required.")
        if body.get("media_category") != "tweet_video":
            return invalid("media_category must be tweet_video for a post's video.")
        media_id = str(next(self._ids))
        self.media[media_id] = {"category": "tweet_video", "total": body["total_bytes"],
                                "segments": {}, "ready": False, "polls": 0, "alt": None}
        return Answer(200, {"data": {"id": media_id, "media_key": f"7_{media_id}",
                                     "expires_after_secs": 86399}})

    def append(self, request: Request) -> Answer:
        media = self.media.get(request.match["id"])
        parts = request.parts()
        chunk, index = parts.get("media"), parts.get("segment_index")
        if media is None:
            return invalid("Invalid media id.")
        if not isinstance(chunk, Part) or not isinstance(index, str) or not index.isdigit():
            return invalid("`media` and `segment_index` are required.")
        media["segments"][int(index)] = chunk.data
        return Answer(200, {"data": {"expires_at": int(time.time()) + 86000}})

    def finalize(self, request: Request) -> Answer:
        media_id = request.match["id"]
        media = self.media.get(media_id)
        if media is None:
            return invalid("Invalid media id.")
        segments = media["segments"]
        data = b"".join(segments[index] for index in sorted(segments))
        if sorted(segments) != list(range(len(segments))) or len(data) != media["total"]:
            return invalid("Segments do not add up to total_bytes.")
        media["data"], media["polls"] = data, self.processing_polls
        return Answer(200, {"data": self._media_status(media_id)})

    def status(self, request: Request) -> Answer:
        media = self.media.get(request.query.get("media_id", ""))
        if request.query.get("command") != "STATUS" or media is None:
            return invalid("command=STATUS and a known media_id are required.")
        media["polls"] -= 1
        return Answer(200, {"data": self._media_status(request.query["media_id"])})

    def _media_status(self, media_id: str) -> dict[str, Any]:
        media = self.media[media_id]
        if media["polls"] > 0:
            info = {"state": "in_progress", "check_after_secs": 0, "progress_percent": 40}
        elif self.processing_fails:
            info = {"state": "failed", "error": {"code": 1, "name": "InvalidMedia",
                                                 "message": "Unsupported video format"}}
        else:
            media["ready"] = True
            info = {"state": "succeeded", "progress_percent": 100}
        return {"id": media_id, "media_key": f"7_{media_id}", "size": media["total"],
                "expires_after_secs": 86000, "processing_info": info}

    def metadata(self, request: Request) -> Answer:
        body = request.json or {}
        media = self.media.get(str(body.get("id")))
        text = ((body.get("metadata") or {}).get("alt_text") or {}).get("text")
        if media is None:
            return invalid("Invalid media id.")
        if not isinstance(text, str) or len(text) > 1000:
            return invalid("alt_text.text must be a string of at most 1000 characters.")
        media["alt"] = text
        return Answer(200, {"data": {"id": body["id"],
                                     "associated_metadata": {"alt_text": {"text": text}}}})

    def create(self, request: Request) -> Answer:
        body = request.json or {}
        text = body.get("text", "")
        media_ids = (body.get("media") or {}).get("media_ids") or []
        if not text and not media_ids:
            return invalid("Post text or media is required.")
        if len(media_ids) > 4 or any(not isinstance(i, str) for i in media_ids):
            return invalid("media_ids must be at most 4 strings.")
        for media_id in media_ids:
            if media_id not in self.media or not self.media[media_id]["ready"]:
                return invalid("Your media IDs are invalid.")
        if any(t["sent_text"] == text for t in self.tweets.values()):
            return problem(403, "Forbidden", DUPLICATE)
        tweet_id = self._store(text, media_ids)
        tweet = self.tweets[tweet_id]
        return Answer(201, {"data": {"id": tweet_id, "text": tweet["text"],
                                     "edit_history_tweet_ids": [tweet_id]}})

    def delete(self, request: Request) -> Answer:
        tweet_id = request.match["id"]
        if self.tweets.pop(tweet_id, None) is None:
            return Answer(200, {"errors": [{
                "value": tweet_id, "detail": f"Could not find tweet with id: [{tweet_id}].",
                "title": "Not Found Error", "resource_type": "tweet", "parameter": "id",
                "type": "https://api.twitter.com/2/problems/resource-not-found",
            }]})
        return Answer(200, {"data": {"deleted": True}})

    def me(self, request: Request) -> Answer:
        return Answer(200, {"data": dict(self.user)})

    def timeline(self, request: Request) -> Answer:
        if request.match["id"] != self.user["id"]:
            return invalid("Unknown user id.")
        try:
            size = int(request.query.get("max_results", "10"))
        except ValueError:
            size = 0
        if not 5 <= size <= 100:
            return invalid("max_results must be between 5 and 100.")
        since = request.query.get("start_time")
        tweets = sorted(self.tweets.values(), key=lambda t: t["created_at"], reverse=True)
        if since:
            start = datetime.strptime(since, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
            tweets = [t for t in tweets if t["created_at"] >= start]
        shown = [{"id": t["id"], "text": t["text"], "edit_history_tweet_ids": [t["id"]],
                  "created_at": t["created_at"].strftime("%Y-%m-%dT%H:%M:%S.000Z")}
                 for t in tweets[:size]]
        if not shown:
            return Answer(200, {"meta": {"result_count": 0}})
        return Answer(200, {"data": shown, "meta": {"result_count": len(shown),
                                                    "newest_id": shown[0]["id"],
                                                    "oldest_id": shown[-1]["id"]}})

    def oauth_token(self, request: Request) -> Answer:
        form = request.form
        if self.client_secret:
            expected = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode())
            if request.headers.get("authorization") != f"Basic {expected.decode()}":
                return Answer(401, {"error": "unauthorized_client",
                                    "error_description": "Missing valid authorization header"})
        if (form.get("grant_type") != "refresh_token" or form.get("client_id") != self.client_id
                or form.get("refresh_token") != self.refresh_token):
            return Answer(400, {"error": "invalid_request",
                                "error_description": "Value passed for the token was invalid."})
        number = next(self._tokens)
        self.token, self.refresh_token = f"x-token-{number}", f"x-refresh-{number}"
        return Answer(200, {"token_type": "bearer", "expires_in": 7200,
                            "access_token": self.token, "refresh_token": self.refresh_token,
                            "scope": "tweet.write users.read tweet.read offline.access"})

    # -- storage --------------------------------------------------------------------------------
    def _store(self, text: str, media_ids: list[str]) -> str:
        tweet_id = str(next(self._ids))
        shown, position = [], 0
        for number, (start, end) in enumerate(url_spans(text)):
            shown.append(text[position:start] + f"https://t.co/Ln{tweet_id[-4:]}{number}")
            position = end
        shown.append(text[position:])
        displayed = "".join(shown)
        if media_ids:
            displayed += f" https://t.co/Md{tweet_id[-6:]}"
        displayed = displayed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        self.tweets[tweet_id] = {"id": tweet_id, "text": displayed, "sent_text": text,
                                 "media_ids": list(media_ids),
                                 "created_at": datetime.now(UTC)}
        return tweet_id

    def requests_json(self, method: str, pattern: str) -> list[Any]:
        return [json.loads(r.body) for r in self.calls(method, pattern)]
