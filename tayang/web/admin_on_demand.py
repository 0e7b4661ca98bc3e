"""Django's admin, loaded when it is first used rather than in every process.

Django's own ``AdminConfig`` imports every app's ``admin.py`` at start-up (its ModelAdmins and
their forms; +14 modules) and ``admin.site.urls`` makes the admin's 137 URL patterns with the
project's; together ~0.7 MB in every web process and in the worker, though only a superuser
ever opens ``/admin/`` (docs/performance.md, "Django's admin on demand"). Here:

* :class:`AdminConfig` (in ``INSTALLED_APPS`` instead of ``"django.contrib.admin"``) is
  Django's ``SimpleAdminConfig`` — no discovery at start-up — and runs the admin's system
  checks on the discovered site, as before;
* :func:`admin_urls` is the ``admin/`` entry of the URL table: the same prefix, application
  and namespace as ``admin.site.urls``, its patterns made (the apps' ``admin.py`` discovered
  first, :mod:`tayang.web.admin_urls`) at the first request under ``/admin/`` or the first
  ``reverse("admin:…")``.

Django's admin package itself (``django.contrib.admin.options`` and what it imports) still
loads with the app, whose models (``LogEntry``) import it.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin.apps import SimpleAdminConfig
from django.contrib.admin.checks import check_admin_app, check_dependencies
from django.core import checks
from django.urls import URLResolver
from django.urls.resolvers import RoutePattern

URLCONF = "tayang.web.admin_urls"


def discover() -> None:
    """Every app's ``admin.py`` registered with ``admin.site`` (once: imports are cached)."""
    from django.contrib import admin

    admin.autodiscover()


class AdminConfig(SimpleAdminConfig):
    """Django's admin app without the discovery at start-up."""

    def ready(self) -> None:
        checks.register(check_dependencies, checks.Tags.admin)
        checks.register(check_discovered_admin, checks.Tags.admin)


def check_discovered_admin(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """The admin's checks of every ModelAdmin, which need the ``admin.py`` modules loaded."""
    discover()
    return check_admin_app(app_configs, **kwargs)


class AdminResolver(URLResolver):
    """``admin/`` with the admin's patterns imported at first use.

    Django's ``URLResolver`` imports a URL configuration named by a string when its patterns
    are first read. The project's resolver reads every included resolver's patterns when it
    builds its reverse dictionaries (the first ``reverse`` of any page); this one adds nothing
    to them until loaded: it is namespaced, so the project's table only records where the
    ``admin`` namespace is, and a ``reverse("admin:…")`` reads the patterns then.
    """

    def _populate(self) -> None:
        if self.loaded:
            super()._populate()

    @property
    def loaded(self) -> bool:
        return "url_patterns" in self.__dict__  # Django's cached_property, once read


def admin_urls(route: str = "admin/") -> AdminResolver:
    """The URL table's entry for the admin, as ``path(route, admin.site.urls)`` makes it."""
    return AdminResolver(RoutePattern(route, is_endpoint=False), URLCONF,
                         app_name="admin", namespace="admin")
