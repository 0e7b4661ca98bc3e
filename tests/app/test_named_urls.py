"""The URL tables without views (``tayang.named_urls``) name the project's very routes.

Messages, posts and records built by the worker reverse their addresses with these tables so
that it never imports the views (docs/performance.md, "The worker's imports"). A page moved in
``tayang/*/urls.py`` and not here fails these tests, never a sent link.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from django.urls import URLResolver, get_resolver, reverse, set_script_prefix

from tayang import named_urls
from tayang.orgs.models import Organization
from tayang.public.addresses import canonical_url, site_path

SAMPLES = {"int": 2147483647, "slug": "dinas-kominfo-2", "str": "AB-12.x", "path": "a/b"}


def routes(patterns: Sequence[Any], prefix: str = "", namespace: str = "") -> Iterator[
        tuple[str, str]]:
    """(namespaced name, whole route) of every named pattern, in the order ``reverse`` tries."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif pattern.name:
            yield f"{namespace}{pattern.name}", prefix + str(pattern.pattern)


def table(urlconf: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, route in routes(get_resolver(urlconf).url_patterns):
        found.setdefault(name, []).append(route)
    return found


def arguments(route: str) -> dict[str, Any]:
    return {name: SAMPLES[kind] for kind, name in re.findall(r"<(\w+):(\w+)>", route)}


PAIRS = [("tayang.urls", named_urls.PROJECT), ("tayang.public.host_urls", named_urls.HOST)]


@pytest.mark.parametrize(("real", "copy"), PAIRS)
def test_each_name_of_a_copy_is_the_real_tables_one_route(real, copy):
    assert named_urls.STANDS_FOR[real] == copy
    project, named = table(real), table(copy)
    assert named, copy
    for name, route in named.items():
        assert project.get(name) == route, name  # same name, same single route


@pytest.mark.parametrize(("real", "copy"), PAIRS)
@pytest.mark.parametrize("prefix", ["/", "/tayang/"])
def test_a_copy_reverses_to_the_real_tables_paths(real, copy, prefix):
    set_script_prefix(prefix)
    try:
        for name, [route] in table(copy).items():
            kwargs = arguments(route)
            assert reverse(name, kwargs=kwargs, urlconf=copy) == reverse(
                name, kwargs=kwargs, urlconf=real), name
    finally:
        set_script_prefix("/")


def test_a_copy_stands_in_only_where_its_table_is_not_loaded(settings, monkeypatch):
    # A web process has the real tables loaded (tayang/wsgi.py): it reverses with them.
    assert "tayang.urls" in sys.modules
    assert named_urls.in_place_of(None) == "tayang.urls"
    # A worker has not.
    for real in named_urls.STANDS_FOR:
        monkeypatch.delitem(sys.modules, real, raising=False)
    assert named_urls.in_place_of(None) == named_urls.PROJECT
    assert named_urls.in_place_of("tayang.urls") == named_urls.PROJECT
    assert named_urls.in_place_of("tayang.public.host_urls") == named_urls.HOST
    assert named_urls.in_place_of("bench.prefix_urls") == "bench.prefix_urls"
    settings.ROOT_URLCONF = "tayang.public.host_urls"  # another table in force
    assert named_urls.in_place_of(None) == named_urls.HOST
    assert named_urls.reverse("public:article-short", pk=5) == "/berita/5/"


def test_the_links_the_worker_writes_are_the_projects():
    organization = Organization(slug="dpmptsp-gunungkidul", hostname="")
    assert named_urls.reverse("workspace:item", org=organization.slug, pk=12) == reverse(
        "workspace:item", kwargs={"org": organization.slug, "pk": 12})
    assert named_urls.reverse("notify:preferences") == reverse("notify:preferences")
    assert site_path(organization, "public:home", by_host=False) == reverse(
        "public:home", kwargs={"org": organization.slug})
    assert canonical_url(organization, "public:article-short", pk=3).endswith(
        f"/situs/{organization.slug}/berita/3/")


def test_building_the_workers_addresses_imports_no_view():
    # In a process of its own: the test process has long loaded the project's URL table.
    code = textwrap.dedent(
        """
        import sys
        import django
        django.setup()
        from types import SimpleNamespace
        from tayang.channels.post import article_link
        from tayang.decisions.links import link_address, pin_page_address
        from tayang.notify import compose, dispatch
        from tayang.orgs.models import Organization
        from tayang.public.addresses import public_base_url
        organization = Organization(slug="dinas-kominfo", hostname="")
        item = SimpleNamespace(organization=organization, pk=7)
        print(compose.item_path(item), link_address("t"), pin_page_address(),
              dispatch._manage_path(SimpleNamespace(organization=organization)),
              article_link(item), public_base_url(organization), file=sys.stderr)
        loaded = [name for name in sys.modules if name in ("tayang.urls",
                  "tayang.public.host_urls", "tayang.public.urls")
                  or name.startswith("tayang.") and ".views" in name]
        print(",".join(sorted(loaded)))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tayang.settings",
             "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
    )
    assert result.returncode == 0, result.stderr
    assert "/kerja/dinas-kominfo/konten/7/" in result.stderr
    assert "/situs/dinas-kominfo/berita/7/" in result.stderr
    assert result.stdout.strip() == ""
