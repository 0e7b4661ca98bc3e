"""Password rules beyond Django's own (settings.AUTH_PASSWORD_VALIDATORS).

* :class:`DemoPasswordValidator` — the demo password printed in the README (``tayang-demo``)
  is refused everywhere but demo mode, where the demo accounts keep it.
* :class:`OrganizationNameValidator` — no password made of the organization's own name,
  short name, slug or account prefix ("dinsosdiy2025!"): the first words a guesser tries.
* :class:`MaximumLengthValidator` — at most 128 characters (ASVS 2.1.2).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

DEMO_PASSWORD = "tayang-demo"
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def _plain(text: str) -> str:
    return _NOT_ALNUM.sub("", text.casefold())


class DemoPasswordValidator:
    def validate(self, password: str, user: Any = None) -> None:
        if getattr(settings, "DEMO_MODE", False):
            return
        if _plain(DEMO_PASSWORD) in _plain(password):
            raise ValidationError(
                "Kata sandi demo Tayang tidak boleh dipakai: kata sandi itu tercetak di "
                "dokumentasi.", code="password_demo")

    def get_help_text(self) -> str:
        return "Kata sandi tidak boleh memuat kata sandi demo Tayang."


def _organizations(user: Any) -> Iterable[Any]:
    joining = list(getattr(user, "joining_organizations", []) or [])
    if user is not None and getattr(user, "pk", None):
        from tayang.orgs.models import Organization

        joining += list(Organization.objects.filter(memberships__user=user))
    return joining


class OrganizationNameValidator:
    MIN_WORD = 4

    def validate(self, password: str, user: Any = None) -> None:
        plain = _plain(password)
        for organization in _organizations(user):
            words = {organization.slug, organization.name, organization.short_name,
                     organization.account_prefix or "",
                     *organization.slug.split("-")}
            for word in words:
                word = _plain(word or "")
                if len(word) >= self.MIN_WORD and word in plain:
                    raise ValidationError(
                        "Kata sandi tidak boleh memuat nama atau kode organisasi "
                        f"({organization.short_name or organization.name}): itu tebakan "
                        "pertama seorang penyerang.", code="password_organization")

    def get_help_text(self) -> str:
        return "Kata sandi tidak boleh memuat nama atau kode organisasi Anda."


class MaximumLengthValidator:
    def __init__(self, max_length: int = 128) -> None:
        self.max_length = max_length

    def validate(self, password: str, user: Any = None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                f"Kata sandi paling panjang {self.max_length} karakter.",
                code="password_too_long")

    def get_help_text(self) -> str:
        return f"Paling panjang {self.max_length} karakter."
