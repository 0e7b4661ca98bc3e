"""What the browser holding a link page has shown so far, kept in its session.

After the token is posted the session remembers *which link* was opened (never the token);
after the right PIN it remembers that the link was unlocked, for a few minutes. Every later
page checks the link itself again: the session only spares the person typing the PIN twice.
The session key changes when the PIN is accepted, so a session id seen before the PIN is of
no use afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.http import HttpRequest
from django.utils import timezone

from tayang.decisions.models import DecisionLink

SESSION_KEY = "tayang_decision"
DONE_KEY = "tayang_decision_done"
UNLOCKED_FOR = timedelta(minutes=15)


@dataclass(frozen=True)
class Visit:
    link_id: int
    unlocked_at: datetime | None

    def unlocked(self, now: datetime) -> bool:
        return self.unlocked_at is not None and now < self.unlocked_at + UNLOCKED_FOR


def opened(request: HttpRequest, link: DecisionLink) -> None:
    """A valid token was posted: remember its link (a new link replaces an older one)."""
    request.session[SESSION_KEY] = {"link": link.pk, "unlocked": None}
    request.session.pop(DONE_KEY, None)


def current(request: HttpRequest) -> Visit | None:
    data = request.session.get(SESSION_KEY)
    if not isinstance(data, dict) or not isinstance(data.get("link"), int):
        return None
    unlocked = data.get("unlocked")
    return Visit(data["link"], datetime.fromisoformat(unlocked) if unlocked else None)


def unlock(request: HttpRequest, now: datetime | None = None) -> None:
    """The right PIN was typed: a fresh session key, and the link unlocked for a while."""
    data = dict(request.session.get(SESSION_KEY) or {})
    data["unlocked"] = (now or timezone.now()).isoformat()
    request.session.cycle_key()
    request.session[SESSION_KEY] = data


def finish(request: HttpRequest, summary: dict[str, object]) -> None:
    """The decision was made: the link is forgotten, what was done is shown once."""
    request.session.pop(SESSION_KEY, None)
    request.session[DONE_KEY] = summary


def take_summary(request: HttpRequest) -> dict[str, object] | None:
    return request.session.pop(DONE_KEY, None)
