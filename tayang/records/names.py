"""How people, roles and steps are named on a printed record.

A record outlives the definition it was made under, so a key the SOP no longer knows is
printed as it is rather than failing the whole record.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from tayang.sop.model import Sop


def person_name(user: AbstractBaseUser) -> str:
    """The full name when the account has one, else the user name."""
    full = user.get_full_name()  # type: ignore[attr-defined]
    return str(full or user.get_username())


def role_name(sop: Sop, key: str) -> str:
    try:
        return sop.role(key).name
    except KeyError:
        return key


def step_name(sop: Sop, key: str) -> str:
    """``3. Memeriksa konten``: number and activity, as in the procedure table."""
    try:
        step = sop.step(key)
    except KeyError:
        return key or "-"
    return f"{step.number}. {step.activity}"
