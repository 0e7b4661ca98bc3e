"""``{% site_url %}``: a link to a page of the site being shown, by path or by host name.

Use it instead of ``{% url %}`` in every public template: ``{% site_url "public:article"
pk=card.article.item_id slug=card.article.slug %}``. It needs ``site`` (a
:class:`~tayang.public.sites.Site`) in the context, which every public view puts there.
"""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def site_url(context: template.Context, name: str, **kwargs: Any) -> str:
    return context["site"].url(name, **kwargs)
