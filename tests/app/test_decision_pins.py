"""The decision PIN (issue 10, point 3): set and changed on the person's own page, stored
hashed, five wrong ones lock every link of the person until an organization admin unlocks."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import check_password
from django.test import Client
from django.urls import reverse

from tayang.decisions.links import issue_link
from tayang.decisions.models import DecisionLink, DecisionPin
from tayang.decisions.pins import PinResult, check_pin, pin_problem, set_pin

from .decision_kit import (  # noqa: F401  (fresh_rate_limits: an autouse fixture)
    KEPALA,
    KEPALA_STEP,
    PIN,
    Phone,
    fresh_rate_limits,
    link_for,
    seed_c_item,
    seed_c_world,
    text,
)
from .world import PASSWORD, snapshot

pytestmark = pytest.mark.django_db

PIN_PAGE = "/profil/pin/"


@pytest.fixture
def world():
    return seed_c_world()


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _set(client: Client, pin: str, again: str | None = None, password: str = PASSWORD):
    return client.post(PIN_PAGE, {"pin": pin, "pin_again": pin if again is None else again,
                                  "password": password})


# --- setting and changing -------------------------------------------------------------------------


def test_the_pin_page_is_personal_and_needs_signing_in(world):
    assert reverse("decisions:pin") == PIN_PAGE
    response = Client().get(PIN_PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/masuk/?next=")
    page = text(_signed_in(world.holder(KEPALA)).get(PIN_PAGE))
    assert "Anda belum mengatur PIN keputusan." in page
    assert "<h2 id=\"pin-form-heading\">Atur PIN</h2>" in page


def test_a_pin_is_set_hashed_and_never_shown(world):
    kepala = world.holder(KEPALA)
    client = _signed_in(kepala)

    response = _set(client, PIN)

    assert response.status_code == 302
    stored = DecisionPin.objects.get(user=kepala)
    assert PIN not in stored.pin_hash
    assert stored.pin_hash.startswith("md5$")  # the test settings' password hasher
    assert check_password(PIN, stored.pin_hash)
    page = text(client.get(PIN_PAGE))
    assert "PIN disimpan." in page and "PIN Anda diatur pada" in page and PIN not in page
    assert "<h2 id=\"pin-form-heading\">Ubah PIN</h2>" in page


def test_changing_the_pin_replaces_the_old_one(world):
    kepala = world.holder(KEPALA)
    client = _signed_in(kepala)
    _set(client, PIN)
    assert _set(client, "650284").status_code == 302
    assert check_pin(kepala.pk, PIN).result is PinResult.WRONG
    assert check_pin(kepala.pk, "650284").result is PinResult.RIGHT
    assert "PIN diubah." in text(client.get(PIN_PAGE))


@pytest.mark.parametrize(("pin", "again", "password", "message"), [
    ("12a4", None, PASSWORD, "PIN terdiri dari 4 sampai 8 angka (0–9)"),
    ("729", None, PASSWORD, "PIN terdiri dari 4 sampai 8 angka (0–9)"),
    ("729104853", None, PASSWORD, "PIN terdiri dari 4 sampai 8 angka (0–9)"),
    ("7291 ", None, PASSWORD, "PIN terdiri dari 4 sampai 8 angka (0–9)"),
    ("٧٢٩١", None, PASSWORD, "PIN terdiri dari 4 sampai 8 angka (0–9)"),  # Arabic-Indic digits
    ("1234", None, PASSWORD, "terlalu mudah ditebak"),
    ("0000", None, PASSWORD, "terlalu mudah ditebak"),
    ("98765", None, PASSWORD, "terlalu mudah ditebak"),
    (PIN, "472914", PASSWORD, "Kedua PIN tidak sama."),
    (PIN, None, "salah-sandi", "Kata sandi salah."),
])
def test_a_bad_pin_or_password_is_refused_and_changes_nothing(world, pin, again, password,
                                                             message):
    kepala = world.holder(KEPALA)
    response = _set(_signed_in(kepala), pin, again, password)
    assert response.status_code == 422
    assert message in text(response)
    assert not DecisionPin.objects.exists()


def test_pin_rules():
    assert pin_problem("4729") == pin_problem("47291308") == ""
    assert pin_problem("1357") == ""  # a step of two is not a straight run
    assert "mudah" in pin_problem("3210")


def test_without_a_pin_no_link_and_with_one_a_link(world):
    item = seed_c_item(world)
    kepala = world.holder(KEPALA)
    assert issue_link(kepala, item, KEPALA_STEP) is None
    set_pin(kepala, PIN)
    assert issue_link(kepala, item, KEPALA_STEP) is not None


def test_removing_the_pin_revokes_the_open_links(world):
    item = seed_c_item(world)
    kepala = world.holder(KEPALA)
    set_pin(kepala, PIN)
    url = link_for(kepala, item)
    client = _signed_in(kepala)
    assert client.post(PIN_PAGE, {"hapus": "1", "hapus-password": "salah"}).status_code == 422
    assert DecisionPin.objects.exists()

    response = client.post(PIN_PAGE, {"hapus": "1", "hapus-password": PASSWORD})

    assert response.status_code == 302
    assert not DecisionPin.objects.exists()
    assert DecisionLink.objects.get().revoked_by == kepala
    assert Phone().open(url).status_code == 410
    assert issue_link(kepala, item, KEPALA_STEP) is None


# --- five wrong PINs lock; an admin unlocks -------------------------------------------------------


def test_five_wrong_pins_lock_every_link_until_an_admin_unlocks(world):
    item = seed_c_item(world)
    other_item = seed_c_item(world, "Data penting bantuan", category="data_penting")
    kepala = world.holder(KEPALA)
    set_pin(kepala, PIN)
    url, other_url = link_for(kepala, item), link_for(kepala, other_item)
    phone = Phone()
    phone.open(url)
    before = snapshot(item)

    for left in (4, 3, 2, 1):
        wrong = phone.pin("905173")
        assert wrong.status_code == 422
        assert f"PIN salah. Sisa percobaan: {left}." in text(wrong)
    fifth = phone.pin("905173")
    assert fifth.status_code == 403
    assert "PIN salah dimasukkan 5 kali." in text(fifth)
    assert "dikunci sampai admin organisasi membukanya" in text(fifth)

    # Locked: the right PIN opens nothing, nor does any other link; no new link is issued.
    assert phone.pin(PIN).status_code == 403
    assert "Tautan keputusan dikunci" in text(Phone().open(other_url))
    assert issue_link(kepala, item, KEPALA_STEP) is None
    # Choosing a new PIN does not lift the lock.
    client = _signed_in(kepala)
    _set(client, "650284")
    assert DecisionPin.objects.get(user=kepala).is_locked
    assert "Tautan keputusan dikunci" in text(client.get(PIN_PAGE))
    assert snapshot(item) == before

    # The organization's admin sees it under Kelola and unlocks.
    manage = reverse("decisions:manage", kwargs={"org": world.slug})
    unlock = reverse("decisions:manage-unlock", kwargs={"org": world.slug, "user": kepala.pk})
    member = _signed_in(world.holder("pimpinan_unit"))
    assert member.post(unlock).status_code == 404
    assert DecisionPin.objects.get(user=kepala).is_locked
    admin = _signed_in(world.admin)
    page = text(admin.get(manage))
    assert "PIN yang terkunci" in page and "Kepala Dinas" in page and "Buka kunci" in page
    assert admin.post(unlock).status_code == 302
    pin = DecisionPin.objects.get(user=kepala)
    assert not pin.is_locked and pin.failed_attempts == 0 and pin.unlocked_by == world.admin

    # The link still works, with the PIN now in force.
    assert Phone().unlocked(url, "650284").decide("approve").status_code == 302


def test_the_right_pin_resets_the_count(world):
    kepala = world.holder(KEPALA)
    set_pin(kepala, PIN)
    for _ in range(4):
        assert check_pin(kepala.pk, "905173").result is PinResult.WRONG
    assert check_pin(kepala.pk, PIN).result is PinResult.RIGHT
    for _ in range(4):
        assert check_pin(kepala.pk, "905173").result is PinResult.WRONG
    assert check_pin(kepala.pk, "905173").result is PinResult.LOCKED_NOW
    assert check_pin(kepala.pk, PIN).result is PinResult.LOCKED


def test_an_admin_unlocks_members_of_their_own_organization_only(world):
    kepala = world.holder(KEPALA)
    set_pin(kepala, PIN)
    for _ in range(5):
        check_pin(kepala.pk, "905173")
    other = seed_c_world("bantul", "dinsos-bantul")
    admin = _signed_in(other.admin)
    assert "Kepala Dinas" not in text(admin.get(reverse("decisions:manage",
                                                        kwargs={"org": other.slug})))
    response = admin.post(reverse("decisions:manage-unlock",
                                  kwargs={"org": other.slug, "user": kepala.pk}))
    assert response.status_code == 404
    assert DecisionPin.objects.get(user=kepala).is_locked


def test_a_locked_pin_cannot_be_removed_to_escape_the_lock(world):
    kepala = world.holder(KEPALA)
    set_pin(kepala, PIN)
    for _ in range(5):
        check_pin(kepala.pk, "905173")
    client = _signed_in(kepala)
    client.post(PIN_PAGE, {"hapus": "1", "hapus-password": PASSWORD})
    assert DecisionPin.objects.get(user=kepala).is_locked
