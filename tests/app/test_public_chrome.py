"""The site's header and footer, remembered per site state by each process
(``{% site_chrome %}``): the page a visitor is on is marked, a profile change shows at once."""

from __future__ import annotations

import pytest
from django.test import Client

from tayang.public.templatetags import public_site

from .public_world import IMMEDIATE_TASKS, Sites, make_sites, page, site_url

pytestmark = pytest.mark.django_db
NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.fixture
def sites(db, settings, django_capture_on_commit_callbacks) -> Sites:
    settings.TASKS = IMMEDIATE_TASKS
    settings.CACHES = NO_CACHE
    return make_sites(django_capture_on_commit_callbacks)


def test_the_remembered_header_marks_each_page_and_follows_the_profile(sites):
    sites.published("Berita pertama")
    client = Client()
    home = page(client, site_url())
    news = page(client, site_url("berita/"))
    assert public_site._chrome  # remembered: the site has a state
    current = 'aria-current="page">{}</a>'
    assert current.format("Beranda") in home and current.format("Berita") not in home
    assert current.format("Berita") in news and current.format("Beranda") not in news

    organization = sites.org
    organization.name = "Dinas Penanaman Modal Gunungkidul Baru"
    organization.telephone = "0274 391 000"
    organization.save()  # raises the site's generation: a new header and footer
    again = page(client, site_url())
    assert again.count("Dinas Penanaman Modal Gunungkidul Baru") >= 3  # title, header, footer
    assert "Telepon: " in again and "0274 391 000" in again
