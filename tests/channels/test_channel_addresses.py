"""An organization's admin cannot make the worker call internal services (issue 11, finding 2).

Through the product: the channel form refuses internal addresses when the URL is saved; a
channel whose address points inside anyway (saved before this check, changed in the Django
admin, or a name that resolves inside only at send time) is refused by the worker without a
byte sent; and what staff read on the item page is Tayang's classification, never the
remote server's own reply.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tayang import outbound
from tayang.channels import delivery
from tayang.channels.models import Channel
from tayang.items.models import Publication
from tests.app.world import make_world
from tests.channels.test_delivery import at_publish_step, publish
from tests.channels.testkit import Papan, PapanApi, registered

pytestmark = pytest.mark.django_db
State = Publication.State
METADATA = "http://169.254.169.254/latest/meta-data/iam/security-credentials/"
MARKER = "BALASAN-SERVER-7f3a"


@pytest.fixture
def world():
    return make_world("dinsos", "dinsos-uji")


@pytest.fixture
def inside(settings):
    """The fake Papan platform on loopback, NOT configured as a trusted API base."""
    settings.TAYANG_OUTBOUND_ALLOW = []
    settings.TAYANG_CHANNEL_API_BASES = {}
    settings.TAYANG_CHANNEL_TIMEOUT = 2
    api = PapanApi().start()
    with registered(Papan):
        yield api
    api.stop()


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def channel_url(world, kind: str) -> str:
    return reverse("workspace:manage-channel-add", kwargs={"org": world.slug, "kind": kind})


@pytest.mark.parametrize("address", [
    METADATA, "http://127.0.0.1:5432", "http://127.0.0.1:6379/", "http://[::1]/",
    "http://localhost:8000/admin/", "http://[::ffff:169.254.169.254]/",
])
def test_the_channel_form_refuses_internal_addresses(world, address):
    client = login(world.admin)
    response = client.post(channel_url(world, "ckan"), {
        "name": "Portal Data", "enabled": "on", "cfg_api_base": address,
        "cfg_owner_org": "dinas-sosial", "cfg_api_token": "rahasia-portal",
    })
    assert response.status_code == 422
    assert "tidak boleh dihubungi Tayang" in response.content.decode()
    response = client.post(channel_url(world, "wordpress"), {
        "name": "Situs Dinas", "enabled": "on", "cfg_site_url": address,
        "cfg_username": "humas", "cfg_application_password": "abcd efgh ijkl",
    })
    assert response.status_code == 422
    assert "tidak boleh dihubungi Tayang" in response.content.decode()
    assert not Channel.objects.exists()


def test_the_intranet_allow_list_lets_the_form_save(world, settings):
    settings.TAYANG_OUTBOUND_ALLOW = ["10.20.0.0/16"]
    response = login(world.admin).post(channel_url(world, "wordpress"), {
        "name": "Situs Intranet", "enabled": "on", "cfg_site_url": "http://10.20.3.4",
        "cfg_username": "humas", "cfg_application_password": "abcd efgh ijkl",
    })
    assert response.status_code == 302
    assert Channel.objects.get().config["site_url"] == "http://10.20.3.4"


def _papan(world, api_base: str) -> Channel:
    channel = Channel(organization=world.org, key="papan", kind="papan", name="Papan Dinas",
                      config={"board": "dinas", "api_base": api_base})
    channel.set_secrets({"token": "rahasia"})
    channel.save()
    return channel


def test_the_worker_refuses_a_stored_internal_address_and_sends_nothing(world, inside, settings):
    _papan(world, inside.url)  # e.g. saved in the Django admin, or before the check existed
    item = at_publish_step(world)
    publish(world, item)
    publication = Publication.objects.get(item=item, channel="papan")
    assert delivery.deliver(publication.pk) == "failed"
    publication.refresh_from_db()
    assert publication.state == State.FAILED and publication.error_kind == "blocked"
    assert inside.requests == []  # not a byte, and so no credential, reached it
    page = login(world.admin).get(
        reverse("workspace:item", kwargs={"org": world.slug, "pk": item.pk})).content.decode()
    assert "Alamat tujuan diblokir" in page

    # The operator opens the door for the agency's own intranet: the retry goes through.
    settings.TAYANG_OUTBOUND_ALLOW = ["127.0.0.1"]
    from tayang.channels import actions
    assert actions.retry(publication.pk, world.admin).ok
    assert delivery.deliver(publication.pk) == "published"
    assert len(inside.posts) == 1


def test_a_name_that_turns_internal_at_send_time_is_refused(world, inside, monkeypatch):
    port = inside.url.rsplit(":", 1)[1]
    answers = {"count": 0}

    def rebinding(host: str, port: int) -> list[str]:
        answers["count"] += 1
        return ["93.184.216.34"] if answers["count"] == 1 else ["127.0.0.1"]

    monkeypatch.setattr(outbound, "resolve", rebinding)
    address = f"http://papan.dinas.test:{port}"
    assert outbound.url_refusal(address) is None  # what the form saw: a public address
    _papan(world, address)
    item = at_publish_step(world)
    publish(world, item)
    publication = Publication.objects.get(item=item, channel="papan")
    assert delivery.deliver(publication.pk) == "failed"
    publication.refresh_from_db()
    assert publication.error_kind == "blocked"
    assert inside.requests == []


def test_the_platforms_reply_is_never_shown_on_the_item_page(world, inside, settings):
    settings.TAYANG_OUTBOUND_ALLOW = ["127.0.0.1"]
    _papan(world, inside.url)
    reply = f"<h1>{MARKER}</h1> Hubungi 0812-0000-0000 untuk memulihkan akun. " + "x" * 2000
    inside.fail("POST", r"/posts", 401, reply.encode(), headers={"Content-Type": "text/html"})
    item = at_publish_step(world)
    publish(world, item)
    publication = Publication.objects.get(item=item, channel="papan")
    assert delivery.deliver(publication.pk) == "failed"
    publication.refresh_from_db()
    assert MARKER not in publication.error
    assert MARKER in publication.error_detail and len(publication.error_detail) <= 500
    page = login(world.admin).get(
        reverse("workspace:item", kwargs={"org": world.slug, "pk": item.pk})).content.decode()
    assert MARKER not in page and "0812-0000-0000" not in page
    assert "Ditolak platform: token kedaluwarsa atau tanpa izin" in page
