"""A small platform for the delivery tests: its connector and its fake API.

"Papan" keeps posts by an idempotency key it is given (like WordPress slugs or CKAN names),
so :meth:`find` can look an interrupted attempt up; ``findable=False`` makes a connector that
cannot (like Telegram's Bot API).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tayang.channels import registry
from tayang.channels.connectors.base import (
    CannotFind,
    ChannelError,
    ConfigField,
    Connector,
    Delivered,
    ErrorKind,
    Journal,
    Limits,
    Post,
)
from tayang.channels.connectors.http import json_of, send, status_error
from tests.channels.fakes.server import Answer, FakeApi, Request


class PapanApi(FakeApi):
    def __init__(self) -> None:
        super().__init__()
        self.posts: dict[str, dict] = {}
        self.route("POST", r"/posts", self._create)
        self.route("GET", r"/posts", self._find)
        self.route("DELETE", r"/posts/(?P<id>\d+)", self._delete)

    def _authorized(self, request: Request) -> bool:
        return request.headers.get("authorization") == "Bearer rahasia"

    def _create(self, request: Request) -> Answer:
        if not self._authorized(request):
            return Answer(401, {"error": "token expired"})
        body = request.json
        if body["key"] in self.posts:
            return Answer(409, {"error": "duplicate key"})
        post = {"id": str(len(self.posts) + 1), **body}
        self.posts[body["key"]] = post
        return Answer(201, post)

    def _find(self, request: Request) -> Answer:
        post = self.posts.get(request.query.get("key", ""))
        return Answer(200, [post] if post else [])

    def _delete(self, request: Request) -> Answer:
        for key, post in list(self.posts.items()):
            if post["id"] == request.match["id"]:
                del self.posts[key]
                return Answer(204, b"")
        return Answer(404, {"error": "not found"})


class Papan(Connector):
    kind = "papan"
    label = "Papan Uji"
    config_fields = (ConfigField("board", "Papan"), ConfigField("token", "Token", secret=True))
    limits = Limits(caption_max=280, max_photos=5)
    can_withdraw = True

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.secrets.get('token', '')}"}

    def publish(self, post: Post, journal: Journal) -> Delivered:
        response = send(self.http, "POST", f"{self.api_base}/posts", platform=self.label,
                        headers=self._headers(),
                        json={"key": post.key, "text": post.text, "board": self.config["board"],
                              "photos": [p.filename for p in post.photos]})
        if response.status_code != 201:
            raise status_error(response, platform=self.label)
        body = json_of(response, platform=self.label)
        return Delivered(body["id"], f"https://papan.test/{body['id']}")

    def find(self, post: Post, journal: Journal) -> Delivered | None:
        response = send(self.http, "GET", f"{self.api_base}/posts", platform=self.label,
                        params={"key": post.key})
        found = json_of(response, platform=self.label)
        return Delivered(found[0]["id"], f"https://papan.test/{found[0]['id']}") if found else None

    def withdraw(self, delivered: Delivered, journal: Journal) -> None:
        response = send(self.http, "DELETE", f"{self.api_base}/posts/{delivered.external_id}",
                        platform=self.label, headers=self._headers())
        if response.status_code != 204:
            raise status_error(response, platform=self.label)


class BlindPapan(Papan):
    kind = "papan-buta"
    label = "Papan Tanpa Pencarian"

    def find(self, post: Post, journal: Journal) -> Delivered | None:
        raise CannotFind


class Broken(Papan):
    kind = "rusak"
    label = "Papan Rusak"

    def publish(self, post: Post, journal: Journal) -> Delivered:
        raise ChannelError("Papan menolak.", kind=ErrorKind.REJECTED)


class RenewingPapan(Papan):
    """Renews its token on the way, as OAuth platforms (X, YouTube) do."""

    kind = "papan-segar"
    label = "Papan Token Segar"

    def publish(self, post: Post, journal: Journal) -> Delivered:
        journal.record("refreshed_secrets", {"token": "rahasia", "refresh": "segar-2"})
        self.refreshed_secrets = {"token": "rahasia", "refresh": "segar-2"}
        return super().publish(post, journal)


@contextmanager
def registered(*classes: type[Connector]) -> Iterator[None]:
    saved = dict(registry.CONNECTORS)
    for cls in classes:
        registry.CONNECTORS[cls.kind] = f"{cls.__module__}.{cls.__qualname__}"
    registry.connector_class.cache_clear()
    try:
        yield
    finally:
        registry.CONNECTORS.clear()
        registry.CONNECTORS.update(saved)
        registry.connector_class.cache_clear()


@pytest.fixture
def papan(settings):
    """The fake Papan API running, its connectors registered, its address configured."""
    api = PapanApi().start()
    settings.TAYANG_CHANNEL_API_BASES = {"papan": api.url, "papan-buta": api.url,
                                         "rusak": api.url, "papan-segar": api.url}
    settings.TAYANG_CHANNEL_TIMEOUT = 1.5
    with registered(Papan, BlindPapan, Broken, RenewingPapan):
        yield api
    api.stop()
