"""The one public address of each organization's site, used by everything that links to it.

Pages (``<link rel="canonical">``, ``og:url``, JSON-LD), ``sitemap.xml``, ``robots.txt``, RSS
and Atom, the address recorded on the website publication, links in channel posts and the QR
code on notice-board posters all build their addresses here, so they agree whichever way the
request came in:

* the organization's **own host name**, over HTTPS, when one is set
  (``https://dinsos.jogjaprov.go.id/``);
* otherwise **Tayang's public address** (``TAYANG_PUBLIC_BASE_URL``, e.g.
  ``https://tayang.example.go.id``) followed by ``/situs/<org>/``.

Never the host a request happened to use: a site read under ``/situs/<org>/`` on an internal
name, through a proxy or by IP still names its public address.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.text import slugify

from tayang.named_urls import in_place_of
from tayang.orgs.models import Organization

HOST_URLCONF = "tayang.public.host_urls"
SCHEME = "https"  # a configured host name is an agency's public site: served over HTTPS only


# A key no row has: an address of a row (``pk``) is reversed once with it, and the row's own
# key written in its place. An article's body names three to five addresses of each photo
# (its web sizes): each was a ``reverse`` of its own, 40 % of rendering the body at publish.
_ANY_KEY = 2_147_483_647


def site_path(organization: Organization, name: str, *, by_host: bool, **kwargs: Any) -> str:
    """The path of a page of the site: at the root of its host, or under /situs/<org>/."""
    key = kwargs.get("pk")
    if type(key) is int and key >= 0 and key != _ANY_KEY:
        path = site_path(organization, name, by_host=by_host, **{**kwargs, "pk": _ANY_KEY})
        if path.count(str(_ANY_KEY)) == 1:  # (else the site's own name holds those digits)
            return path.replace(str(_ANY_KEY), str(key))
    # Reversed with the tables without views (tayang.named_urls): the same paths, and a
    # worker that posts an article's address loads none of the site's views.
    if by_host:
        return _reversed(name, tuple(kwargs.items()), in_place_of(HOST_URLCONF),
                         get_script_prefix())
    return _reversed(name, (("org", organization.slug), *kwargs.items()),
                     in_place_of(get_urlconf()), get_script_prefix())


@lru_cache(maxsize=2048)
def _reversed(name: str, kwargs: tuple[tuple[str, Any], ...], urlconf: str | None,
              prefix: str) -> str:
    """``reverse``, remembered: a public page names 50–60 addresses of its site (navigation,
    categories, related articles), most of them the same on every page, and ``reverse`` was
    a seventh of an uncached article's time. The URL configuration and the script prefix are
    part of the key; a test that swaps the URL configuration clears it (``setting_changed``)."""
    return reverse(name, kwargs=dict(kwargs) or None, urlconf=urlconf)


@receiver(setting_changed)
def _forget_addresses(*, setting: str, **kwargs: Any) -> None:
    if setting in ("ROOT_URLCONF", "FORCE_SCRIPT_NAME"):
        _reversed.cache_clear()


def installation_url() -> str:
    """Tayang's own public address (scheme and host, no trailing slash)."""
    return settings.TAYANG_PUBLIC_BASE_URL.rstrip("/")


def public_base_url(organization: Organization) -> str:
    """The address of the organization's site, ending in ``/``."""
    if organization.hostname:
        return f"{SCHEME}://{organization.hostname.strip().rstrip('.').lower()}/"
    return installation_url() + _root_relative(
        site_path(organization, "public:home", by_host=False)
    )


def canonical_url(organization: Organization, name: str, **kwargs: Any) -> str:
    """The absolute public address of a page of the organization's site."""
    path = site_path(organization, name, by_host=True, **kwargs)
    return public_base_url(organization) + _root_relative(path).lstrip("/")


def _root_relative(path: str) -> str:
    """``path`` without the script prefix Tayang may run under: addresses are built on the
    public base URL, which already says where Tayang is reached."""
    prefix = get_script_prefix()
    return "/" + path.removeprefix(prefix) if prefix != "/" and path.startswith(prefix) else path


def article_slug(title: str) -> str:
    """The slug of an article's address, from its title."""
    return slugify(title)[:100].strip("-") or "berita"


def article_address(item: Any, title: str) -> str:
    """The address of an item's article titled ``title`` (the item's own title when the
    article has none), as recorded on its website publication (at most 500 characters)."""
    return address_of_article(item, article_slug(title or f"Berita #{item.pk}"))


def address_of_article(item: Any, slug: str) -> str:
    return canonical_url(item.organization, "public:article", pk=item.pk, slug=slug)[:500]
