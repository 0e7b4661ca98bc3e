"""Kelola › Kanal publikasi: the organization's admin adds, edits, orders and removes channels.

Credentials are the point of care: they are sealed in the database, never sent back to a
browser (not even after a refused submission), kept when the input is left empty and removed
only when asked.
"""

from __future__ import annotations

import logging
import re

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tayang.channels import registry
from tayang.channels.connectors.base import ConfigField, Connector, Delivered, Journal, Post
from tayang.channels.models import Channel, ChannelChoice
from tayang.items.models import Publication
from tayang.workspace.channel_forms import STORED_NOTE, URL_ERROR, derive_key

from .world import World, make_world, new_item

pytestmark = pytest.mark.django_db

TOKEN = "rahasia-SANGAT-unik-9f3c1e"
OTHER_TOKEN = "token-pengganti-77ab20"
SITE = "https://situs.contoh.go.id/wp-json"
REQUIRED = "Bidang ini tidak boleh kosong."


class Uji(Connector):
    """A connector of the test only: one required and one optional credential, a URL."""

    kind = "uji"
    label = "Kanal uji"
    description = "Kanal tiruan untuk pengujian."
    config_fields = (
        ConfigField("site", "Alamat situs", kind="url"),
        ConfigField("token", "Token akses", secret=True),
        ConfigField("spare", "Kata sandi cadangan", secret=True, required=False),
        ConfigField("page_id", "ID halaman", kind="number", required=False),
    )

    def publish(self, post: Post, journal: Journal) -> Delivered:  # pragma: no cover
        raise NotImplementedError


@pytest.fixture(autouse=True)
def uji_connector(monkeypatch):
    monkeypatch.setitem(registry.CONNECTORS, "uji", f"{__name__}.Uji")
    registry.connector_class.cache_clear()
    yield
    registry.connector_class.cache_clear()


@pytest.fixture
def world(db) -> World:
    return make_world("gunungkidul", "dpmptsp-gunungkidul")


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(world: World, name: str, **kwargs: object) -> str:
    return reverse(f"workspace:{name}", kwargs={"org": world.slug, **kwargs})


def said(response) -> str:
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


def uji_data(**overrides: object) -> dict[str, object]:
    return {"name": "Portal Dinas", "enabled": "on", "selected_by_default": "on",
            "cfg_site": SITE, "cfg_token": TOKEN, "cfg_spare": "", "cfg_page_id": "",
            **overrides}


def add_uji(world: World, **overrides: object) -> Channel:
    response = login(world.admin).post(url(world, "manage-channel-add", kind="uji"),
                                       uji_data(**overrides))
    assert response.status_code == 302, response.content.decode()[:3000]
    return Channel.objects.get(organization=world.org, name=overrides.get("name", "Portal Dinas"))


# --- adding ---------------------------------------------------------------------------------


def test_the_list_shows_the_website_first_and_the_kinds_to_add(world):
    Channel.objects.create(organization=world.org, key="manual-wa", kind="manual",
                           name="WhatsApp Dinas", enabled=False, selected_by_default=False)
    page = login(world.admin).get(url(world, "manage-channels")).content.decode()
    assert page.index("Situs web organisasi") < page.index("WhatsApp Dinas")
    assert "Selalu aktif" in page and "Nonaktif" in page
    assert url(world, "manage-channel-add", kind="manual") in page
    assert url(world, "manage-channel-add", kind="telegram") in page
    assert url(world, "manage-channel-add", kind="website") not in page
    # Each kind's description and limits help the admin choose.
    assert "Kanal Telegram instansi" in page
    assert "Teks paling banyak 4.096 karakter (emoji dihitung 2)." in page
    assert "Paling banyak 10 foto/video sekaligus." in page
    assert "paling besar 50,0 MB" in page
    overview = login(world.admin).get(url(world, "manage")).content.decode()
    assert url(world, "manage-channels") in overview


def test_the_website_cannot_be_added_nor_an_unknown_kind(world):
    client = login(world.admin)
    for kind in ("website", "tidak-ada"):
        assert client.get(url(world, "manage-channel-add", kind=kind)).status_code == 404
        response = client.post(url(world, "manage-channel-add", kind=kind), {"name": "Situs"})
        assert response.status_code == 404
    assert not Channel.objects.exists()


def test_adding_a_manual_channel(world):
    client = login(world.admin)
    page = client.get(url(world, "manage-channel-add", kind="manual")).content.decode()
    assert "Kanal manual (bukti tautan)" in page and "Petunjuk untuk admin" in page
    response = client.post(url(world, "manage-channel-add", kind="manual"), {
        "name": "WhatsApp Dinas", "enabled": "on",
        "cfg_instructions": "Unggah ke saluran WhatsApp Dinas, lalu salin tautannya.",
    })
    assert response.status_code == 302
    assert response["Location"] == url(world, "manage-channels")
    channel = Channel.objects.get(organization=world.org)
    assert (channel.key, channel.kind, channel.name) == ("manual-whatsapp-dinas", "manual",
                                                         "WhatsApp Dinas")
    assert channel.enabled and not channel.selected_by_default
    assert channel.config == {
        "instructions": "Unggah ke saluran WhatsApp Dinas, lalu salin tautannya."
    }
    assert channel.sealed_secrets == "" and channel.secrets_set == []
    page = client.get(url(world, "manage-channels")).content.decode()
    assert "WhatsApp Dinas" in page and "Lengkap" in page


def test_adding_a_telegram_channel_seals_the_token(world):
    client = login(world.admin)
    response = client.post(url(world, "manage-channel-add", kind="telegram"), {
        "name": "Telegram Dinas", "enabled": "on", "cfg_bot_token": TOKEN,
        "cfg_chat_id": "@dpmptsp_gk",
    })
    assert response.status_code == 302
    channel = Channel.objects.get(organization=world.org)
    assert channel.key == "telegram-telegram-dinas"
    assert channel.config == {"chat_id": "@dpmptsp_gk"}
    assert channel.secrets() == {"bot_token": TOKEN} and channel.secrets_set == ["bot_token"]
    assert TOKEN not in channel.sealed_secrets
    page = client.get(url(world, "manage-channel", key=channel.key)).content.decode()
    assert TOKEN not in page and STORED_NOTE in page


def test_keys_are_unique_within_the_organization(world):
    first = add_uji(world)
    second = add_uji(world, name="Portal Dinas!")  # the same slug
    assert (first.key, second.key) == ("uji-portal-dinas", "uji-portal-dinas-2")
    assert derive_key(world.org, "uji", "x" * 80).startswith("uji-xxx")
    assert len(derive_key(world.org, "uji", "x" * 80)) <= 40
    other = make_world("bantul", "disnakertrans-bantul")
    assert derive_key(other.org, "uji", "Portal Dinas") == "uji-portal-dinas"


def test_required_settings_are_required(world):
    client = login(world.admin)
    response = client.post(url(world, "manage-channel-add", kind="uji"),
                           uji_data(name="", cfg_token="", cfg_site=""))
    assert response.status_code == 422
    page = response.content.decode()
    assert page.count(REQUIRED) == 3  # name, address, token
    assert not Channel.objects.exists()


def test_a_bad_address_is_refused_in_indonesian_and_nothing_is_saved(world):
    client = login(world.admin)
    response = client.post(url(world, "manage-channel-add", kind="uji"),
                           uji_data(cfg_site="situs.contoh.go.id"))
    assert response.status_code == 422
    page = response.content.decode()
    assert URL_ERROR in page
    assert TOKEN not in page  # a refused form never gives the credential back
    assert not Channel.objects.exists()

    channel = add_uji(world)
    before = Channel.objects.values().get(pk=channel.pk)
    for bad in ("ftp://situs.contoh.go.id", "javascript:alert(1)", "https://"):
        response = client.post(url(world, "manage-channel", key=channel.key),
                               uji_data(name="Nama baru", cfg_site=bad, cfg_token=OTHER_TOKEN))
        assert response.status_code == 422
        assert URL_ERROR in response.content.decode()
        assert OTHER_TOKEN not in response.content.decode()
    assert Channel.objects.values().get(pk=channel.pk) == before
    response = client.post(url(world, "manage-channel", key=channel.key),
                           uji_data(cfg_page_id="dua belas"))
    assert response.status_code == 422 and "Masukkan angka." in response.content.decode()


# --- editing --------------------------------------------------------------------------------


def test_the_edit_page_never_contains_a_credential(world):
    channel = add_uji(world, cfg_spare="cadangan-rahasia-42")
    page = login(world.admin).get(url(world, "manage-channel", key=channel.key)).content.decode()
    assert TOKEN not in page and "cadangan-rahasia-42" not in page
    assert channel.sealed_secrets not in page
    assert SITE in page  # plain settings are shown again
    assert page.count(STORED_NOTE) == 2
    assert page.count('autocomplete="new-password"') == 2
    passwords = re.findall(r'<input type="password"[^>]*>', page)
    assert len(passwords) == 2 and all('value=""' in tag for tag in passwords)
    assert 'name="cfg_token"' in page and 'value="' + TOKEN not in page
    assert 'name="hapus_token"' in page and 'name="hapus_spare"' in page
    for name in ("manage-channels", "manage-channel-delete"):
        response = login(world.admin).get(url(world, name, **(
            {"key": channel.key} if name != "manage-channels" else {})))
        assert TOKEN not in response.content.decode()


def test_leaving_a_credential_empty_keeps_it(world):
    channel = add_uji(world, cfg_spare="cadangan-rahasia-42")
    response = login(world.admin).post(url(world, "manage-channel", key=channel.key),
                                       uji_data(name="Portal Baru", cfg_token=""))
    assert response.status_code == 302
    channel.refresh_from_db()
    assert channel.name == "Portal Baru"
    assert channel.secrets() == {"token": TOKEN, "spare": "cadangan-rahasia-42"}


def test_typing_a_new_credential_replaces_it(world):
    channel = add_uji(world)
    login(world.admin).post(url(world, "manage-channel", key=channel.key),
                            uji_data(cfg_token=OTHER_TOKEN))
    channel.refresh_from_db()
    assert channel.secrets() == {"token": OTHER_TOKEN}
    assert OTHER_TOKEN not in channel.sealed_secrets


def test_clearing_removes_a_stored_credential(world):
    channel = add_uji(world, cfg_spare="cadangan-rahasia-42")
    client = login(world.admin)
    response = client.post(url(world, "manage-channel", key=channel.key),
                           uji_data(cfg_token="", hapus_spare="on"))
    assert response.status_code == 302
    channel.refresh_from_db()
    assert channel.secrets() == {"token": TOKEN} and channel.secrets_set == ["token"]
    page = client.get(url(world, "manage-channel", key=channel.key)).content.decode()
    assert page.count(STORED_NOTE) == 1 and 'name="hapus_spare"' not in page

    # A required credential cannot be cleared without a new one.
    response = client.post(url(world, "manage-channel", key=channel.key),
                           uji_data(cfg_token="", hapus_token="on"))
    assert response.status_code == 422 and REQUIRED in response.content.decode()
    channel.refresh_from_db()
    assert channel.secrets() == {"token": TOKEN}


def test_the_key_never_changes(world):
    channel = add_uji(world)
    response = login(world.admin).post(url(world, "manage-channel", key=channel.key),
                                       uji_data(name="Nama Lain Sama Sekali", key="lain"))
    assert response.status_code == 302
    channel.refresh_from_db()
    assert (channel.key, channel.name) == ("uji-portal-dinas", "Nama Lain Sama Sekali")


def test_plain_settings_not_in_the_form_are_kept(world):
    channel = add_uji(world)
    channel.config["api_base"] = "https://uji.example"
    channel.save()
    login(world.admin).post(url(world, "manage-channel", key=channel.key),
                            uji_data(cfg_site="https://baru.contoh.go.id"))
    channel.refresh_from_db()
    assert channel.config == {"site": "https://baru.contoh.go.id", "api_base": "https://uji.example"}


def test_incomplete_settings_are_shown(world):
    Channel.objects.create(organization=world.org, key="uji-kosong", kind="uji", name="Kosong",
                           config={"site": SITE})
    page = login(world.admin).get(url(world, "manage-channels")).content.decode()
    assert "Belum lengkap" in page and "Token akses" in page


def test_nothing_secret_is_logged(world, caplog):
    with caplog.at_level(logging.DEBUG):
        channel = add_uji(world)
        login(world.admin).post(url(world, "manage-channel", key=channel.key),
                                uji_data(cfg_site="salah", cfg_token=OTHER_TOKEN))
    assert TOKEN not in caplog.text and OTHER_TOKEN not in caplog.text


def test_the_django_admin_never_shows_the_sealed_credentials(world):
    channel = add_uji(world)
    superuser = get_user_model().objects.create_superuser("superuser", password="x")
    page = login(superuser).get(
        reverse("admin:channels_channel_change", args=[channel.pk])
    ).content.decode()
    assert "sealed_secrets" not in page and channel.sealed_secrets not in page
    assert TOKEN not in page
    assert "sealed_secrets" in {field.name for field in Channel._meta.fields}
    assert "sealed_secrets" in admin.site._registry[Channel].exclude


# --- enabling, ordering, deleting -----------------------------------------------------------


def test_enabling_and_disabling(world):
    channel = add_uji(world)
    client = login(world.admin)
    assert client.get(url(world, "manage-channel-toggle", key=channel.key)).status_code == 405
    client.post(url(world, "manage-channel-toggle", key=channel.key))
    channel.refresh_from_db()
    assert not channel.enabled
    response = client.post(url(world, "manage-channel-toggle", key=channel.key))
    channel.refresh_from_db()
    assert channel.enabled and "diaktifkan" in said(response)


def test_reordering(world):
    first, second, third = (add_uji(world, name=name) for name in ("Satu", "Dua", "Tiga"))
    client = login(world.admin)
    client.post(url(world, "manage-channel-move", key=third.key), {"arah": "naik"})
    order = list(Channel.objects.filter(organization=world.org).values_list("name", flat=True))
    assert order == ["Satu", "Tiga", "Dua"]
    client.post(url(world, "manage-channel-move", key=first.key), {"arah": "turun"})
    client.post(url(world, "manage-channel-move", key=second.key), {"arah": "turun"})  # last
    order = list(Channel.objects.filter(organization=world.org).values_list("name", flat=True))
    assert order == ["Tiga", "Satu", "Dua"]


def test_an_unused_channel_is_deleted(world):
    channel = add_uji(world)
    client = login(world.admin)
    page = client.get(url(world, "manage-channel-delete", key=channel.key)).content.decode()
    assert "Hapus kanal" in page
    response = client.post(url(world, "manage-channel-delete", key=channel.key))
    assert response["Location"] == url(world, "manage-channels")
    assert not Channel.objects.filter(pk=channel.pk).exists()


def test_a_channel_a_publication_refers_to_cannot_be_deleted(world):
    channel = add_uji(world)
    item = new_item(world)
    Publication.objects.create(item=item, channel=channel.key, revision=1,
                               requested_by=world.admin, requested_at=timezone.now())
    client = login(world.admin)
    page = client.get(url(world, "manage-channel-delete", key=channel.key)).content.decode()
    assert "tidak dapat dihapus" in page and "Nonaktifkan kanal" in page
    response = client.post(url(world, "manage-channel-delete", key=channel.key))
    assert response.status_code == 302 and "Nonaktifkan saja" in said(response)
    assert Channel.objects.filter(pk=channel.pk).exists()


def test_a_channel_chosen_for_an_item_cannot_be_deleted(world):
    channel = add_uji(world)
    ChannelChoice.objects.create(item=new_item(world), channel=channel, caption="Teks khusus")
    login(world.admin).post(url(world, "manage-channel-delete", key=channel.key))
    assert ChannelChoice.objects.filter(channel=channel).exists()


# --- who may -------------------------------------------------------------------------------


def test_only_the_organizations_admin_may(world):
    channel = add_uji(world)
    before = list(Channel.objects.values())
    other = make_world("bantul", "disnakertrans-bantul")
    member = world.holder("tim_pelaksana")
    requests = [
        ("get", url(world, "manage-channels"), {}),
        ("get", url(world, "manage-channel-add", kind="uji"), {}),
        ("post", url(world, "manage-channel-add", kind="uji"), uji_data(name="Baru")),
        ("get", url(world, "manage-channel", key=channel.key), {}),
        ("post", url(world, "manage-channel", key=channel.key), uji_data(name="Diubah")),
        ("post", url(world, "manage-channel-toggle", key=channel.key), {}),
        ("post", url(world, "manage-channel-move", key=channel.key), {"arah": "naik"}),
        ("get", url(world, "manage-channel-delete", key=channel.key), {}),
        ("post", url(world, "manage-channel-delete", key=channel.key), {}),
    ]
    for user in (member, other.admin):
        client = login(user)
        for method, address, data in requests:
            response = getattr(client, method)(address, data)
            assert response.status_code == 404, (user.username, address)
            assert TOKEN not in response.content.decode()
    # Bantul's admin asking Bantul's own workspace for Gunungkidul's channel.
    response = login(other.admin).get(
        reverse("workspace:manage-channel", kwargs={"org": other.slug, "key": channel.key})
    )
    assert response.status_code == 404
    assert list(Channel.objects.values()) == before
    assert login(world.admin).get(url(world, "manage-channels")).status_code == 200


def test_credentials_sealed_with_a_lost_key_are_entered_again(world):
    channel = add_uji(world)
    Channel.objects.filter(pk=channel.pk).update(sealed_secrets="bukan-token-fernet")
    client = login(world.admin)
    page = client.get(url(world, "manage-channel", key=channel.key)).content.decode()
    assert "tidak dapat dibuka" in page and STORED_NOTE not in page
    response = client.post(url(world, "manage-channel", key=channel.key),
                           uji_data(cfg_token=""))
    assert response.status_code == 422  # the token must be typed again
    response = client.post(url(world, "manage-channel", key=channel.key),
                           uji_data(cfg_token=OTHER_TOKEN))
    assert response.status_code == 302
    channel.refresh_from_db()
    assert channel.secrets() == {"token": OTHER_TOKEN}
