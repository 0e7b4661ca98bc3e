"""The pages background work links to, as URL tables without the views behind them.

A worker writes addresses into what it sends: a notification's link to the item
(``workspace:item``), its footer (``notify:preferences``), a decision link (``decisions:open``),
a channel post's link to the article (``public:article-short``). ``reverse`` on the project's
own URLconf imports every view module to build its table: 182 modules, 5 MB of a worker that
serves no page (docs/performance.md, "The worker's imports"). These tables name the same
routes under the same names and namespaces, with a placeholder where the view would be, so
``reverse`` builds the very same paths from them without importing a view. The tests compare
them route for route with the project's (``tests/app/test_named_urls.py``): a page that moves
fails there, never in a sent message.

* :data:`PROJECT` stands for :mod:`tayang.urls` (pages under Tayang's own host),
* :data:`HOST` for :mod:`tayang.public.host_urls` (a site on its organization's host name).
"""

from __future__ import annotations

import sys
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import get_urlconf
from django.urls import reverse as django_reverse

PROJECT = "tayang.named_urls.project"
HOST = "tayang.named_urls.host"
# Each real URLconf and the table that stands for it.
STANDS_FOR = {"tayang.urls": PROJECT, "tayang.public.host_urls": HOST}


def reverse(name: str, **kwargs: Any) -> str:
    """``django.urls.reverse(name, kwargs=kwargs)``, the same path, without the views."""
    return django_reverse(name, kwargs=kwargs or None, urlconf=in_place_of(get_urlconf()))


def in_place_of(urlconf: str | None) -> str:
    """The URLconf to reverse with where ``urlconf`` (None: the settings') is in force.

    This package's copy in place of the project's own or of the host names' in a process
    that has not loaded the real one (a worker); the real one where it is loaded (a web
    process loads it at start, ``tayang/wsgi.py``: a copy beside it would cost ~130 KB for
    the same paths). Any other table (a test's, a benchmark's) as it is."""
    in_force = urlconf or settings.ROOT_URLCONF
    if in_force in sys.modules:
        return in_force
    return STANDS_FOR.get(in_force, in_force)


def not_served(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Where the view would be: these tables only build addresses, no request reaches them."""
    raise Http404
