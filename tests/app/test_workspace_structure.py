"""Every workspace page of a demo organization, walked as its admin, a reviewer and a field
officer (issue 15, point 8): the ids that aria-describedby, aria-labelledby and labels name
exist, headings do not skip a level, no fieldset is unnamed. Then every form of Kelola and the
DIP is sent empty, and the page with its errors is checked the same way — errors and help
texts must be linked to their fields, not to ids that are not there.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client

from tayang.demo import organizations
from tayang.demo.organizations import demo_username

from .page_structure import read

pytestmark = pytest.mark.django_db

# Addresses that answer with a file, or whose GET does something, are not pages to read.
_NOT_PAGES = re.compile(
    r"(\.(pdf|zip|csv|xlsx|txt|json|docx)$|/berkas/\d+/|/unduh|/format/|/bertahap/)"
)
# Forms whose empty submission would act (toggle, move, delete, withdraw, lift a lock) rather
# than be refused with errors.
_ACTING = re.compile(r"/(hapus|aktif|urutan|batal|buka-kunci|atur-ulang-2fa|cabut)/?$")
_PER_SHAPE = 4  # pages of one shape (/konten/<n>/, /kelola/anggota/<n>/ …) read at most
_MAX_PAGES = 160


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


def _shape(path: str) -> str:
    return re.sub(r"\d+", "<n>", urlsplit(path).path)


def walk(client: Client, start: str) -> dict[str, str]:
    """``{address: html}`` of every workspace page reachable from ``start`` by links."""
    prefix = urlsplit(start).path
    seen: set[str] = {start}
    shapes: Counter[str] = Counter()
    pages: dict[str, str] = {}
    queue = deque([start])
    while queue and len(pages) < _MAX_PAGES:
        address = queue.popleft()
        response = client.get(address)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages[address] = html
        for href in _links(html):
            absolute = urljoin(address, href.split("#")[0])
            path = urlsplit(absolute)
            local = path.path + (f"?{path.query}" if path.query else "")
            if (path.netloc not in ("", "testserver") or not path.path.startswith(prefix)
                    or _NOT_PAGES.search(path.path) or local in seen):
                continue
            seen.add(local)
            shape = _shape(local)
            if shapes[shape] >= _PER_SHAPE:
                continue
            shapes[shape] += 1
            queue.append(local)
    return pages


def structure_problems(pages: dict[str, str]) -> dict[str, list[str]]:
    return {address: found for address, html in pages.items()
            if (found := read(html).problems())}


@pytest.fixture
def demo(monkeypatch: pytest.MonkeyPatch):
    """Two demo organizations: seed A (channels, a route, Tim Pertimbangan's responses) and
    Kalimantan Tengah (two SOPs, the DIP, announcements)."""
    wanted = ("dpmptsp-gunungkidul", "disperindag-kalteng")
    chosen = tuple(org for org in organizations.DEMO_ORGANIZATIONS if org.slug in wanted)
    monkeypatch.setattr(organizations, "DEMO_ORGANIZATIONS", chosen)
    organizations.build()
    return {org.slug: org for org in chosen}


@pytest.mark.parametrize("slug", ["dpmptsp-gunungkidul", "disperindag-kalteng"])
@pytest.mark.parametrize("role", ["kelola", "tim_pertimbangan", "tim_pelaksana"])
def test_every_workspace_page_is_well_structured(demo, slug, role):
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username=demo_username(demo[slug], role)))
    pages = walk(client, f"/kerja/{slug}/")
    # The walk reached the pages this person uses, not just the inbox.
    expected = {
        "kelola": ("kelola/", "kelola/anggota/", "register/", "konten/"),
        "tim_pertimbangan": ("register/", "konten/"),
        "tim_pelaksana": ("konten/baru/", "konten/"),
    }[role]
    for part in expected:
        assert any(f"/kerja/{slug}/{part}" in address for address in pages), (part, list(pages))
    if role == "kelola" and slug == "disperindag-kalteng":
        assert any("/dip/" in address for address in pages)
    assert len(pages) >= 8
    assert not (problems := structure_problems(pages)), "\n".join(
        f"{address}:\n  " + "\n  ".join(found) for address, found in problems.items()
    )


@pytest.mark.parametrize("slug", ["dpmptsp-gunungkidul", "disperindag-kalteng"])
def test_every_kelola_and_dip_form_sent_empty_shows_linked_errors(demo, slug):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.get(username=demo_username(demo[slug], "kelola"))
    client = Client()
    client.force_login(admin)
    pages = walk(client, f"/kerja/{slug}/")
    refused: dict[str, str] = {}
    sent = 0
    for address, html in pages.items():
        if "/kelola/" not in address and "/dip/" not in address:
            continue
        for form in read(html).forms:
            target = urljoin(address, form.action or address)
            if (form.method != "post" or _ACTING.search(urlsplit(target).path)
                    or (form.submit and form.submit[0] in ("toggle", "hapus"))):
                continue
            # Every field present and empty (a POST with no field at all leaves a Django form
            # unbound, and shows no errors).
            data = {name: "" for name in form.fields} | dict(form.hidden)
            data.pop("csrfmiddlewaretoken", None)
            if not data:
                continue
            if form.submit:
                data[form.submit[0]] = form.submit[1]
            response = client.post(target, data)
            sent += 1
            if response.status_code in (200, 422) and "text/html" in response["Content-Type"]:
                refused[f"{target} ({', '.join(sorted(data)) or 'kosong'})"] = (
                    response.content.decode()
                )
    # Forms were sent, and some came back with their errors (the checked case).
    assert sent >= 5
    with_errors = {a: h for a, h in refused.items() if 'aria-invalid="true"' in h}
    assert len(with_errors) >= 3, list(refused)
    assert not (problems := structure_problems(refused)), "\n".join(
        f"{address}:\n  " + "\n  ".join(found) for address, found in problems.items()
    )
    # Every field marked invalid is described by its error.
    for address, html in with_errors.items():
        for match in re.finditer(r"<(input|select|textarea)[^>]*aria-invalid=\"true\"[^>]*>",
                                 html):
            tag = match.group(0)
            described = re.search(r'aria-describedby="([^"]*)"', tag)
            assert described and any(ref.endswith("_error") for ref in described.group(1).split()
                                     ), (address, tag)
