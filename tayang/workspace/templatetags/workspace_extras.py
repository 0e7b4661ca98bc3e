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


@register.filter
def bound_field(form: Any, name: str) -> Any:
    """``{{ form|bound_field:name }}``: a form's bound field by a name built in the template."""
    try:
        return form[name]
    except KeyError:
        return None


@register.filter
def alt_name(field_key: str, asset_id: Any) -> str:
    """The content form's name for a file's alt text (content_form.alt_name)."""
    return f"{field_key}__alt__{asset_id}"


@register.filter
def indonesian_date(value: Any) -> str:
    """``{{ day|indonesian_date }}``: "Kamis, 24 Desember 2026", as Indonesians write a date."""
    from tayang.sop.document.content import MONTHS

    if not value:
        return ""
    days = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
    return f"{days[value.weekday()]}, {value.day} {MONTHS[value.month - 1]} {value.year}"
