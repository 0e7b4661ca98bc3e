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

from typing import Any

from django.conf import settings
from django.urls import get_script_prefix
from django.utils.text import slugify

from tayang.orgs.models import Organization
from tayang.web.paths import path_to

HOST_URLCONF = "tayang.public.host_urls"
SCHEME = "https"  # a configured host name is an agency's public site: served over HTTPS only


def site_path(organization: Organization, name: str, *, by_host: bool, **kwargs: Any) -> str:
    """The path of a page of the site: at the root of its host, or under /situs/<org>/.
    Remembered (``tayang.web.paths``): a public page names 50–60 addresses of its site
    (navigation, categories, related articles, three to five web sizes of each photo), most of
    them the same on every page, and ``reverse`` was a seventh of an uncached article's time."""
    if by_host:
        return path_to(name, urlconf=HOST_URLCONF, **kwargs)
    return path_to(name, org=organization.slug, **kwargs)


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
