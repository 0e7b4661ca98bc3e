"""The one way Tayang talks to other servers (platforms' APIs, notification gateways).

Every outbound HTTP request — publishing to a channel, sending a Telegram or WhatsApp message —
goes through a client made here, so that what may be reached, how long a call may take and how
Tayang introduces itself are decided in one place.
"""

from __future__ import annotations

import httpx
from django.conf import settings

USER_AGENT = "Tayang/0.1"


def client(timeout: float | None = None, *, connect: float = 10.0) -> httpx.Client:
    """An HTTP client for outbound calls; use it as a context manager."""
    total = settings.TAYANG_CHANNEL_TIMEOUT if timeout is None else timeout
    return httpx.Client(
        timeout=httpx.Timeout(total, connect=connect),
        headers={"User-Agent": USER_AGENT},
    )
