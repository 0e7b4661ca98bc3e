"""Links other apps add to the profile page (/profil/), e.g. notification preferences.

An app registers its page in its ``AppConfig.ready()``::

    from tayang.accounts.hub import register_link
    register_link("Pemberitahuan", "notify:preferences",
                  "Pilih pemberitahuan yang Anda terima dan lewat apa.")

The profile page lists every registered link whose URL name resolves, in order of
registration, under "Pengaturan lain".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class HubLink:
    label: str
    url_name: str
    description: str = ""


_LINKS: list[HubLink] = []


def register_link(label: str, url_name: str, description: str = "") -> None:
    if all(link.url_name != url_name for link in _LINKS):
        _LINKS.append(HubLink(label, url_name, description))


def links() -> list[tuple[HubLink, str]]:
    found = []
    for link in _LINKS:
        try:
            found.append((link, reverse(link.url_name)))
        except NoReverseMatch:
            continue
    return found
