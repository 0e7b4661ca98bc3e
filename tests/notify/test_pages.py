"""The person's pages (their choices, their list) and the admin's sending accounts."""

from __future__ import annotations

import re
from datetime import time

import pytest

from tayang.notify.compose import Words
from tayang.notify.models import (
    Delivery,
    Kind,
    Messaging,
    Notification,
    Preference,
    TelegramLinkToken,
)
from tayang.notify.models.accounts import TELEGRAM_TOKEN, WHATSAPP_TOKEN
from tayang.notify.notices import write
from tests.app.world import make_world, ready_item

pytestmark = pytest.mark.django_db
PAGE = "/profil/pemberitahuan/"
VALID = {"by_email": "on", "email": "budi@dinsos.go.id", "whatsapp_number": "",
         "quiet_enabled": "on", "quiet_start": "21:00", "quiet_end": "06:00",
         "digest_hour": "7"}


@pytest.fixture
def world():
    return make_world("diy", "dinsos-uji")


@pytest.fixture
def person(world, client):
    user = world.holder("tim_pertimbangan")
    client.force_login(user)
    return user


def notify(world, user, title="Menunggu Anda: Rapat koordinasi", item=None, key="k1"):
    from django.utils import timezone

    return write([user], kind=Kind.ARRIVED, organization=world.org, key=key,
                 words=Words(title, "Langkah 2 (Tim Pertimbangan)."), at=timezone.now(),
                 item=item, link=f"/kerja/{world.slug}/")[0]


# --- the choices --------------------------------------------------------------------------------


def test_the_page_needs_a_sign_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")


def test_someone_who_chose_nothing_sees_the_defaults(client, person):
    page = client.get(PAGE).content.decode()
    assert 'name="quiet_start" value="21:00"' in page
    assert 'name="quiet_end" value="06:00"' in page
    assert re.search(r'name="by_email"[^>]*checked', page)
    assert "Organisasi Anda belum menyalakan pengiriman lewat Telegram" in page


def test_saving_the_choices(client, person):
    data = {**VALID, "digest_enabled": "on", "digest_hour": "7",
            "escalations_in_quiet": "on"}
    response = client.post(PAGE, data)
    assert response.status_code == 302
    saved = Preference.objects.get(user=person)
    assert (saved.by_email, saved.quiet_start, saved.quiet_end, saved.digest_hour) == (
        True, time(21), time(6), 7)
    assert saved.escalations_in_quiet and saved.digest_enabled
    person.refresh_from_db()
    assert person.email == "budi@dinsos.go.id"
    assert "Pengaturan pemberitahuan disimpan." in client.get(PAGE).content.decode()


@pytest.mark.parametrize(("changes", "message"), [
    ({"email": ""}, "Isi alamat e-mail agar pemberitahuan dapat dikirim lewat e-mail"),
    ({"email": "budi@"}, "Alamat e-mail tidak valid"),
    ({"by_whatsapp": "on", "whatsapp_number": "0812"},
     "Nomor WhatsApp tidak dikenali. Tulis seperti 0812-3456-7890"),
    ({"by_whatsapp": "on", "whatsapp_number": "0812-3456-7890"},
     "Organisasi Anda belum menyalakan pengiriman lewat WhatsApp"),
    ({"by_telegram": "on"}, "Hubungkan akun Telegram Anda dulu"),
    ({"quiet_end": "21:00"}, "Jam selesai tidak boleh sama dengan jam mulai."),
    ({"quiet_start": "jam sembilan"}, "Tulis jam seperti 21:00."),
    ({"digest_enabled": "on", "digest_hour": "23"},
     "Jam itu jatuh pada jam tenang Anda (21.00–06.00); pilih jam lain."),
    ({"digest_hour": "25"}, "Masukkan pilihan yang valid."),
])
def test_bad_input_is_refused_with_words_and_saves_nothing(client, person, changes, message):
    person.email = "lama@dinsos.go.id"
    person.save()
    response = client.post(PAGE, {**VALID, **changes})
    assert response.status_code == 422
    page = response.content.decode()
    assert message in page
    assert "Pengaturan belum disimpan" in page
    assert not Preference.objects.filter(user=person).exists()
    person.refresh_from_db()
    assert person.email == "lama@dinsos.go.id"


def test_a_whatsapp_number_is_kept_as_whatsapp_wants_it(client, person, world):
    messaging = Messaging(organization=world.org, whatsapp_enabled=True,
                          whatsapp_phone_number_id="1065", whatsapp_templates={"umum": "t"})
    messaging.set_secrets({WHATSAPP_TOKEN: "rahasia"})
    messaging.save()
    response = client.post(PAGE, {**VALID, "by_whatsapp": "on",
                                  "whatsapp_number": "+62 812-3456-7890"})
    assert response.status_code == 302
    assert Preference.objects.get(user=person).whatsapp_number == "6281234567890"


def test_the_telegram_deep_link_is_shown_once_to_its_person(client, person, world):
    messaging = Messaging(organization=world.org, telegram_enabled=True,
                          telegram_bot_username="dinsos_uji_bot")
    messaging.set_secrets({TELEGRAM_TOKEN: "123:abc"})
    messaging.save()
    page = client.get(PAGE).content.decode()
    assert "Hubungkan Telegram" in page
    response = client.post(f"/profil/pemberitahuan/telegram/{world.slug}/")
    assert response.status_code == 200
    [link] = re.findall(r"https://t\.me/dinsos_uji_bot\?start=([\w-]+)", response.content.decode())
    assert TelegramLinkToken.objects.get(user=person).digest != link
    assert link not in client.get(PAGE).content.decode()


def test_telegram_linking_is_for_members_only(client, person):
    other = make_world("lain", "dinas-lain")
    response = client.post(f"/profil/pemberitahuan/telegram/{other.slug}/")
    assert response.status_code == 404
    assert client.get(f"/profil/pemberitahuan/telegram/{other.slug}/").status_code == 405


# --- the list -----------------------------------------------------------------------------------


def test_the_header_counts_unread_on_every_page(client, person, world):
    notify(world, person, key="a")
    notify(world, person, key="b")
    for path in ("/", f"/kerja/{world.slug}/", "/pemberitahuan/", PAGE):
        page = client.get(path).content.decode()
        assert 'aria-label="Pemberitahuan, 2 belum dibaca"' in page, path
        assert 'class="badge badge-unread" data-unread="2">2</strong>' in page, path


def test_opening_a_notification_marks_it_read_and_goes_to_the_item(client, person, world):
    item = ready_item(world)
    notification = notify(world, person, item=item)
    response = client.get(f"/pemberitahuan/{notification.pk}/buka/")
    assert response["Location"] == f"/kerja/{world.slug}/konten/{item.pk}/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert "badge-unread" not in client.get("/pemberitahuan/").content.decode()


def test_the_addresses_in_a_message_can_be_opened_from_the_list(client, person, world):
    """"Sudah tayang" lists where the item can be seen now: each address is a link, while
    whatever a person wrote (a written response quoted in "Dikembalikan") stays text."""
    from django.utils import timezone

    write([person], kind=Kind.PUBLISHED, organization=world.org, key="p1", at=timezone.now(),
          words=Words("Sudah tayang: Rapat koordinasi",
                      "Situs web: https://dinsos.example.go.id/berita/7/\n"
                      "Papan pengumuman kantor: tayang"))
    write([person], kind=Kind.SENT_BACK, organization=world.org, key="s1", at=timezone.now(),
          words=Words("Dikembalikan: Rapat koordinasi",
                      "Admin mengembalikan: \u201c<b>Foto</b> kurang tajam\u201d"))
    page = client.get("/pemberitahuan/").content.decode()
    assert ('Situs web: <a href="https://dinsos.example.go.id/berita/7/" rel="nofollow">'
            'https://dinsos.example.go.id/berita/7/</a><br>Papan pengumuman kantor: tayang') \
        in page
    assert "&lt;b&gt;Foto&lt;/b&gt; kurang tajam" in page and "<b>Foto</b>" not in page


def test_nobody_opens_anothers_notifications(client, person, world):
    notification = notify(world, world.holder("admin_medsos"))
    assert client.get(f"/pemberitahuan/{notification.pk}/buka/").status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_read_all_and_the_unread_filter(client, person, world):
    notify(world, person, "Menunggu Anda: Pertama", key="a")
    notify(world, person, "Menunggu Anda: Kedua", key="b")
    assert "Kedua" in client.get("/pemberitahuan/?tampil=belum-dibaca").content.decode()
    response = client.post("/pemberitahuan/baca-semua/", follow=True)
    assert "2 pemberitahuan ditandai sudah dibaca." in response.content.decode()
    page = client.get("/pemberitahuan/?tampil=belum-dibaca").content.decode()
    assert "Tidak ada pemberitahuan yang belum dibaca." in page


def test_only_its_person_or_an_admin_sends_a_failed_delivery_again(client, person, world):
    notification = notify(world, world.holder("admin_medsos"))
    delivery = Delivery.objects.create(notification=notification, medium="email",
                                       state="failed", idempotency_key="k", error="Gagal.")
    assert client.post(f"/pemberitahuan/kirim-ulang/{delivery.pk}/").status_code == 404
    client.force_login(world.admin)
    response = client.post(f"/pemberitahuan/kirim-ulang/{delivery.pk}/")
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.state == "queued"


# --- the admin's page ---------------------------------------------------------------------------


def manage_url(world) -> str:
    return f"/kerja/{world.slug}/kelola/pemberitahuan/"


def test_the_sending_accounts_are_for_the_admin_only(client, person, world):
    assert client.get(manage_url(world)).status_code == 404


def test_tokens_are_sealed_and_never_shown_again(client, world):
    client.force_login(world.admin)
    response = client.post(manage_url(world), {
        "telegram_enabled": "on", "telegram_bot_username": "@dinsos_uji_bot",
        "telegram_token": "123456:RAHASIA-BOT", "whatsapp_enabled": "on",
        "whatsapp_phone_number_id": "106540352242922", "whatsapp_token": "EAAG-RAHASIA",
        "whatsapp_language": "id", "template_umum": "tayang_pemberitahuan",
        "template_digest": "tayang_ringkasan",
    })
    assert response.status_code == 302
    messaging = Messaging.objects.get(organization=world.org)
    assert messaging.telegram_ready and messaging.whatsapp_ready
    assert messaging.telegram_bot_username == "dinsos_uji_bot"
    assert messaging.secrets() == {TELEGRAM_TOKEN: "123456:RAHASIA-BOT",
                                   WHATSAPP_TOKEN: "EAAG-RAHASIA"}
    assert "RAHASIA" not in messaging.sealed_secrets
    assert messaging.whatsapp_templates == {"umum": "tayang_pemberitahuan",
                                            "digest": "tayang_ringkasan"}
    page = client.get(manage_url(world)).content.decode()
    assert "RAHASIA" not in page and "Tersimpan — kosongkan bila tidak diganti" in page
    # Saving again without typing the tokens keeps them.
    client.post(manage_url(world), {"telegram_enabled": "on",
                                    "telegram_bot_username": "dinsos_uji_bot",
                                    "whatsapp_language": "id"})
    assert Messaging.objects.get(organization=world.org).secrets()[TELEGRAM_TOKEN] == \
        "123456:RAHASIA-BOT"


@pytest.mark.parametrize(("data", "message"), [
    ({"telegram_enabled": "on"}, "Isi token bot dari @BotFather."),
    ({"telegram_bot_username": "bukan nama"}, "diakhiri «bot»"),
    ({"whatsapp_enabled": "on", "whatsapp_phone_number_id": "12ab"},
     "Phone number ID hanya berisi angka."),
    ({"whatsapp_enabled": "on", "whatsapp_phone_number_id": "1065"},
     "Isi nama templat umum yang sudah disetujui."),
])
def test_incomplete_accounts_are_refused(client, world, data, message):
    client.force_login(world.admin)
    response = client.post(manage_url(world), {"whatsapp_language": "id", **data})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Messaging.objects.filter(organization=world.org).exists()


def test_the_admin_sees_what_failed(client, world):
    notification = notify(world, world.holder("admin_medsos"), "Menunggu Anda: Pameran UMKM")
    Delivery.objects.create(notification=notification, medium="whatsapp", state="failed",
                            idempotency_key="k", error="WhatsApp menolak templat «x».")
    client.force_login(world.admin)
    page = client.get(manage_url(world)).content.decode()
    assert "Pameran UMKM" in page and "WhatsApp menolak templat" in page
    assert Notification.objects.count() == 1
