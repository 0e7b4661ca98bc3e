"""The published lock of the public pages' written-out statements: the site's articles whose
website publication is published (``a`` is the article). Its one parameter is the
organization (:func:`site_parameters`).

The channel and the state are the code's own constants, written into the text: as
parameters, PostgreSQL's plan for any value of them (its generic plan) looked dearer than the
plan for the values given, so it planned a list's page afresh at every execution of the
prepared statement (0.5 ms), where with them written in it keeps one plan (0.013 ms of
planning; docs/performance.md). Its own module, so that every statement's module can use it:
the article page's (``queries``), the lists' (``listed``) and the rare searches'
(``search_collected``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tayang.items.models import Publication
from tayang.items.records import WEBSITE_CHANNEL
from tayang.public.statements import literal

if TYPE_CHECKING:
    from tayang.public.sites import Site

ON_SITE = (
    "a.organization_id = %s AND EXISTS (SELECT 1 FROM items_publication p "
    f"WHERE p.id = a.publication_id AND p.channel = '{literal(WEBSITE_CHANNEL)}' "
    f"AND p.state = '{literal(Publication.State.PUBLISHED.value)}')"
)


def site_parameters(site: Site) -> tuple[object, ...]:
    """The parameters of :data:`ON_SITE` for ``site``."""
    return (site.organization.pk,)
