"""The rules Tayang applies to every SOP, whatever its definition lists.

They are part of the SOP as run, so they are shown with the hand-in's requirements on the
hand-in form, by ``tayang show`` and in the SOP document, and checked by the engine at hand-in
and at every later step that accepts the content.
"""

from __future__ import annotations

from typing import cast

from tayang.sop.model import CheckKind, FieldKind, MediaKind, Requirement, Sop

__all__ = ["accessibility_checks", "limit_checks", "product_rules"]


def accessibility_checks(sop: Sop) -> tuple[Requirement, ...]:
    """Alt text on every photo, required of every SOP whether its definition says so or not.

    Whatever an agency's SOP lists, a published image without a text alternative shuts blind
    readers out (WCAG 2.2; seed D's duty of accessibility): it is checked at hand-in and again
    whenever a later step accepts the content, like the hand-in's own checks.
    """
    declared = {(r.check, r.field) for step in sop.steps for r in step.requirements}
    return tuple(
        Requirement(f"Teks alternatif setiap foto pada {item_field.label}",
                    CheckKind.ALT_TEXT, item_field.key)
        for item_field in sop.fields
        if item_field.kind is FieldKind.MEDIA
        and (not item_field.media_kinds or MediaKind.PHOTO in item_field.media_kinds)
        and (CheckKind.ALT_TEXT, item_field.key) not in declared
    )


def limit_checks(sop: Sop) -> tuple[Requirement, ...]:
    """Every limit a field declares, enforced whether or not a step lists it as a requirement.

    A ``max_length`` or ``max_count`` on a field is a promise to the agency ("judul paling
    banyak 200 karakter"): content over it is kept as a draft (nothing typed is lost), but it is
    never handed in or accepted by a later step. ``min_count`` stays a requirement a step names,
    because a draft may legitimately start with fewer files.
    """
    declared = {(r.check, r.field) for step in sop.steps for r in step.requirements}
    found: list[Requirement] = []
    for item_field in sop.fields:
        if (item_field.max_length is not None
                and (CheckKind.MAX_LENGTH, item_field.key) not in declared):
            found.append(Requirement(
                f"{item_field.label} paling banyak {item_field.max_length} karakter",
                CheckKind.MAX_LENGTH, item_field.key,
            ))
        if (item_field.max_count is not None
                and (CheckKind.MAX_COUNT, item_field.key) not in declared):
            found.append(Requirement(
                f"{item_field.label} paling banyak {item_field.max_count} berkas",
                CheckKind.MAX_COUNT, item_field.key,
            ))
    return tuple(found)


def product_rules(sop: Sop) -> tuple[Requirement, ...]:
    """The rules Tayang adds to every SOP: alt text on every photo and the fields' limits.

    Worked out once per ``Sop`` (one parsed object per definition, shared by the process's
    requests: ``procedures/definitions.py``) and kept in its ``__dict__``, as
    ``cached_property`` keeps a value on a frozen dataclass: the engine asks for them in
    every action that checks requirements (~60 µs each time, issue 16). ``dataclasses.replace``
    makes a new object without it; equality, hashing and ``asdict`` see only the fields."""
    found = sop.__dict__.get(_PRODUCT_RULES)
    if found is None:
        found = sop.__dict__[_PRODUCT_RULES] = (*accessibility_checks(sop), *limit_checks(sop))
    return cast(tuple[Requirement, ...], found)


_PRODUCT_RULES = "_product_rules"
