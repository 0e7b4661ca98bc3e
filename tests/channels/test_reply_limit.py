"""Every reply an outbound call reads is bounded before it is allocated (tayang/reply_limit.py).

Real local servers play the broken or hostile server an admin's address may point at: a
``Content-Length`` of gigabytes, an endless chunked body, a gzip bomb, a brotli body nobody
asked for, JSON nested past Python's recursion limit. The ceiling here is 1 MB.
"""

from __future__ import annotations

import gzip
import json
import socket
import time
import zlib
from collections.abc import Iterator

import brotli
import pytest

from tayang import outbound
from tayang.channels import delivery
from tayang.channels.connectors.base import ChannelError, ErrorKind
from tayang.channels.connectors.http import body_of, json_of, send
from tayang.channels.connectors.wordpress import WordPress
from tayang.items.models import Publication
from tests.app.world import make_world
from tests.channels.fakes.floods import MB, Flood, declared, gzip_bomb, gzipped
from tests.channels.fakes.server import Answer, FakeApi
from tests.channels.fakes.wordpress import PASSWORD, USERNAME, FakeWordPress
from tests.channels.journal import DictJournal
from tests.channels.posts import post
from tests.channels.test_delivery import at_publish_step, board, publish

LIMIT = MB


@pytest.fixture
def limited(settings):
    """The local fakes stand for an intranet server the operator allowed; a 1 MB ceiling."""
    settings.TAYANG_OUTBOUND_ALLOW = ["127.0.0.1"]
    settings.TAYANG_OUTBOUND_REPLY_MAX_BYTES = LIMIT
    return settings


@pytest.fixture
def api() -> Iterator[FakeApi]:
    with FakeApi() as fake:
        yield fake


def answering(api: FakeApi, answer: Answer) -> str:
    api.route("GET", "/reply", lambda request: answer)
    api.route("POST", "/reply", lambda request: answer)
    return f"{api.url}/reply"


def small_buffers() -> outbound.GuardedTransport:
    """A client socket with a small receive buffer, so what the server manages to write
    before the client hangs up is close to what the client read."""
    return outbound.GuardedTransport(
        socket_options=[(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)])


def settled(flood: Flood) -> int:
    """What the server wrote, once it noticed the client was gone."""
    seen = -1
    while seen != flood.sent:
        seen = flood.sent
        time.sleep(0.2)
    return seen


# --- the transport -----------------------------------------------------------------------------


def test_a_declared_length_over_the_limit_is_refused_before_the_body(limited, api):
    # The body never comes: reading it would wait out the timeout. Refused at the headers.
    url = answering(api, Answer(200, b"", headers=declared(10 * 1024 * MB)))
    started = time.monotonic()
    with outbound.client(5) as http, pytest.raises(outbound.ReplyTooLarge) as caught:
        http.get(url)
    assert time.monotonic() - started < 2
    assert "Content-Length 10737418240" in str(caught.value)


def test_an_endless_chunked_reply_stops_at_the_limit(limited, api):
    flood = Flood(cap=64 * MB)
    url = answering(api, Answer(200, flood))
    with outbound.client(5, transport=small_buffers()) as http, \
            pytest.raises(outbound.ReplyTooLarge):
        http.get(url)
    # The connection was closed at the ceiling: the server could write little more than
    # the client read, never the 64 MB it had to give.
    assert settled(flood) < LIMIT + 8 * MB


def test_a_gzip_bomb_stops_at_the_decoded_limit(limited, api):
    bomb = gzip_bomb(64 * MB)
    assert len(bomb) < LIMIT / 8  # what crosses the network is far below the ceiling
    url = answering(api, Answer(200, bomb, headers={"Content-Encoding": "gzip"}))
    with outbound.client(5) as http, pytest.raises(outbound.ReplyTooLarge):
        http.get(url)


def test_a_reply_up_to_the_limit_is_read_whole(limited, api):
    exact = b'"' + b"x" * (LIMIT - 2) + b'"'
    with outbound.client(5) as http:
        assert http.get(answering(api, Answer(200, exact))).json() == "x" * (LIMIT - 2)
        api.routes.clear()
        # Chunked (no length said beforehand), the same.
        assert len(http.get(answering(api, Answer(200, iter([exact[:1000], exact[1000:]]))))
                   .content) == LIMIT
        api.routes.clear()
        with pytest.raises(outbound.ReplyTooLarge):
            http.get(answering(api, Answer(200, iter([exact, b" "]))))


def test_compressed_replies_are_decoded_within_the_limit(limited, api):
    answer = {"id": 7, "text": "Penyaluran bantuan sosial " * 1000}
    with outbound.client(5) as http:
        response = http.get(answering(api, Answer(200, gzipped(answer),
                                                  headers={"Content-Encoding": "gzip"})))
        assert response.json() == answer
        assert "content-encoding" not in response.headers  # decoded once, here
        api.routes.clear()
        near = {"padding": " " * (LIMIT - 20)}  # 1 MB decoded, a few KB on the wire
        assert http.get(answering(api, Answer(200, gzipped(near), headers={
            "Content-Encoding": "gzip"}))).json() == near
    [request, *_] = api.requests
    assert request.headers["accept-encoding"] == "gzip, deflate"


@pytest.mark.parametrize("coding, pack", [
    ("deflate", zlib.compress),  # zlib-wrapped, as the standard says
    ("deflate", lambda data: zlib.compress(data, wbits=-zlib.MAX_WBITS)),  # raw, as some send
    ("gzip, gzip", lambda data: gzip.compress(gzip.compress(data))),  # applied twice
])
def test_every_coding_asked_for_is_decoded_and_bounded(limited, api, coding, pack):
    answer = {"id": 7, "text": "Penyaluran bantuan sosial " * 1000}
    with outbound.client(5) as http:
        assert http.get(answering(api, Answer(200, pack(json.dumps(answer).encode()), headers={
            "Content-Encoding": coding}))).json() == answer
        api.routes.clear()
        bomb = pack(b" " * 64 * MB)
        assert len(bomb) < LIMIT
        with pytest.raises(outbound.ReplyTooLarge):
            http.get(answering(api, Answer(200, bomb, headers={"Content-Encoding": coding})))


def test_a_coding_tayang_did_not_ask_for_stays_encoded(limited, api):
    """Brotli inflates a thousand times more than gzip: never decoded, so never a bomb."""
    bomb = brotli.compress(b" " * 64 * MB)
    url = answering(api, Answer(200, bomb, headers={"Content-Encoding": "br"}))
    with outbound.client(5) as http:
        response = http.get(url)
    assert response.content == bomb and len(bomb) < 64 * 1024
    assert body_of(response) is None  # to a connector: an answer it cannot read


# --- what an admin reads -----------------------------------------------------------------------


def test_a_reply_too_large_is_said_in_the_admins_words(limited, api):
    url = answering(api, Answer(201, Flood()))
    with outbound.client(5) as http, pytest.raises(ChannelError) as caught:
        send(http, "POST", url, platform="WordPress", json={"title": "x"})
    error = caught.value
    assert error.message.startswith("Jawaban WordPress terlalu besar (lebih dari 1 MB)")
    assert "sambungan gagal" not in error.message
    assert error.kind == ErrorKind.SERVER and error.retryable
    assert error.maybe_posted  # the POST went out: the outbox looks before sending again
    with outbound.client(5) as http, pytest.raises(ChannelError) as caught:
        send(http, "GET", url, platform="WordPress")
    assert not caught.value.maybe_posted  # a read made nothing


def test_json_nested_past_the_recursion_limit_is_an_unreadable_answer(limited, api):
    url = answering(api, Answer(200, b"[" * 200_000))
    with outbound.client(5) as http:
        response = send(http, "GET", url, platform="CKAN")
        assert body_of(response) is None
        with pytest.raises(ChannelError) as caught:
            json_of(response, platform="CKAN")
    assert caught.value.message.startswith("Jawaban CKAN tidak dapat dibaca")


def test_a_compressed_body_that_does_not_inflate_is_an_unreadable_answer(limited, api):
    broken = b"\x1f\x8b\x08\x00" + b"not deflate at all" * 10  # a gzip header, then noise
    url = answering(api, Answer(201, broken, headers={"Content-Encoding": "gzip"}))
    with outbound.client(5) as http, pytest.raises(ChannelError) as caught:
        send(http, "POST", url, platform="CKAN", json={})
    assert caught.value.message.startswith("Jawaban CKAN tidak dapat dibaca")
    assert caught.value.maybe_posted


def test_wordpress_publish_meets_a_flood(limited):
    with FakeWordPress() as wordpress, outbound.client(5) as http:
        wordpress.fail("POST", r"/posts$", 201, Flood(), after_handler=True)
        connector = WordPress({"site_url": wordpress.url, "username": USERNAME},
                              {"application_password": PASSWORD}, http)
        with pytest.raises(ChannelError) as caught:
            connector.publish(post(), DictJournal())
        assert "terlalu besar" in caught.value.message and caught.value.maybe_posted
        assert len(wordpress.posts) == 1  # made, as far as WordPress knows


# --- the outbox --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_outbox_records_a_flood_as_a_failure_and_never_posts_twice(limited, papan):
    world = make_world("dinsos", "dinsos-uji")
    board(world)
    item = at_publish_step(world)
    publish(world, item)
    publication = Publication.objects.get(item=item, channel="papan")
    papan.fail("POST", "/posts", 201, Flood(), after_handler=True)  # kept, answered with a flood
    assert delivery.deliver(publication.pk) == "retrying"
    publication.refresh_from_db()
    assert publication.state == Publication.State.RETRYING
    assert "terlalu besar" in publication.error
    assert publication.error_kind == ErrorKind.SERVER
    assert publication.journal["_uncertain"] is True
    assert delivery.deliver(publication.pk, now=publication.due_at) == "published"
    assert len(papan.posts) == 1
    assert len(papan.calls("POST", "/posts")) == 1  # found, not sent again


class Trickle:
    """A chunked body that never ends, a few bytes every ``pause`` seconds: each read arrives
    well within the client's timeout."""

    def __init__(self, pause: float = 0.1) -> None:
        self.pause = pause
        self.sent = 0

    def __iter__(self) -> Trickle:
        return self

    def __next__(self) -> bytes:
        if self.sent > 10_000:  # a forgotten deadline ends the test, not the suite
            raise StopIteration
        time.sleep(self.pause)
        self.sent += 1
        return b"[" if self.sent == 1 else b"0,"


def test_a_reply_trickling_in_is_cut_off_at_the_deadline(limited, api):
    limited.TAYANG_OUTBOUND_REPLY_SECONDS = 1.0
    url = answering(api, Answer(200, Trickle()))
    started = time.monotonic()
    with outbound.client(5) as http, pytest.raises(outbound.ReplyTooSlow):
        http.get(url)
    assert 1.0 <= time.monotonic() - started < 3.0  # not the read timeout, not forever
    # For a connector it is a network failure, retried; a publish may have happened.
    with outbound.client(5) as http, pytest.raises(ChannelError) as caught:
        send(http, "POST", url, platform="WordPress")
    assert caught.value.kind is ErrorKind.NETWORK and caught.value.retryable
    assert caught.value.maybe_posted
