"""A fake WordPress REST API (``/wp-json/wp/v2``) with Application Password Basic auth.

Follows the REST API reference and WordPress 6.x's behaviour as checked against a real site
(Debian's ``wordpress`` package): raw-body media uploads with ``Content-Disposition`` and
``Content-Type`` (parameters such as ``alt_text`` and ``slug`` also read from the query string),
errors as ``{"code", "message", "data": {"status"}}``, a refused file type answered with
``rest_upload_sideload_error`` and status 500, unique slugs for published posts (``-2``) while
drafts keep theirs, ``status=any`` excluding the trash and needing authentication, ``DELETE``
moving a post to the trash (``410 rest_already_trashed`` the second time).
"""

from __future__ import annotations

import base64
import re
from typing import Any
from urllib.parse import unquote

from tests.channels.fakes.server import Answer, FakeApi, Request

USERNAME = "editor"
PASSWORD = "abcd EFGH ijkl MNOP qrst UVWX"
ROOT = "/wp-json/wp/v2"
ALLOWED_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp", "video/mp4",
                 "video/quicktime", "video/webm"}
STATUSES = ("publish", "future", "draft", "pending", "private")


def wp_error(status: int, code: str, message: str, **data: Any) -> Answer:
    return Answer(status, {"code": code, "message": message, "data": {"status": status, **data}})


class FakeWordPress(FakeApi):
    def __init__(self) -> None:
        super().__init__()
        self.posts: dict[int, dict[str, Any]] = {}
        self.media: dict[int, dict[str, Any]] = {}
        self.categories = {1: "Uncategorized", 5: "Berita Dinas"}
        self.allowed_types = set(ALLOWED_TYPES)
        self.capabilities = {"upload_files": True, "edit_posts": True, "publish_posts": True,
                             "delete_posts": True, "delete_published_posts": True}
        self.next_id = 10
        self.route("GET", rf"{ROOT}/users/me", self._me)
        self.route("POST", rf"{ROOT}/media", self._upload)
        self.route("GET", rf"{ROOT}/media", self._list_media)
        self.route("POST", rf"{ROOT}/posts", self._create)
        self.route("GET", rf"{ROOT}/posts", self._list_posts)
        self.route("DELETE", rf"{ROOT}/posts/(?P<id>\d+)", self._delete)
        self.route("GET", rf"{ROOT}/categories/(?P<id>\d+)", self._category)
        for method in ("GET", "POST", "DELETE", "PUT", "PATCH"):
            self.route(method, r".*", self._no_route)

    # -- helpers -----------------------------------------------------------------------------
    def _user(self, request: Request) -> str | Answer | None:
        """The logged-in user, an error for wrong credentials, ``None`` when anonymous."""
        header = request.headers.get("authorization", "")
        if not header.startswith("Basic "):
            return None
        user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        if user != USERNAME:
            return wp_error(401, "invalid_username", "Unknown username. Check again or try your "
                                                     "email address.")
        # WordPress ignores the spaces it shows the password with.
        if password.replace(" ", "") != PASSWORD.replace(" ", ""):
            return wp_error(401, "incorrect_password",
                            "The provided password is an invalid application password.")
        return user

    def _slug_taken(self, slug: str, *, exclude: int = 0) -> bool:
        return any(item["slug"] == slug and item["id"] != exclude
                   for item in [*self.posts.values(), *self.media.values()])

    def _unique(self, slug: str) -> str:
        candidate, n = slug, 2
        while self._slug_taken(candidate):
            candidate, n = f"{slug}-{n}", n + 1
        return candidate

    def _new_id(self) -> int:
        self.next_id += 1
        return self.next_id

    # -- routes ------------------------------------------------------------------------------
    def _no_route(self, request: Request) -> Answer:
        return wp_error(404, "rest_no_route",
                        "No route was found matching the URL and request method.")

    def _me(self, request: Request) -> Answer:
        user = self._user(request)
        if isinstance(user, Answer):
            return user
        if user is None:
            return wp_error(401, "rest_not_logged_in", "You are not currently logged in.")
        me: dict[str, Any] = {"id": 1, "name": "Redaksi Dinsos", "slug": "editor"}
        if request.query.get("context") == "edit":
            me |= {"username": USERNAME, "roles": ["editor"], "capabilities": self.capabilities}
        return Answer(200, me)

    def _upload(self, request: Request) -> Answer:
        user = self._user(request)
        if isinstance(user, Answer):
            return user
        if user is None:
            return wp_error(401, "rest_cannot_create",
                            "Sorry, you are not allowed to create posts as this user.")
        if not self.capabilities.get("upload_files"):
            return wp_error(403, "rest_cannot_create",
                            "Sorry, you are not allowed to upload media on this site.")
        if not request.body:
            return wp_error(400, "rest_upload_no_data", "No data supplied.")
        content_type = request.headers.get("content-type", "")
        if not content_type:
            return wp_error(400, "rest_upload_no_content_type", "No Content-Type supplied.")
        disposition = request.headers.get("content-disposition", "")
        if not disposition:
            return wp_error(400, "rest_upload_no_content_disposition",
                            "No Content-Disposition supplied.")
        match = re.search(r'filename="?([^";]+)"?', disposition)
        if not match:
            return wp_error(400, "rest_upload_invalid_disposition",
                            "Invalid Content-Disposition supplied. Content-Disposition needs to "
                            'be formatted as `attachment; filename="image.png"` or similar.')
        if content_type not in self.allowed_types:
            return wp_error(500, "rest_upload_sideload_error",
                            "Sorry, you are not allowed to upload this file type.")
        filename = unquote(match.group(1)).strip()
        name = re.sub(r"[^a-z0-9.]+", "-", filename.lower())
        media_id = self._new_id()
        slug = self._unique(request.query.get("slug") or name.rsplit(".", 1)[0])
        item = {
            "id": media_id, "slug": slug, "status": "inherit", "type": "attachment",
            "alt_text": request.query.get("alt_text", ""),
            "mime_type": content_type,
            "media_type": "image" if content_type.startswith("image/") else "file",
            "source_url": f"{self.url}/wp-content/uploads/2026/11/{name}",
            "link": f"{self.url}/{slug}/",
            "data": request.body,
        }
        self.media[media_id] = item
        return Answer(201, {k: v for k, v in item.items() if k != "data"})

    def _list_media(self, request: Request) -> Answer:
        slugs = set(filter(None, request.query.get("slug", "").split(",")))
        found = [{k: v for k, v in item.items() if k != "data"} for item in self.media.values()
                 if not slugs or item["slug"] in slugs]
        return Answer(200, found)

    def _create(self, request: Request) -> Answer:
        user = self._user(request)
        if isinstance(user, Answer):
            return user
        if user is None or not self.capabilities.get("edit_posts"):
            return wp_error(401 if user is None else 403, "rest_cannot_create",
                            "Sorry, you are not allowed to create posts as this user.")
        if not request.headers.get("content-type", "").startswith("application/json"):
            return wp_error(400, "rest_invalid_json", "Invalid JSON body passed.")
        data = request.json
        status = data.get("status", "draft")
        if status not in STATUSES:
            return wp_error(400, "rest_invalid_param", "Invalid parameter(s): status", params={
                "status": "status is not one of publish, future, draft, pending, and private."})
        if status == "publish" and not self.capabilities.get("publish_posts"):
            return wp_error(403, "rest_cannot_publish",
                            "Sorry, you are not allowed to publish posts as this user.")
        if not any(str(data.get(k, "")).strip() for k in ("title", "content", "excerpt")):
            return wp_error(400, "empty_content", "Content, title, and excerpt are empty.")
        featured = int(data.get("featured_media") or 0)
        if featured and featured not in self.media:
            return wp_error(400, "rest_invalid_featured_media", "Invalid featured media ID.")
        categories = data.get("categories") or [1]
        if any(c not in self.categories for c in categories):
            return wp_error(400, "rest_invalid_param", "Invalid parameter(s): categories",
                            params={"categories": "Invalid term ID."})
        post_id = self._new_id()
        slug = data.get("slug") or re.sub(r"[^a-z0-9]+", "-", data.get("title", "").lower())
        if status == "publish":  # drafts keep the slug they are given
            slug = self._unique(slug)
        post = {
            "id": post_id, "slug": slug, "status": status, "type": "post",
            "link": (f"{self.url}/2026/11/{slug}/" if status == "publish"
                     else f"{self.url}/?p={post_id}"),
            "title": {"raw": data.get("title", ""), "rendered": data.get("title", "")},
            "content": {"raw": data.get("content", ""), "rendered": data.get("content", "")},
            "excerpt": {"raw": data.get("excerpt", ""), "rendered": data.get("excerpt", "")},
            "featured_media": featured, "categories": categories,
        }
        self.posts[post_id] = post
        return Answer(201, post)

    def _list_posts(self, request: Request) -> Answer:
        user = self._user(request)
        if isinstance(user, Answer):
            return user
        status = request.query.get("status", "publish")
        if status != "publish" and user is None:
            return wp_error(400, "rest_invalid_param", "Invalid parameter(s): status",
                            params={"status": "Status is forbidden."})
        if request.query.get("context") == "edit" and user is None:
            return wp_error(401, "rest_forbidden_context",
                            "Sorry, you are not allowed to edit posts in this post type.")
        slugs = set(filter(None, request.query.get("slug", "").split(",")))
        found = [post for post in self.posts.values()
                 if (not slugs or post["slug"] in slugs)
                 and (post["status"] != "trash" if status == "any" else post["status"] == status)]
        return Answer(200, found)

    def _delete(self, request: Request) -> Answer:
        user = self._user(request)
        if isinstance(user, Answer):
            return user
        if user is None:
            return wp_error(401, "rest_cannot_delete",
                            "Sorry, you are not allowed to delete this post.")
        assert request.match is not None
        post = self.posts.get(int(request.match["id"]))
        if post is None:
            return wp_error(404, "rest_post_invalid_id", "Invalid post ID.")
        if request.query.get("force") in ("true", "1"):
            del self.posts[post["id"]]
            return Answer(200, {"deleted": True, "previous": post})
        if post["status"] == "trash":
            return wp_error(410, "rest_already_trashed", "The post has already been deleted.")
        post["status"] = "trash"
        post["slug"] = f"{post['slug']}__trashed"
        return Answer(200, post)

    def _category(self, request: Request) -> Answer:
        assert request.match is not None
        term_id = int(request.match["id"])
        if term_id not in self.categories:
            return wp_error(404, "rest_term_invalid", "Term does not exist.")
        return Answer(200, {"id": term_id, "name": self.categories[term_id],
                            "slug": self.categories[term_id].lower().replace(" ", "-")})
