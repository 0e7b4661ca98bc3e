"""How often one address may open links and try PINs: a fixed window counted in the cache.

The PIN's own lock (five wrong tries) protects each person; this protects the page from one
device trying many tokens or many people's PINs. Counted in Django's cache (per process by
default, shared through Redis in production: ``TAYANG_REDIS_URL``). The address is
``REMOTE_ADDR``: behind a reverse proxy that must be the client's address (set by the proxy
module of the web server), never a header anyone can send.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest


@dataclass(frozen=True)
class Limit:
    name: str
    allowed: int
    window_seconds: int


OPENING = Limit("buka", 30, 10 * 60)  # link pages opened with a token
PIN_TRIES = Limit("pin", 10, 10 * 60)  # PINs typed, right or wrong


def client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(limit: Limit, address: str, window: int) -> str:
    return f"tayang:decisions:{limit.name}:{address}:{window}"


def wait_minutes(limit: Limit, request: HttpRequest) -> int:
    """Minutes to wait when the address has used up ``limit`` in this window, else 0."""
    now = time.time()
    window = int(now // limit.window_seconds)
    used = cache.get(_key(limit, client_address(request), window), 0)
    if used < limit.allowed:
        return 0
    return max(1, math.ceil(((window + 1) * limit.window_seconds - now) / 60))


def count(limit: Limit, request: HttpRequest) -> None:
    """One more use of ``limit`` by the request's address."""
    window = int(time.time() // limit.window_seconds)
    key = _key(limit, client_address(request), window)
    if not cache.add(key, 1, limit.window_seconds + 5):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, limit.window_seconds + 5)
