"""``reverse``, remembered: the addresses a request names, worked out once per shape.

``reverse`` walks the URL table and quotes every argument: 12–21 µs a call, and an action's
POST made three (the redirect to the item, the link of each notification it writes), 1.4 % of
the flow's CPU (issue 16, ``docs/performance.md``). Here an address is reversed once per
name, arguments, URL configuration and script prefix — the last two are part of the key, so
a site served under its own host (``request.urlconf``) or a script name gets its own — and a
test that swaps the URL configuration clears what was kept (``setting_changed``).

A row's key (``pk``) would make every address new: it is reversed once with a key no row has,
and the row's own key written in its place (unless the rest of the address holds those digits
too: then ``reverse`` itself).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponseRedirect
from django.urls import get_script_prefix, get_urlconf, reverse

from tayang.named_urls import in_place_of

_ANY_KEY = 2_147_483_647
_ANY_KEY_TEXT = str(_ANY_KEY)


def path_to(name: str, *, urlconf: str | None = None, **kwargs: Any) -> str:
    """``reverse(name, kwargs=kwargs, urlconf=urlconf)``, remembered (see the module).
    ``urlconf`` None: the request's, as ``reverse`` takes it. In a process that has not loaded
    the real table (a worker), reversed with its copy without views (:mod:`tayang.named_urls`):
    the same path."""
    urlconf = in_place_of(urlconf or get_urlconf())
    key = kwargs.get("pk")
    if type(key) is int and key >= 0 and key != _ANY_KEY:
        kwargs["pk"] = _ANY_KEY
        path = _reversed(name, tuple(kwargs.items()), urlconf, get_script_prefix())
        if path.count(_ANY_KEY_TEXT) == 1:
            return path.replace(_ANY_KEY_TEXT, str(key))
        kwargs["pk"] = key
    return _reversed(name, tuple(kwargs.items()), urlconf, get_script_prefix())


def redirect_to(name: str, **kwargs: Any) -> HttpResponseRedirect:
    """``redirect(name, **kwargs)`` for a named page, its address remembered."""
    return HttpResponseRedirect(path_to(name, **kwargs))


@lru_cache(maxsize=2048)
def _reversed(name: str, kwargs: tuple[tuple[str, Any], ...], urlconf: str | None,
              prefix: str) -> str:
    # ``prefix`` keys the cache only: ``reverse`` reads the thread's own script prefix.
    return reverse(name, kwargs=dict(kwargs) or None, urlconf=urlconf)


@receiver(setting_changed)
def _forget(*, setting: str, **kwargs: Any) -> None:
    if setting in ("ROOT_URLCONF", "FORCE_SCRIPT_NAME"):
        _reversed.cache_clear()
