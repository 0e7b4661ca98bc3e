"""What the Facebook Page and Instagram connectors share beyond the Graph API calls.

Both are Meta accounts reached with one token through :class:`~.graph.Graph`; both keep no
idempotency key, so an interrupted attempt is found by listing the account's recent posts and
matching our text among those made since the publication's first attempt began (the journal's
``started_at``), with some slack for clocks that disagree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

from tayang.channels.connectors.base import ChannelError, Connector, ErrorKind
from tayang.channels.connectors.graph import Graph

# Clocks differ; a post made this long before our recorded start still counts as ours.
CLOCK_SLACK = timedelta(minutes=10)


class GraphConnector(Connector):
    """A Meta account posted to through the Graph API with one token from the channel."""

    platform: ClassVar[str]  # "Facebook", "Instagram": the name in every message
    renew: ClassVar[str]  # how the admin gets a new token, appended to AUTH messages
    account_field: ClassVar[str]  # the setting holding the account's id
    token_field: ClassVar[str]  # the secret holding the token
    incomplete: ClassVar[str]  # what the admin reads when either is missing

    @property
    def account_id(self) -> str:
        return str(self.config.get(self.account_field, "")).strip()

    @property
    def graph(self) -> Graph:
        token = str(self.secrets.get(self.token_field, "")).strip()
        if not self.account_id or not token:
            raise ChannelError(self.incomplete, kind=ErrorKind.CONFIG)
        return Graph(self.http, self.api_base, token, self.platform, self.renew)


def same_text(text: str) -> str:
    """Text as compared when matching a listed post against ours: whitespace collapsed, and
    without ``@`` (Instagram drops it from captions unless the token's user is an app
    admin)."""
    return re.sub(r"\s+", " ", text.replace("@", "")).strip()


def parse_time(value: Any) -> datetime | None:
    """Graph's ``2026-11-24T02:00:00+0000`` or an ISO timestamp of our own, aware."""
    if not value:
        return None
    text = str(value)
    for parse in (lambda v: datetime.strptime(v, "%Y-%m-%dT%H:%M:%S%z"), datetime.fromisoformat):
        try:
            moment = parse(text)
        except ValueError:
            continue
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return None


def matching(items: Iterable[dict[str, Any]], text: str, *, text_field: str, time_field: str,
             since: datetime | None) -> dict[str, Any] | None:
    """The first listed item whose text is ``text`` (compared by :func:`same_text`), among
    those made no earlier than :data:`CLOCK_SLACK` before ``since`` (any time without it)."""
    wanted = same_text(text)
    for item in items:
        moment = parse_time(item.get(time_field))
        if since and moment and moment < since - CLOCK_SLACK:
            continue
        if same_text(str(item.get(text_field) or "")) == wanted:
            return item
    return None
