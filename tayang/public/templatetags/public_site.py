"""``{% site_url %}``: a link to a page of the site being shown, by path or by host name.

Use it instead of ``{% url %}`` in every public template: ``{% site_url "public:article"
pk=card.article.item_id slug=card.article.slug %}``. It needs ``site`` (a
:class:`~tayang.public.sites.Site`) in the context, which every public view puts there.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_CHROME_PARTS = ("header", "footer")
_CHROME_KEPT = 512  # parts kept per process (a few per site)
# A site's header and footer as last rendered, by what they depend on: the site's state (every
# change to what a site shows, its organization's profile included, raises its generation —
# the page cache's own rule), how it is reached, and the page the navigation marks.
_chrome: dict[tuple[Any, ...], SafeString] = {}


@register.simple_tag(takes_context=True)
def site_url(context: template.Context, name: str, **kwargs: Any) -> str:
    return context["site"].url(name, **kwargs)


@register.simple_tag(takes_context=True)
def site_chrome(context: template.Context, part: str) -> SafeString:
    """``{% site_chrome "header" %}``: the site's header (name, navigation, search form) or
    footer (contact, feeds), rendered once per site state and process, not on every page.

    They were a third of an uncached page's template time, and the same on every page."""
    if part not in _CHROME_PARTS:
        raise template.TemplateSyntaxError(f"site_chrome: {part!r} bukan bagian situs")
    site = context["site"]
    nav = context.get("nav", "") if part == "header" else ""
    key = (part, site.organization.pk, site.generation, site.changed_at, site.by_host,
           get_script_prefix(), nav)
    html = _chrome.get(key)
    if html is None:
        html = mark_safe(render_to_string(f"public/_site_{part}.html",
                                          {"site": site, "nav": nav}))
        # A site never changed has no moment to tell it from another database's (a test's,
        # a restored one's) with the same ids: not remembered.
        if site.changed_at is not None:
            if len(_chrome) >= _CHROME_KEPT:
                _chrome.clear()
            _chrome[key] = html
    return html
