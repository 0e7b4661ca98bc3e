"""Publishing channels on an item, through the browser's eyes (Django's test client).

The hand-in form's channels and caption variants, each channel's refusals before pressing, the
publish form's channels and schedule (typed in the organization's zone), and the *Penayangan*
table with its actions: retry, proof, withdraw, the notice-board poster.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from tayang.channels.models import WEBSITE, ChannelChoice
from tayang.channels.outbox import chosen_channels
from tayang.engine.actions import Publish
from tayang.items.models import Item, LogEntry, Publication
from tayang.items.workflow import perform
from tayang.workspace.publish_form import publish_action

from .channel_kit import KACA_CAPTION_MAX, add_kaca, add_manual, kaca_connector  # noqa: F401
from .world import SOP_A, World, add_person, drive, make_world, pdf_bytes, ready_item, snapshot

# Every test may use the automatic test channel (kind "kaca").
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kaca_connector")]

ORG = "dpmptsp-gunungkidul"
State = Publication.State
REASON = "Unggahan memuat nomor telepon warga, ditarik."


@pytest.fixture
def world(db) -> World:
    return make_world("gunungkidul", ORG)


@pytest.fixture
def channels(world):
    """A manual WhatsApp channel (chosen by default) and an automatic one (not by default)."""
    return {
        "manual": add_manual(world.org, position=1),
        "kaca": add_kaca(world.org, position=2, selected_by_default=False),
        "off": add_manual(world.org, key="manual-off", name="Kanal Nonaktif", enabled=False),
    }


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(world: World, name: str, **kwargs: object) -> str:
    return reverse(f"workspace:{name}", kwargs={"org": world.slug, **kwargs})


def text(response) -> str:
    return response.content.decode()


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def edit_data(item: Item, **extra: object) -> dict[str, object]:
    """The correction form as sent unchanged, plus ``extra``."""
    item.refresh_from_db()
    keep = {f"media__present__{e['id']}": "1" for e in item.values.get("media", [])}
    keep |= {f"media__keep__{e['id']}": "on" for e in item.values.get("media", [])}
    alts = {f"media__alt__{e['id']}": e["alt"] for e in item.values.get("media", [])}
    return {
        "version": item.version,
        **{key: item.values[key] for key in ("title", "narrative", "caption", "place",
                                             "activity_date")},
        **keep, **alts, **extra,
    }


def choices(item: Item) -> dict[str, str]:
    return {c.channel.key: c.caption for c in ChannelChoice.objects.filter(item=item)}


def at_publish_step(world: World, **choose: str) -> Item:
    """A ready item with ``choose`` (channel key → variant) chosen, waiting to be published."""
    item = ready_item(world)
    if choose:
        ChannelChoice.objects.bulk_create(
            ChannelChoice(item=item, channel=world.org.channels.get(key=key), caption=caption)
            for key, caption in choose.items()
        )
    return drive(world, item, "unggah")


def published(world: World, *keys: str) -> Item:
    """Published now to the website and ``keys``; the channels' rows wait in the queue."""
    item = at_publish_step(world)
    result = perform(item.pk, world.holder("admin_medsos"),
                     Publish(channels=(WEBSITE, *keys)))
    assert result.ok, result.message
    item.refresh_from_db()
    return item


def publish_post(client: Client, item: Item, **data: object):
    item.refresh_from_db()
    return client.post(
        reverse("workspace:item-act", kwargs={"org": item.organization.slug, "pk": item.pk,
                                              "action": "publish"}),
        {"version": item.version, "kanal-tayang-tampil": "1", **data},
    )


def row_of(page: str, name: str) -> str:
    """The Penayangan table's row of one channel, as HTML."""
    found = re.search(rf'<tr class="publication[^"]*">\s*<th scope="row">{re.escape(name)}</th>'
                      r".*?</tr>", page, re.S)
    assert found, f"no row for {name}"
    return found.group(0)


# --- the hand-in form -----------------------------------------------------------------------------


def test_the_hand_in_form_offers_the_enabled_channels(world, channels):
    response = login(world.holder("tim_pelaksana")).get(url(world, "item-create",
                                                             procedure=SOP_A))
    page = text(response)
    assert "<legend>Kanal publikasi</legend>" in page
    assert "Situs web organisasi" in page and "selalu ditayangkan" in page
    assert 'name="pilih-kanal" value="website"' not in page  # always, not a choice
    # New items start with the channels chosen by default.
    assert 'value="manual-wa" id="kanal-manual-wa" checked' in page
    assert 'value="kaca" id="kanal-kaca">' in page
    assert "Teks khusus Saluran WhatsApp" in page and "Teks khusus Papan Kaca" in page
    assert 'data-limit="300"' in page  # the automatic channel's caption limit, counted live
    assert "Kanal Nonaktif" not in page


def test_the_fieldset_is_hidden_without_channels(world):
    page = text(login(world.holder("tim_pelaksana")).get(
        url(world, "item-create", procedure=SOP_A)))
    assert "Kanal publikasi" not in page
    item = ready_item(world)
    page = text(login(world.holder("tim_pelaksana")).get(url(world, "item-edit", pk=item.pk)))
    assert "Kanal publikasi" not in page
    assert "Pemeriksaan kanal publikasi" not in page


def test_choices_and_a_caption_variant_are_saved_with_the_draft(world, channels):
    client = login(world.holder("tim_pelaksana"))
    response = client.post(url(world, "item-create", procedure=SOP_A), {
        "title": "Sosialisasi perizinan", "pilih-kanal-tampil": "1",
        "pilih-kanal": ["kaca", "manual-off"],  # a disabled channel is not taken
        "teks-kanal-kaca": "Sosialisasi perizinan\r\nhari ini.  ",
        "teks-kanal-manual-wa": "ditulis tetapi tidak dipilih",
    })
    assert response.status_code == 302
    item = Item.objects.get(title="Sosialisasi perizinan")
    assert choices(item) == {"kaca": "Sosialisasi perizinan\nhari ini."}

    # The correction form shows them, with the default caption as a preview.
    page = text(client.get(url(world, "item-edit", pk=item.pk)))
    assert 'value="kaca" id="kanal-kaca" checked' in page
    assert 'value="manual-wa" id="kanal-manual-wa">' in page
    assert "Sosialisasi perizinan\nhari ini.</textarea>" in page
    assert "kanal itu lalu memakai teks bawaan:" in page
    assert f"/berita/{item.pk}/" in page  # the preview ends with the article's short link


def test_channels_alone_can_be_corrected_and_replaced(world, channels):
    item = ready_item(world)
    client = login(world.holder("tim_pelaksana"))
    version = Item.objects.get(pk=item.pk).version
    response = client.post(url(world, "item-edit", pk=item.pk), edit_data(
        item, **{"pilih-kanal-tampil": "1", "pilih-kanal": ["manual-wa", "kaca"],
                 "teks-kanal-manual-wa": "Varian WhatsApp"}))
    assert response.status_code == 302
    assert "Perubahan disimpan." in said(response)
    assert choices(item) == {"manual-wa": "Varian WhatsApp", "kaca": ""}
    assert Item.objects.get(pk=item.pk).version == version  # the content itself is unchanged

    # Sent unchanged again: nothing to save, and a form without the fieldset keeps them.
    response = client.post(url(world, "item-edit", pk=item.pk), edit_data(
        item, **{"pilih-kanal-tampil": "1", "pilih-kanal": ["manual-wa", "kaca"],
                 "teks-kanal-manual-wa": "Varian WhatsApp"}))
    assert "Tidak ada perubahan untuk disimpan." in said(response)
    client.post(url(world, "item-edit", pk=item.pk), edit_data(item, title="Judul baru"))
    assert choices(item) == {"manual-wa": "Varian WhatsApp", "kaca": ""}

    # ChannelChoice cannot say "none": without rows the defaults apply, and the form says so.
    response = login(world.holder("tim_pelaksana")).post(
        url(world, "item-edit", pk=item.pk), edit_data(item, **{"pilih-kanal-tampil": "1"}))
    assert said(response) == [
        "Perubahan disimpan.",
        "Tidak ada kanal yang dipilih, sehingga konten ini mengikuti kanal bawaan organisasi: "
        "Saluran WhatsApp. Pilih kanalnya bila ingin yang lain; penayang juga dapat "
        "melepasnya saat menayangkan.",
    ]
    assert choices(item) == {}
    assert chosen_channels(item) == [(channels["manual"], "")]


def test_a_conflicting_correction_saves_no_channels(world, channels):
    item = ready_item(world)
    data = edit_data(item, **{"pilih-kanal-tampil": "1", "pilih-kanal": ["kaca"],
                              "title": "Judul baru"})
    data["version"] = item.version - 1
    login(world.holder("tim_pelaksana")).post(url(world, "item-edit", pk=item.pk), data)
    assert choices(item) == {}


def test_only_who_may_correct_the_item_changes_its_channels(world, channels):
    item = ready_item(world)
    response = login(world.holder("admin_medsos")).post(
        url(world, "item-edit", pk=item.pk),
        edit_data(item, **{"pilih-kanal-tampil": "1", "pilih-kanal": ["kaca"]}))
    assert response.status_code == 302
    assert response["Location"] == url(world, "item", pk=item.pk)
    assert choices(item) == {}


# --- refusals seen before pressing, and when pressing ---------------------------------------------


def test_a_too_long_variant_is_named_before_and_at_hand_in(world, channels):
    item = ready_item(world)
    client = login(world.holder("tim_pelaksana"))
    variant = "Sosialisasi " + "perizinan " * 30  # 311 characters once trimmed
    client.post(url(world, "item-edit", pk=item.pk), edit_data(
        item, **{"pilih-kanal-tampil": "1", "pilih-kanal": ["kaca"],
                 "teks-kanal-kaca": variant}))
    message = (f"Papan Kaca: keterangan {len(variant.strip())} karakter, paling banyak "
               f"{KACA_CAPTION_MAX}.")

    for page in (text(client.get(url(world, "item", pk=item.pk))),
                 text(client.get(url(world, "item-edit", pk=item.pk)))):
        assert "Pemeriksaan kanal publikasi" in page
        assert message in page

    before = snapshot(item)
    response = client.post(url(world, "item-act", pk=item.pk, action="hand_in"),
                           {"version": Item.objects.get(pk=item.pk).version})
    assert response.status_code == 422
    page = text(response)
    # On the edit form's error summary, where the channel choice is corrected.
    assert "Belum dapat diserahkan" in page
    assert escape(message) in page.split('id="error-summary"')[1].split("</div>")[0]
    assert snapshot(item) == before
    assert Item.objects.get(pk=item.pk).status == "draft"

    # Shortened, the same hand-in goes through.
    client.post(url(world, "item-edit", pk=item.pk), edit_data(
        item, **{"pilih-kanal-tampil": "1", "pilih-kanal": ["kaca"],
                 "teks-kanal-kaca": "Sosialisasi perizinan di Wonosari."}))
    assert "Semua kanal yang dipilih dapat menerima konten ini." in text(
        client.get(url(world, "item", pk=item.pk)))
    response = client.post(url(world, "item-act", pk=item.pk, action="hand_in"),
                           {"version": Item.objects.get(pk=item.pk).version})
    assert response.status_code == 302
    assert Item.objects.get(pk=item.pk).status == "in_progress"


def test_channel_problems_are_not_shown_between_hand_in_and_publishing(world, channels):
    item = drive(world, ready_item(world), "terima")
    page = text(login(world.holder("tim_pertimbangan")).get(url(world, "item", pk=item.pk)))
    assert "Pemeriksaan kanal publikasi" not in page


# --- the publish form -----------------------------------------------------------------------------


def test_the_publish_form_offers_the_chosen_channels_and_a_time_in_wib(world, channels):
    item = at_publish_step(world, kaca="Varian")
    page = text(login(world.holder("admin_medsos")).get(url(world, "item", pk=item.pk)))
    assert "<legend>Tayangkan di</legend>" in page
    assert 'value="kaca" id="tayang-kaca" checked' in page
    assert 'value="manual-wa" id="tayang-manual-wa">' in page  # not chosen at hand-in
    assert '<label for="jadwal-jam">Waktu WIB</label>' in page
    assert "Pemeriksaan kanal publikasi" in page  # checked again as at publishing


@pytest.mark.parametrize(("zone", "abbreviation", "offset"), [
    ("Asia/Jakarta", "WIB", 7), ("Asia/Makassar", "WITA", 8), ("Asia/Jayapura", "WIT", 9),
])
def test_a_scheduled_time_is_read_in_the_organizations_zone(db, zone, abbreviation,
                                                            offset):
    world = make_world("gunungkidul", ORG, zone=zone)
    add_manual(world.org)
    add_kaca(world.org, selected_by_default=False)
    item = at_publish_step(world)
    day = timezone.localdate(timezone=ZoneInfo(zone)) + timedelta(days=2)
    response = publish_post(login(world.holder("admin_medsos")), item, **{
        "kanal-tayang": ["kaca"], "jadwal-tanggal": day.isoformat(), "jadwal-jam": "14:30",
    })
    assert response.status_code == 302, text(response)
    expected = datetime(day.year, day.month, day.day, 14 - offset, 30, tzinfo=UTC)
    rows = {p.channel: p for p in Publication.objects.filter(item=item)}
    assert set(rows) == {WEBSITE, "kaca"}  # the manual channel was not ticked
    assert all(p.state == State.QUEUED and p.scheduled for p in rows.values())
    assert rows[WEBSITE].due_at == expected and rows["kaca"].due_at == expected
    assert f"14.30 {abbreviation}" in said(response)[0]
    assert said(response)[0].startswith("Konten dijadwalkan tayang pada ")

    page = text(login(world.holder("admin_medsos")).get(url(world, "item", pk=item.pk)))
    scheduled = rf"Terjadwal \d+ \w+ \d{{4}} 14\.30 {abbreviation}"
    assert re.search(scheduled, row_of(page, "Papan Kaca"))
    assert 'hx-trigger="every 60s"' in page  # due later: only a look now and then


@pytest.mark.parametrize(("day", "hour", "message"), [
    ("past", "08:00", "Waktu penayangan terjadwal harus setelah saat ini."),
    ("2030-02-30", "08:00", "Tanggal atau jam jadwal tidak dapat dibaca."),
    ("2030-02-03", "25:00", "Tanggal atau jam jadwal tidak dapat dibaca."),
    ("2030-02-03", "", "Isi tanggal dan jam penayangan terjadwal, atau kosongkan keduanya"),
])
def test_a_wrong_schedule_is_refused_and_changes_nothing(world, channels, day, hour, message):
    item = at_publish_step(world)
    if day == "past":
        day = (timezone.localdate() - timedelta(days=1)).isoformat()
    before = snapshot(item)
    response = publish_post(login(world.holder("admin_medsos")), item, **{
        "kanal-tayang": ["kaca"], "jadwal-tanggal": day, "jadwal-jam": hour,
    })
    assert response.status_code == 422
    page = text(response)
    assert escape(message) in page
    assert f'name="jadwal-tanggal" value="{day}"' in page  # what was typed is kept
    assert 'value="kaca" id="tayang-kaca" checked' in page
    assert snapshot(item) == before
    assert not Publication.objects.filter(item=item).exists()


def test_publishing_with_no_channel_ticked_goes_to_the_website_only(world, channels):
    item = at_publish_step(world, **{"manual-wa": "Varian"})
    response = publish_post(login(world.holder("admin_medsos")), item)
    assert response.status_code == 302
    assert "Konten telah ditayangkan." in said(response)
    assert list(Publication.objects.filter(item=item).values_list("channel", "state")) == [
        (WEBSITE, State.PUBLISHED)
    ]


def test_publishing_takes_the_hand_in_variant(world, channels):
    item = at_publish_step(world, **{"manual-wa": "Varian WhatsApp"})
    publish_post(login(world.holder("admin_medsos")), item, **{"kanal-tayang": ["manual-wa"]})
    assert Publication.objects.get(item=item, channel="manual-wa").caption == "Varian WhatsApp"


def test_the_publish_form_is_read_into_the_engines_action(world, channels):
    item = at_publish_step(world)
    # Without the form's channels (an older page): the engine's default, every chosen channel.
    assert publish_action(item.organization, QueryDict(), frozenset()) == Publish()
    data = QueryDict(mutable=True)
    data.update({"kanal-tayang-tampil": "1", "jadwal-tanggal": "2031-05-01",
                 "jadwal-jam": "07.05"})
    data.setlist("kanal-tayang", ["kaca", "tidak-ada", "manual-off"])  # unknown, disabled
    assert publish_action(item.organization, data, frozenset({"x"})) == Publish(
        channels=(WEBSITE, "kaca"), confirmed=frozenset({"x"}),
        scheduled_for=datetime(2031, 5, 1, 0, 5, tzinfo=UTC),
    )


# --- the Penayangan table -------------------------------------------------------------------------


def test_the_table_says_each_channels_state_in_words(world, channels):
    item = published(world, "manual-wa", "kaca")
    add_manual(world.org, key="wa-2", name="Kanal Kedua")
    add_kaca(world.org, key="kaca-2", name="Kaca Kedua")
    add_kaca(world.org, key="kaca-3", name="Kaca Ketiga")
    base = Publication.objects.get(item=item, channel="kaca")
    soon = timezone.now() + timedelta(minutes=20)

    def copy(key: str, **fields: object) -> None:
        Publication.objects.create(**{
            **{f.name: getattr(base, f.name) for f in Publication._meta.fields
               if f.name not in ("id", "channel")},
            "channel": key, **fields,
        })

    Publication.objects.filter(pk=base.pk).update(
        state=State.RETRYING, due_at=soon, attempts=2,
        error="Server Kaca sedang sibuk; dicoba lagi nanti.", error_kind="server",
        error_detail="HTTP 503 <b>upstream says hi</b>")
    copy("wa-2", state=State.FAILED, error="Kanal ini sudah dihapus atau dinonaktifkan.")
    copy("kaca-2", state=State.NEEDS_CHECK, error="Periksa kanal itu: bila tayangan sudah ada, "
                                                   "catat tautannya.")
    copy("kaca-3", state=State.PUBLISHED, url="https://kaca.example/p/9", external_id="p-9")

    client = login(world.holder("admin_medsos"))
    page = text(client.get(url(world, "item", pk=item.pk)))
    assert "Tayang</strong>" in row_of(page, "Situs web organisasi")
    waiting = row_of(page, "Saluran WhatsApp")
    assert "Antre</strong>" in waiting and "Catat tautan bukti" in waiting
    assert "Teks untuk diunggah" in waiting
    retrying = row_of(page, "Papan Kaca")
    # The time; from 23.40 WIB on with its date too, since it is then tomorrow.
    assert "Dicoba lagi " in retrying
    assert f"{timezone.localtime(soon, world.org.zone):%H.%M} WIB" in retrying
    assert "Server Kaca sedang sibuk" in retrying
    assert "Gangguan di server platform" in retrying  # the classification, in Tayang's words
    assert "HTTP 503" not in page and "upstream says hi" not in page  # never the reply itself
    assert "<td>2</td>" in retrying
    failed = row_of(page, "Kanal Kedua")
    assert "Gagal</strong>" in failed and "sudah dihapus atau dinonaktifkan" in failed
    assert "Coba lagi" in failed
    check = row_of(page, "Kaca Kedua")
    assert "Perlu diperiksa</strong>" in check and "catat tautannya" in check
    assert "Kirim ulang" in check and "Catat tautan bukti" in check
    done = row_of(page, "Kaca Ketiga")
    assert 'href="https://kaca.example/p/9"' in done and "<code>p-9</code>" in done
    assert "Tarik dari kanal" in done
    # The website keeps its own withdrawal.
    assert "Tarik dari situs web" in page
    assert "Tarik dari kanal" not in row_of(page, "Situs web organisasi")
    # The retry is due in twenty minutes and the manual channel waits for a person.
    assert 'hx-trigger="every 60s"' in page

    # Someone who may not manage them sees the states, not the buttons.
    page = text(login(world.holder("tim_pelaksana")).get(url(world, "item", pk=item.pk)))
    assert "Dicoba lagi" in page and "Coba lagi" not in page
    assert "Catat tautan bukti" not in page


def test_the_table_refreshes_itself_while_a_worker_is_at_it(world, channels):
    item = published(world, "kaca")
    client = login(world.holder("tim_pelaksana"))
    page = text(client.get(url(world, "item", pk=item.pk)))
    table = url(world, "item-publications", pk=item.pk)
    assert f'hx-get="{table}" hx-trigger="every 3s"' in page
    assert "htmx" in page and "<script" in page

    partial = client.get(table)
    assert partial.status_code == 200
    assert text(partial).lstrip().startswith('<div id="penayangan-tabel"')
    assert "<html" not in text(partial)
    assert 'hx-trigger="every 3s"' in text(partial)

    Publication.objects.filter(item=item, channel="kaca").update(
        state=State.PUBLISHED, url="https://kaca.example/p/1")
    partial = text(client.get(table, HTTP_HX_REQUEST="true"))
    assert "hx-get" not in partial  # nothing on its way: the table stops asking
    assert 'href="https://kaca.example/p/1"' in partial
    assert "htmx" not in text(client.get(url(world, "item", pk=item.pk)))


def test_retry_queues_a_failed_publication_again(world, channels):
    item = published(world, "kaca")
    publication = Publication.objects.get(item=item, channel="kaca")
    Publication.objects.filter(pk=publication.pk).update(state=State.FAILED, attempts=8,
                                                          error="Token kedaluwarsa.")
    retry_url = url(world, "publication-retry", pk=item.pk, pub=publication.pk)

    response = login(world.holder("tim_pelaksana")).post(retry_url)
    assert response.status_code == 302
    assert said(response) == [
        "Tayangan di kanal publikasi hanya dapat diurus oleh Admin Medsos atau admin "
        "organisasi."
    ]
    assert Publication.objects.get(pk=publication.pk).state == State.FAILED

    response = login(world.holder("admin_medsos")).post(retry_url)
    assert response["Location"] == url(world, "item", pk=item.pk)
    assert said(response) == ["Tayangan dimasukkan ke antrean lagi."]
    publication.refresh_from_db()
    assert (publication.state, publication.attempts, publication.error) == (State.QUEUED, 0, "")
    assert LogEntry.objects.filter(item=item, action="channel").count() == 1

    # Not failed any more: the action's own answer, nothing changes.
    response = login(world.admin).post(retry_url, {"resend": "1"})
    assert said(response) == ["Tayangan ini tidak dalam keadaan yang dapat dicoba lagi."]


def test_resend_after_a_check(world, channels):
    item = published(world, "kaca")
    publication = Publication.objects.get(item=item, channel="kaca")
    Publication.objects.filter(pk=publication.pk).update(state=State.NEEDS_CHECK,
                                                          journal={"_uncertain": True})
    retry_url = url(world, "publication-retry", pk=item.pk, pub=publication.pk)
    admin = world.holder("admin_medsos")
    assert said(login(admin).post(retry_url)) == [
        "Tayangan ini tidak dalam keadaan yang dapat dicoba lagi."]  # "Coba lagi" is not it
    assert said(login(admin).post(retry_url, {"resend": "1"})) == [
        "Tayangan dimasukkan ke antrean lagi."]
    publication.refresh_from_db()
    assert publication.state == State.QUEUED and publication.journal["_uncertain"] is False


def test_recording_a_proof_link(world, channels):
    item = published(world, "manual-wa")
    publication = Publication.objects.get(item=item, channel="manual-wa")
    proof_url = url(world, "publication-proof", pk=item.pk, pub=publication.pk)
    link = "https://whatsapp.com/channel/0029Va/123"

    response = login(world.holder("tim_pelaksana")).post(proof_url, {"url": link})
    assert "hanya dapat diurus oleh Admin Medsos" in said(response)[0]
    admin = world.holder("admin_medsos")
    response = login(admin).post(proof_url, {"url": "whatsapp.com/channel"})
    assert said(response) == ["Isikan alamat (URL) unggahan yang lengkap, diawali https://."]
    assert Publication.objects.get(pk=publication.pk).state == State.QUEUED

    response = login(admin).post(proof_url, {"url": f"  {link} "})
    assert said(response) == ["Bukti tayang tersimpan."]
    publication.refresh_from_db()
    assert (publication.state, publication.url) == (State.PUBLISHED, link)
    assert publication.confirmed_by == world.holder("admin_medsos")
    row = row_of(text(login(admin).get(url(world, "item", pk=item.pk))), "Saluran WhatsApp")
    assert "Tayang</strong>" in row and f'href="{link}"' in row
    assert "Bukti dicatat oleh Admin Medsos." in row
    assert "Catat tautan bukti" not in row and "Tarik dari kanal" in row

    assert said(login(admin).post(proof_url, {"url": link})) == [
        "Tayangan ini tidak menunggu bukti."]


def test_withdrawing_from_a_channel(world, channels):
    item = published(world, "manual-wa", "kaca")
    Publication.objects.filter(item=item).exclude(channel=WEBSITE).update(
        state=State.PUBLISHED, url="https://contoh.example/p/1")
    automatic = Publication.objects.get(item=item, channel="kaca")
    manual = Publication.objects.get(item=item, channel="manual-wa")
    website = Publication.objects.get(item=item, channel=WEBSITE)

    def withdraw(user, publication: Publication, reason: str = REASON):
        return login(user).post(url(world, "publication-withdraw", pk=item.pk,
                                    pub=publication.pk), {"reason": reason})

    response = withdraw(world.holder("tim_pelaksana"), automatic)
    assert "hanya dapat diurus oleh Admin Medsos" in said(response)[0]
    assert said(withdraw(world.holder("admin_medsos"), automatic, "hapus")) == [
        "Tuliskan alasan penarikan (paling sedikit 10 huruf)."]
    assert said(withdraw(world.holder("admin_medsos"), website)) == [
        "Tarik tayangan situs web lewat tombol penarikan situs."]
    assert Publication.objects.filter(item=item, state=State.PUBLISHED).count() == 3

    assert said(withdraw(world.holder("admin_medsos"), automatic)) == ["Penarikan diproses."]
    assert said(withdraw(world.admin, manual)) == ["Tayangan dicatat sudah ditarik."]
    automatic.refresh_from_db()
    manual.refresh_from_db()
    assert automatic.state == State.WITHDRAWING  # a worker takes it down
    assert manual.state == State.WITHDRAWN  # taken down by hand; Tayang records it
    assert LogEntry.objects.filter(item=item, detail__contains=REASON).count() == 2

    page = text(login(world.admin).get(url(world, "item", pk=item.pk)))
    assert "Sedang ditarik</strong>" in row_of(page, "Papan Kaca")
    assert "Ditarik</strong>" in row_of(page, "Saluran WhatsApp")
    assert 'hx-trigger="every 3s"' in page


def test_the_notice_board_poster_is_served_to_members_only(world, channels, settings):
    item = published(world, "kaca")
    publication = Publication.objects.get(item=item, channel="kaca")
    publication.document.save("poster.pdf", ContentFile(pdf_bytes()), save=False)
    Publication.objects.filter(pk=publication.pk).update(state=State.PUBLISHED,
                                                          document=publication.document.name)
    poster = url(world, "publication-poster", pk=item.pk, pub=publication.pk)
    page = text(login(world.holder("tim_pelaksana")).get(url(world, "item", pk=item.pk)))
    assert f'href="{poster}">Unduh poster (PDF)' in page

    response = login(world.holder("tim_pelaksana")).get(poster)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    with publication.document.open("rb") as handle:
        assert b"".join(response.streaming_content) == handle.read()
    assert "attachment" in response["Content-Disposition"]

    outsider = add_person(make_world("bantul", "disnakertrans-bantul").org, "bantul.lain",
                          None, ())
    assert login(outsider).get(poster).status_code == 404
    website = Publication.objects.get(item=item, channel=WEBSITE)
    assert login(world.admin).get(
        url(world, "publication-poster", pk=item.pk, pub=website.pk)).status_code == 404


def test_a_publication_of_another_item_is_not_found(world, channels):
    first = published(world, "kaca")
    second = at_publish_step(world)
    publication = Publication.objects.get(item=first, channel="kaca")
    Publication.objects.filter(pk=publication.pk).update(state=State.FAILED)
    response = login(world.admin).post(
        url(world, "publication-retry", pk=second.pk, pub=publication.pk))
    assert response.status_code == 404
    assert Publication.objects.get(pk=publication.pk).state == State.FAILED

