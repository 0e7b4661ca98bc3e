"""``/favicon.ico`` and the pages' icon: Tayang's own on its host, an organization's logo on
the organization's own host name."""

from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from django.test import Client
from PIL import Image

from .public_world import IMMEDIATE_TASKS, Sites, assets_of, make_sites

pytestmark = pytest.mark.django_db

HOST = "dpmptsp.gunungkidulkab.go.id"


@pytest.fixture
def sites(db, settings, django_capture_on_commit_callbacks) -> Sites:
    settings.TASKS = IMMEDIATE_TASKS
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST]
    cache.clear()
    built = make_sites(django_capture_on_commit_callbacks)
    built.org.hostname = HOST
    built.org.save()
    return built


def test_tayangs_host_answers_favicon_ico_with_an_icon_of_three_sizes(db):
    client = Client()
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    assert "max-age=" in response["Cache-Control"]
    icon = Image.open(io.BytesIO(response.content))
    assert icon.format == "ICO"
    assert icon.info["sizes"] == {(16, 16), (32, 32), (48, 48)}
    # Browsers ask again with the ETag; HEAD is answered as GET is; nothing else is.
    again = client.get("/favicon.ico", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    head = client.head("/favicon.ico")
    assert head.status_code == 200 and head.content == b""
    assert client.post("/favicon.ico").status_code == 405


def test_every_page_names_its_icon(sites):
    workspace_page = Client().get("/masuk/").content.decode()
    assert '<link rel="icon" href="/static/tayang/icon' in workspace_page
    assert 'type="image/svg+xml"' in workspace_page
    # An organization without a logo: Tayang's icon on its site too.
    site_page = Client(HTTP_HOST=HOST).get("/").content.decode()
    assert '<link rel="icon" href="/static/tayang/icon' in site_page


def test_an_organizations_host_uses_its_logo_as_its_icon(sites):
    item = sites.published("Berita berlogo")
    sites.org.logo = assets_of(item)[0]
    sites.org.save()
    cache.clear()
    client = Client(HTTP_HOST=HOST)
    assert '<link rel="icon" href="/logo.png" type="image/png">' in client.get(
        "/").content.decode()
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == "/logo.png"
    assert client.get(response["Location"]).status_code == 200
    # Tayang's own host keeps Tayang's icon whatever an organization shows.
    assert Client().get("/favicon.ico")["Content-Type"] == "image/vnd.microsoft.icon"
