"""What a site shows alike on many pages, read once per state of the site in each process.

Every change to what a site shows raises its generation and time of change in one row
(:class:`~tayang.public.models.SiteState`, the page cache's own rule), and every public
request reads that row first (:func:`tayang.public.sites.site_state`). So anything read from
the site's articles for a given state is the same until the state changes: the related links
of its 13,500 article pages (the latest articles) and the category counts of its lists are
kept here by ``(what, organization, generation, changed_at)``. A publish or a withdrawal
raises the state in its own transaction; the next request of any process reads the new state
and so misses here: nothing is shown late. A site never changed has no moment to tell it
from another database's with the same ids (a test's, a restored one's): not kept, as
:func:`tayang.public.sites._organization` does not keep its organization.

Only plain, never-changed values are kept (tuples, and article rows the views only read).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from tayang.public.sites import Site

_KEPT = 1024  # entries per process: a few per site, a province has dozens of sites

type Key = tuple[str, int, int, datetime]

_kept: dict[Key, Any] = {}


def remembered[T](what: str, site: Site, read: Callable[[], T]) -> T:
    """``read()`` for this state of the site, read once per process while the state lasts."""
    if site.changed_at is None:
        return read()
    key = (what, site.organization.pk, site.generation, site.changed_at)
    try:
        return _kept[key]
    except KeyError:
        pass
    value = read()
    if len(_kept) >= _KEPT:
        _kept.clear()  # old states are never asked for again: dropped together
    _kept[key] = value
    return value


def forget() -> None:
    """Drop everything kept (tests that reuse ids and moments)."""
    _kept.clear()
