"""A fake Meta Graph API: one Facebook Page and one Instagram professional account.

It follows the documented shapes: Page ``/feed``, ``/photos`` (multipart ``source``,
``published``, ``alt_text_custom``), ``/videos``; Instagram ``/media`` containers (image,
REELS, carousel children and CAROUSEL), container ``status_code`` polling, ``/media_publish``,
``/content_publishing_limit`` and ``/media`` listing; ``GET``/``DELETE`` on any node; the
``access_token`` parameter on every call; and Graph's error body
``{"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}}`` with HTTP 400.

Like the real API, media captions listed back lose their ``@`` (Instagram shows it only to
app admins), and an Instagram media can be deleted only when the token holds
``instagram_manage_contents`` (:attr:`FakeGraph.ig_can_delete`).
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tests.channels.fakes.server import Answer, FakeApi, Part, Request

PAGE_ID = "1001"
IG_USER_ID = "17841400000000001"
PAGE_TOKEN = "EAAG-page-token"
IG_TOKEN = "EAAG-ig-token"


def error(code: int, message: str, *, subcode: int | None = None, status: int = 400,
          kind: str = "OAuthException", transient: bool = False,
          user_msg: str = "") -> Answer:
    body: dict[str, Any] = {"message": message, "type": kind, "code": code,
                            "is_transient": transient, "fbtrace_id": "AbCdEfGhIjK"}
    if subcode is not None:
        body["error_subcode"] = subcode
    if user_msg:
        body["error_user_msg"] = user_msg
    return Answer(status, {"error": body})


def error_body(code: int, message: str, **kwargs: Any) -> dict[str, Any]:
    return error(code, message, **kwargs).body


def now_text() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


def missing(object_id: str) -> Answer:
    return error(100, f"Unsupported get request. Object with ID '{object_id}' does not exist, "
                      "cannot be loaded due to missing permissions, or does not support this "
                      "operation.", subcode=33, kind="GraphMethodException")


@dataclass
class Container:
    id: str
    kind: str  # IMAGE, REELS, VIDEO (carousel child) or CAROUSEL
    data: dict[str, str]
    carousel_item: bool = False
    children: list[str] = field(default_factory=list)
    polls_left: int = 0  # GETs answering IN_PROGRESS before FINISHED
    status_code: str = "IN_PROGRESS"
    status: str = ""


class FakeGraph(FakeApi):
    def __init__(self) -> None:
        super().__init__()
        self.ids = itertools.count(5001)
        self.tokens = {PAGE_TOKEN, IG_TOKEN}
        self.expired: set[str] = set()
        self.page = {"id": PAGE_ID, "name": "Dinas Sosial DIY"}
        self.ig_user = {"id": IG_USER_ID, "username": "dinsosdiy", "name": "Dinas Sosial DIY"}
        self.photos: dict[str, dict[str, Any]] = {}
        self.posts: dict[str, dict[str, Any]] = {}  # Page feed posts, newest last
        self.videos: dict[str, dict[str, Any]] = {}
        self.containers: dict[str, Container] = {}
        self.media: dict[str, dict[str, Any]] = {}  # Instagram media, newest last
        self.in_progress_polls = 0  # how long new containers stay IN_PROGRESS
        self.fail_containers: dict[str, str] = {}  # media URL -> ERROR status text
        self.quota_usage: int | None = None  # None: the number of media published
        self.quota_total = 50
        self.ig_can_delete = True

        for method, pattern, handler in (
            ("POST", rf"/{PAGE_ID}/feed", self.create_post),
            ("GET", rf"/{PAGE_ID}/feed", self.list_feed),
            ("POST", rf"/{PAGE_ID}/photos", self.upload_photo),
            ("POST", rf"/{PAGE_ID}/videos", self.upload_video),
            ("POST", rf"/{IG_USER_ID}/media", self.create_container),
            ("GET", rf"/{IG_USER_ID}/media", self.list_media),
            ("POST", rf"/{IG_USER_ID}/media_publish", self.publish_container),
            ("GET", rf"/{IG_USER_ID}/content_publishing_limit", self.publishing_limit),
            ("GET", r"/(?P<id>[0-9_]+)", self.read_node),
            ("DELETE", r"/(?P<id>[0-9_]+)", self.delete_node),
        ):
            self.route(method, pattern, self._authorized(handler))

    # -- helpers ----------------------------------------------------------------------------
    def new_id(self) -> str:
        return str(next(self.ids))

    def expire(self, token: str) -> None:
        self.expired.add(token)

    @staticmethod
    def params(request: Request) -> dict[str, str]:
        return request.form if request.method == "POST" else request.query

    def _authorized(self, handler: Any) -> Any:
        def guarded(request: Request) -> Answer:
            token = self.params(request).get("access_token", "")
            if not token:
                return error(104, "An access token is required to request this resource.")
            if token in self.expired:
                return error(190, "Error validating access token: Session has expired on "
                                  "Tuesday, 24-Nov-26 02:00:00 PST.", subcode=463)
            if token not in self.tokens:
                return error(190, "Invalid OAuth access token - Cannot parse access token")
            return handler(request)
        return guarded

    def feed_posts(self) -> list[dict[str, Any]]:
        return [post for post in self.posts.values() if not post.get("deleted")]

    def live_media(self) -> list[dict[str, Any]]:
        return [media for media in self.media.values() if not media.get("deleted")]

    # -- Facebook Page ----------------------------------------------------------------------
    def create_post(self, request: Request) -> Answer:
        form = request.form
        attached = []
        for index in itertools.count():
            raw = form.get(f"attached_media[{index}]")
            if raw is None:
                break
            try:
                fbid = str(json.loads(raw)["media_fbid"])
            except (ValueError, KeyError, TypeError):
                return error(100, f"(#100) param attached_media[{index}] must be a JSON object "
                                  "with media_fbid")
            photo = self.photos.get(fbid)
            if photo is None or photo["published"]:
                return error(100, f"(#100) Invalid media_fbid {fbid}")
            attached.append(fbid)
        if not (form.get("message") or form.get("link") or attached):
            return error(100, "(#100) Missing message or attachment")
        post_id = f"{PAGE_ID}_{self.new_id()}"
        self.posts[post_id] = {
            "id": post_id, "message": form.get("message", ""), "link": form.get("link", ""),
            "attached_media": attached, "created_time": now_text(),
            "permalink_url": f"https://www.facebook.com/{PAGE_ID}/posts/{post_id.split('_')[1]}",
        }
        return Answer(200, {"id": post_id})

    def list_feed(self, request: Request) -> Answer:
        fields = request.query.get("fields", "id").split(",")
        limit = int(request.query.get("limit", "25"))
        posts = list(reversed(self.feed_posts()))[:limit]
        return Answer(200, {"data": [{k: post[k] for k in fields if k in post}
                                     for post in posts]})

    def upload_photo(self, request: Request) -> Answer:
        parts = request.parts() if "multipart" in request.headers.get("content-type", "") else {}
        source = parts.get("source")
        url = self.params(request).get("url")
        if not isinstance(source, Part) and not url:
            return error(324, "(#324) Requires upload file", subcode=2069019)
        if isinstance(source, Part) and not source.content_type.startswith("image/"):
            return error(324, "(#324) Missing or invalid image file")
        form = request.form
        photo_id = self.new_id()
        self.photos[photo_id] = {
            "id": photo_id, "published": form.get("published", "true") != "false",
            "alt_text_custom": form.get("alt_text_custom", ""),
            "filename": source.filename if isinstance(source, Part) else url,
            "size": len(source.data) if isinstance(source, Part) else 0,
        }
        return Answer(200, {"id": photo_id})

    def upload_video(self, request: Request) -> Answer:
        parts = request.parts() if "multipart" in request.headers.get("content-type", "") else {}
        source = parts.get("source")
        if not isinstance(source, Part):
            return error(100, "(#100) No file or file_url was specified")
        if not source.content_type.startswith("video/"):
            return error(352, "(#352) Sorry, the video file you selected is in a format that "
                              "we don't support.")
        form = request.form
        video_id = self.new_id()
        self.videos[video_id] = {
            "id": video_id, "title": form.get("title", ""),
            "description": form.get("description", ""), "size": len(source.data),
            "permalink_url": f"/{PAGE_ID}/videos/{video_id}/",
        }
        # A published Page video also shows in the feed, its description as the message.
        post_id = f"{PAGE_ID}_{self.new_id()}"
        self.posts[post_id] = {
            "id": post_id, "message": form.get("description", ""), "link": "",
            "attached_media": [], "created_time": now_text(), "video": video_id,
            "permalink_url": f"https://www.facebook.com/{PAGE_ID}/videos/{video_id}/",
        }
        return Answer(200, {"id": video_id})

    # -- Instagram --------------------------------------------------------------------------
    def create_container(self, request: Request) -> Answer:
        form = request.form
        media_type = form.get("media_type", "")
        carousel_item = form.get("is_carousel_item") == "true"
        caption = form.get("caption", "")
        if len(caption) > 2200:
            return error(100, "(#100) The caption is too long", subcode=2207010)
        if media_type == "CAROUSEL":
            children = [c for c in form.get("children", "").split(",") if c]
            if not 2 <= len(children) <= 10:
                return error(100, "(#100) The carousel must have 2 to 10 children",
                             subcode=2207028)
            for child in children:
                item = self.containers.get(child)
                if item is None or not item.carousel_item:
                    return error(100, f"(#100) Invalid child {child}", subcode=2207028)
                if item.status_code != "FINISHED":
                    return error(9007, "Media ID is not available", subcode=2207027)
            kind = "CAROUSEL"
        elif media_type in ("REELS", "VIDEO"):
            if not form.get("video_url", "").startswith(("http://", "https://")):
                return error(100, "(#100) video_url is required")
            if media_type == "VIDEO" and not carousel_item:
                return error(100, "(#100) VIDEO is only for carousel items; use REELS")
            kind = media_type
        elif media_type in ("", "IMAGE"):
            if not form.get("image_url", "").startswith(("http://", "https://")):
                return error(100, "(#100) image_url is required")
            kind = "IMAGE"
        else:
            return error(100, f"(#100) Unknown media_type {media_type}", subcode=2207023)
        container_id = self.new_id()
        container = Container(container_id, kind, dict(form), carousel_item,
                              children if kind == "CAROUSEL" else [],
                              polls_left=self.in_progress_polls)
        url = form.get("image_url") or form.get("video_url") or ""
        if url in self.fail_containers:
            container.status_code, container.status = "ERROR", self.fail_containers[url]
        elif container.polls_left == 0:
            container.status_code = "FINISHED"
        self.containers[container_id] = container
        return Answer(200, {"id": container_id})

    def publish_container(self, request: Request) -> Answer:
        creation_id = request.form.get("creation_id", "")
        container = self.containers.get(creation_id)
        if container is None or container.carousel_item:
            return error(24, "The requested resource does not exist", subcode=2207008,
                         kind="IGApiException")
        if container.status_code == "EXPIRED":
            return error(-2, "The media you are trying to access has expired.",
                         subcode=2207020, kind="IGApiException")
        if container.status_code != "FINISHED":
            return error(9007, "Media ID is not available", subcode=2207027,
                         kind="IGApiException")
        if self.usage() >= self.quota_total:
            return error(9, "Application request limit reached", subcode=2207042,
                         kind="IGApiException")
        media_id = self.new_id()
        self.media[media_id] = {
            "id": media_id,
            # Instagram hides "@" from the caption unless the caller is an app admin.
            "caption": container.data.get("caption", "").replace("@", ""),
            "permalink": f"https://www.instagram.com/p/Tay{media_id}/",
            "timestamp": now_text(), "container": creation_id,
            "media_type": "CAROUSEL_ALBUM" if container.kind == "CAROUSEL" else container.kind,
        }
        container.status_code = "PUBLISHED"
        return Answer(200, {"id": media_id})

    def usage(self) -> int:
        return len(self.media) if self.quota_usage is None else self.quota_usage

    def publishing_limit(self, request: Request) -> Answer:
        return Answer(200, {"data": [{
            "quota_usage": self.usage(),
            "config": {"quota_total": self.quota_total, "quota_duration": 86400},
        }]})

    def list_media(self, request: Request) -> Answer:
        fields = request.query.get("fields", "id").split(",")
        limit = int(request.query.get("limit", "25"))
        media = list(reversed(self.live_media()))[:limit]
        return Answer(200, {"data": [{k: item[k] for k in fields if k in item}
                                     for item in media]})

    # -- nodes ------------------------------------------------------------------------------
    def read_node(self, request: Request) -> Answer:
        object_id = request.match["id"]  # type: ignore[index]
        fields = request.query.get("fields", "id").split(",")
        node: dict[str, Any] | None
        if object_id == PAGE_ID:
            node = self.page
        elif object_id == IG_USER_ID:
            node = self.ig_user
        elif (container := self.containers.get(object_id)) is not None:
            if container.status_code == "IN_PROGRESS":
                container.polls_left -= 1
                if container.polls_left <= 0:
                    container.status_code = "FINISHED"
                node = {"id": object_id, "status_code": "IN_PROGRESS", "status": "In Progress"}
            else:
                node = {"id": object_id, "status_code": container.status_code,
                        "status": container.status or container.status_code.title()}
        else:
            node = next((store[object_id] for store in (self.posts, self.videos, self.photos,
                                                         self.media)
                         if object_id in store and not store[object_id].get("deleted")), None)
        if node is None:
            return missing(object_id)
        return Answer(200, {k: node[k] for k in ["id", *fields] if k in node})

    def delete_node(self, request: Request) -> Answer:
        object_id = request.match["id"]  # type: ignore[index]
        if object_id in self.media and not self.media[object_id].get("deleted"):
            if not self.ig_can_delete:
                return error(10, "(#10) Application does not have permission for this action")
            self.media[object_id]["deleted"] = True
            return Answer(200, {"success": True})
        for store in (self.posts, self.videos, self.photos):
            if object_id in store and not store[object_id].get("deleted"):
                store[object_id]["deleted"] = True
                video = store[object_id].get("video")
                for post in self.posts.values():  # a deleted video takes its feed post along
                    if store is self.videos and post.get("video") == object_id:
                        post["deleted"] = True
                if video and video in self.videos:
                    self.videos[video]["deleted"] = True
                return Answer(200, {"success": True})
        return missing(object_id)
