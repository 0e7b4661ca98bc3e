from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``{{ mapping|get_item:key }}``: look up a key the template only knows at run time."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""
