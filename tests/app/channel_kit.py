"""Channels for the workspace tests: a small automatic connector with limits, and channel rows.

The real connectors talk to real platforms (and some are still being written); these tests only
need a channel that is automatic, has a caption limit and can be withdrawn. ``kaca_connector``
puts :class:`Kaca` in the registry for one test::

    def test_something(kaca_connector, world):
        channel = add_kaca(world.org)
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tayang.channels import registry
from tayang.channels.connectors.base import Connector, Delivered, Journal, Limits, Post
from tayang.channels.models import Channel
from tayang.orgs.models import Organization

KACA_CAPTION_MAX = 300


class Kaca(Connector):
    """A pretend platform: automatic, captions of at most 300 characters, can withdraw."""

    kind = "kaca"
    label = "Kaca Uji"
    limits = Limits(caption_max=KACA_CAPTION_MAX)
    can_withdraw = True

    def publish(self, post: Post, journal: Journal) -> Delivered:  # pragma: no cover
        raise NotImplementedError("the workspace tests never deliver")


@pytest.fixture
def kaca_connector(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[Kaca]]:
    monkeypatch.setitem(registry.CONNECTORS, Kaca.kind, f"{__name__}.Kaca")
    registry.connector_class.cache_clear()
    yield Kaca
    registry.connector_class.cache_clear()  # the registry entry goes with the monkeypatch


def add_manual(org: Organization, *, key: str = "manual-wa", name: str = "Saluran WhatsApp",
               **fields: object) -> Channel:
    return Channel.objects.create(organization=org, key=key, kind="manual", name=name,
                                  **fields)


def add_kaca(org: Organization, *, key: str = "kaca", name: str = "Papan Kaca",
             **fields: object) -> Channel:
    return Channel.objects.create(organization=org, key=key, kind=Kaca.kind, name=name,
                                  **fields)
