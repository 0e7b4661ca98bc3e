"""Deciding from a link (issue 10, point 3): what the official sees, what the link is bound to,
and every way it stops working — each refusal a clear page that changes nothing."""

from __future__ import annotations

import csv
import io
import logging
import re
import time
import zipfile
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from tayang.decisions import links, ratelimit
from tayang.decisions.links import issue_link
from tayang.decisions.models import DecisionLink
from tayang.engine.actions import Approve, ChooseRoute, SendBack
from tayang.engine.machine import Refusal, RefusalReason, Refused
from tayang.items import workflow
from tayang.items.models import Approval, Item, LogEntry, Publication, WrittenResponse
from tayang.items.workflow import perform
from tayang.media.models import MediaAsset
from tayang.orgs.models import Membership
from tayang.procedures.models import RoleGrant
from tayang.procedures.services import add_definition
from tayang.sop.bundled import bundled_paths

from .decision_kit import (
    KEPALA,
    KEPALA_STEP,
    PIN,
    Phone,
    fresh_rate_limits,  # noqa: F401  (an autouse fixture)
    link_for,
    seed_c_item,
    seed_c_world,
    text,
    token_of,
    with_pin,
)
from .test_concurrency import shared_db  # noqa: F401  (a fixture)
from .world import add_person, snapshot, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = seed_c_world()
    with_pin(world.holder(KEPALA))
    return world


@pytest.fixture
def item(world):
    return seed_c_item(world)


def _refused(response, status: int, *phrases: str) -> str:
    assert response.status_code == status, (response.status_code, text(response)[:2000])
    body = text(response)
    for phrase in (*phrases, links.NOTHING_CHANGED):
        assert escape(phrase) in body or phrase in body, f"{phrase!r} not in page"
    return body


def _unchanged(item: Item, before: dict[str, Any]) -> None:
    assert snapshot(item) == before


# --- deciding -------------------------------------------------------------------------------------


def test_the_kepala_dinas_approves_from_the_link_and_the_history_says_through_a_link(world, item):
    kepala = world.holder(KEPALA)
    url = link_for(kepala, item)
    assert url.startswith("http://127.0.0.1:8000/putuskan/#")
    phone = Phone().unlocked(url)

    response = phone.decide("approve", note="Layak tayang, kebijakan sudah diumumkan.")

    assert response.status_code == 302 and response["Location"] == reverse("decisions:done")
    item.refresh_from_db()
    assert item.step == "tampilkan"
    entry = LogEntry.objects.get(item=item, step=KEPALA_STEP, action="approve")
    assert entry.actor == kepala and entry.via == "link" and entry.outcome == "approved"
    assert entry.detail == "Layak tayang, kebijakan sudah diumumkan."
    approval = Approval.objects.get(item=item, step=KEPALA_STEP)
    assert approval.approver == kepala and approval.label == "Ya"
    assert DecisionLink.objects.get().used_at is not None
    done = phone.get(reverse("decisions:done"))
    assert "Keputusan «Ya» pada langkah 5 telah dicatat" in text(done)
    # The workspace's item page tells everyone how the decision was made.
    admin = Client()
    admin.force_login(world.admin)
    page = text(admin.get(reverse("workspace:item", kwargs={"org": world.slug, "pk": item.pk})))
    assert re.search(r"menyetujui pada langkah 5 melalui tautan: «Layak tayang", page)


def test_the_dossiers_history_says_through_a_link(world, item):
    phone = Phone().unlocked(link_for(world.holder(KEPALA), item))
    assert phone.decide("approve").status_code == 302
    admin = Client()
    admin.force_login(world.admin)
    response = admin.get(reverse("workspace:item-dossier", kwargs={"org": world.slug,
                                                                   "pk": item.pk}))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    rows = list(csv.reader(io.StringIO(archive.read("riwayat.csv").decode("utf-8-sig")),
                           delimiter=";"))
    assert [row[4] for row in rows if "melalui tautan" in row[4]] == [
        "menyetujui (melalui tautan)"]


def test_the_page_shows_the_content_and_exactly_the_buttons_the_engine_allows(world):
    item = seed_c_item(world, target="filter_pimpinan_unit", category="kebijakan")
    assert perform(item.pk, world.holder("pimpinan_unit"),
                   SendBack("Naskah belum menyebut jumlah penerima bantuan.")).ok
    assert perform(item.pk, world.holder("admin"), Approve(note="Jumlah penerima ditambahkan")).ok
    sekretaris = with_pin(world.holder("pimpinan_unit"))
    phone = Phone().unlocked(link_for(sekretaris, item, "filter_pimpinan_unit"))

    body = text(phone.content())

    assert "Kebijakan penyaluran bantuan lansia" in body
    assert "Dinas Sosial DIY menetapkan kebijakan baru" in body  # the narrative
    photo = MediaAsset.objects.get(item=item)
    thumbnail = reverse("decisions:asset", kwargs={"pk": photo.pk, "variant": "kecil"})
    assert f'src="{thumbnail}"' in body and 'alt="Petugas menyerahkan bantuan"' in body
    assert "Kelengkapan langkah ini" in body
    assert "Informasi yang berupa kegiatan biasa rutin dapat langsung di setuju" in body
    assert "Naskah belum menyebut jumlah penerima bantuan." in body  # the earlier response
    assert "Jumlah penerima ditambahkan" in body  # the earlier step's note
    # Step 4 of seed C: "Ya"/"Tidak" and the route; no correction, no publishing.
    buttons = re.findall(r'<button type="submit"[^>]*>([^<]+)</button>', body)
    assert buttons == ["Ya", "Tidak"]
    assert 'name="rute-category"' in body and "Data penting" in body
    assert 'value="publish"' not in body and 'value="edit"' not in body

    response = phone.decide("approve", **{"rute-category": "kegiatan_rutin"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.values["category"] == "kegiatan_rutin" and item.step == "tampilkan"
    assert list(LogEntry.objects.filter(item=item, via="link").values_list(
        "outcome", flat=True)) == ["route_chosen", "approved"]


def test_the_route_and_the_approval_are_one_decision(world, monkeypatch):
    item = seed_c_item(world, target="filter_pimpinan_unit")
    sekretaris = with_pin(world.holder("pimpinan_unit"))
    phone = Phone().unlocked(link_for(sekretaris, item, "filter_pimpinan_unit"))
    before = snapshot(item)
    decide = workflow.decide

    def approval_refused(sop, state, action, *args, **kwargs):
        if isinstance(action, Approve):
            return Refused((Refusal(RefusalReason.REQUIREMENTS, "Persetujuan ditolak uji."),))
        return decide(sop, state, action, *args, **kwargs)

    monkeypatch.setattr(workflow, "decide", approval_refused)
    response = phone.decide("approve", **{"rute-category": "kebijakan"})

    assert response.status_code == 422
    assert "Persetujuan ditolak uji." in text(response)
    assert "tautan ini masih dapat dipakai" in text(response)
    _unchanged(item, before)  # the route chosen first is undone with it
    assert DecisionLink.objects.get().used_at is None


def test_sending_back_needs_a_written_response_and_then_returns_the_item(world, item):
    phone = Phone().unlocked(link_for(world.holder(KEPALA), item))
    before = snapshot(item)

    short = phone.decide("send_back", response="kurang")
    assert short.status_code == 422
    assert "Tanggapan tertulis wajib diisi (paling sedikit 10 karakter)" in text(short)
    _unchanged(item, before)

    done = phone.decide("send_back", response="Mohon cantumkan dasar hukum kebijakan ini.")
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.step == "sunting" and item.status == "returned"
    response = WrittenResponse.objects.get(item=item)
    assert response.author == world.holder(KEPALA) and response.label == "Tidak"
    assert LogEntry.objects.get(item=item, action="send_back").via == "link"


def test_the_publish_step_publishes_from_the_link(world):
    item = seed_c_item(world, target="tampilkan")
    admin_role = with_pin(world.holder("admin"))
    phone = Phone().unlocked(link_for(admin_role, item, "tampilkan"))
    body = text(phone.content())
    assert re.findall(r'<button type="submit"[^>]*>([^<]+)</button>', body) == ["Tayangkan"]

    response = phone.decide("publish", **{"kanal-tayang-tampil": "1"})

    assert response.status_code == 302, text(response)
    item.refresh_from_db()
    assert item.published_at is not None
    assert Publication.objects.filter(item=item, channel="website").exists()
    assert LogEntry.objects.get(item=item, action="publish").via == "link"


def test_an_action_the_page_does_not_offer_is_refused(world, item):
    phone = Phone().unlocked(link_for(world.holder(KEPALA), item))
    before = snapshot(item)
    for action in ("publish", "edit", "archive", "terbang"):
        response = phone.decide(action)
        assert response.status_code == 422
        assert "Tindakan ini tidak tersedia melalui tautan." in text(response)
    _unchanged(item, before)


# --- once, and bound to the item's version and step -----------------------------------------------


def test_a_link_works_once(world, item):
    url = link_for(world.holder(KEPALA), item)
    first, second = Phone().unlocked(url), Phone().unlocked(url)  # opened on two phones
    assert first.decide("approve").status_code == 302
    before = snapshot(item)

    _refused(second.decide("approve"), 410, "Tautan ini sudah dipakai")
    _refused(Phone().open(url), 410, "Tautan ini sudah dipakai untuk memutuskan pada")
    _unchanged(item, before)


def test_a_link_stops_working_when_the_item_moves(world, item):
    kepala = world.holder(KEPALA)
    url = link_for(kepala, item)
    phone = Phone().unlocked(url)
    other_kepala = add_person(world.org, "diy.kepala_dinas_2", world.procedure, (KEPALA,))
    assert perform(item.pk, other_kepala, Approve()).ok
    before = snapshot(item)

    body = _refused(phone.decide("approve"), 410, "Konten sudah berubah",
                    "Sejak tautan ini dikirim, Kepala Dinas 2 (Kepala Dinas) sudah menyetujui pada")
    assert "Tautan ini hanya berlaku untuk keadaan konten saat tautan dikirim." in body
    _refused(Phone().open(url), 410, "Konten sudah berubah")
    _unchanged(item, before)


def test_a_link_is_bound_to_the_version_even_at_the_same_step(world):
    item = seed_c_item(world, target="filter_pimpinan_unit")
    sekretaris = with_pin(world.holder("pimpinan_unit"))
    url = link_for(sekretaris, item, "filter_pimpinan_unit")
    other = add_person(world.org, "diy.kabid", world.procedure, ("pimpinan_unit",))
    assert perform(item.pk, other, ChooseRoute("category", "data_penting")).ok
    item.refresh_from_db()
    assert item.step == "filter_pimpinan_unit"
    before = snapshot(item)
    _refused(Phone().open(url), 410, "Konten sudah berubah", "sudah memilih rute")
    _unchanged(item, before)


def test_a_link_is_bound_to_its_person(world, item):
    """A link opened while signed in as someone else decides nothing, and asks no PIN."""
    url = link_for(world.holder(KEPALA), item)
    colleague = world.holder("pimpinan_unit")
    with_pin(colleague, "583920")
    phone = Phone()
    phone.client.force_login(colleague)
    before = snapshot(item)

    body = _refused(phone.open(url), 403, "Tautan ini untuk orang lain",
                    "Anda sedang masuk sebagai Pimpinan Unit")
    assert 'name="pin"' not in body
    _unchanged(item, before)
    assert phone.pin("583920").status_code == 400  # nothing was opened in this session
    _unchanged(item, before)


def test_the_link_opened_first_and_signed_in_as_another_person_later_decides_nothing(world, item):
    phone = Phone().unlocked(link_for(world.holder(KEPALA), item))
    phone.client.force_login(world.holder("pimpinan_unit"))
    before = snapshot(item)
    _refused(phone.decide("approve"), 403, "Tautan ini untuk orang lain")
    _unchanged(item, before)


def test_a_forwarded_link_asks_for_the_pin_of_its_person(world, item):
    url = link_for(world.holder(KEPALA), item)
    stranger = Phone()  # not signed in: a forwarded message
    assert stranger.open(url).status_code == 302
    before = snapshot(item)
    # Without the PIN the content is not even shown.
    assert stranger.content()["Location"] == reverse("decisions:pin-check")
    wrong = stranger.pin("905173")
    assert wrong.status_code == 422 and "PIN salah. Sisa percobaan: 4." in text(wrong)
    assert stranger.decide("approve")["Location"] == reverse("decisions:pin-check")
    _unchanged(item, before)


# --- expiry ---------------------------------------------------------------------------------------


def _at(monkeypatch, moment):
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_a_link_expires_at_the_steps_limit(world, item, monkeypatch):
    url = link_for(world.holder(KEPALA), item)
    link = DecisionLink.objects.get()
    assert item.due_limit is not None
    assert link.expires_at == item.due_limit  # "1 jam" after the step was entered
    before = snapshot(item)

    _at(monkeypatch, item.due_limit - timedelta(seconds=1))
    phone = Phone().unlocked(url)
    _at(monkeypatch, item.due_limit)
    _refused(phone.decide("approve"), 410, "Tautan sudah kedaluwarsa", "Tautan ini berlaku sampai")
    _refused(Phone().open(url), 410, "Tautan sudah kedaluwarsa")
    _unchanged(item, before)


def test_a_link_of_an_untimed_step_expires_after_72_hours(world, monkeypatch):
    path = next(p for p in bundled_paths() if p.name == "c-dinsos-diy.yaml")
    definition = path.read_text(encoding="utf-8")
    kepala_block = definition.index("key: filter_kepala_dinas")
    untimed = definition[:kepala_block] + definition[kepala_block:].replace(
        "time: 1 jam", "time: Tentatif", 1)
    add_definition(world.org, untimed, "c-tentatif.yaml", world.admin)
    item = seed_c_item(world)
    assert item.procedure_version.number == 2 and item.due_limit is None
    sent = timezone.now()
    url = link_for(world.holder(KEPALA), item, now=sent)
    assert DecisionLink.objects.get().expires_at == sent + timedelta(hours=72)

    _at(monkeypatch, sent + timedelta(hours=71, minutes=59))
    assert Phone().open(url).status_code == 302
    _at(monkeypatch, sent + timedelta(hours=72))
    _refused(Phone().open(url), 410, "Tautan sudah kedaluwarsa")


def test_a_link_sent_after_the_limit_still_works_for_72_hours(world, item):
    """The reminder at the limit and the escalations carry a link that works."""
    late = item.due_limit + timedelta(minutes=5)
    link_for(world.holder(KEPALA), item, now=late)
    assert DecisionLink.objects.get().expires_at == late + timedelta(hours=72)


# --- the person may no longer act -----------------------------------------------------------------


def test_a_link_stops_working_when_the_role_is_taken_away(world, item):
    kepala = world.holder(KEPALA)
    url = link_for(kepala, item)
    phone = Phone().unlocked(url)
    RoleGrant.objects.filter(membership__user=kepala, role_key=KEPALA).delete()
    before = snapshot(item)
    _refused(phone.decide("approve"), 403, "Anda tidak lagi memegang peran ini")
    _refused(Phone().open(url), 403, "Langkah 5 hanya dapat diputuskan oleh Kepala Dinas")
    _unchanged(item, before)
    assert issue_link(kepala, item, KEPALA_STEP) is None


@pytest.mark.parametrize("what", ["membership", "account"])
def test_a_link_stops_working_when_the_person_is_deactivated(world, item, what):
    kepala = world.holder(KEPALA)
    url = link_for(kepala, item)
    if what == "membership":
        Membership.objects.filter(user=kepala).update(is_active=False)
    else:
        type(kepala).objects.filter(pk=kepala.pk).update(is_active=False)
    before = snapshot(item)
    _refused(Phone().open(url), 403, "Anda tidak lagi memegang peran ini")
    _unchanged(item, before)


# --- revocation -----------------------------------------------------------------------------------


def test_the_person_revokes_a_link_on_the_pin_page(world, item):
    kepala = world.holder(KEPALA)
    url = link_for(kepala, item)
    own = Client()
    own.force_login(kepala)
    page = text(own.get(reverse("decisions:pin")))
    assert "Kebijakan penyaluran bantuan lansia" in page
    link = DecisionLink.objects.get()

    response = own.post(reverse("decisions:revoke-own", kwargs={"pk": link.pk}))

    assert response.status_code == 302
    assert "Tidak ada tautan keputusan Anda yang masih berlaku." in text(
        own.get(reverse("decisions:pin")))
    before = snapshot(item)
    _refused(Phone().open(url), 410, "Tautan sudah dicabut", "dicabut oleh Anda sendiri")
    _unchanged(item, before)


def test_nobody_revokes_someone_elses_link_from_their_own_page(world, item):
    link_for(world.holder(KEPALA), item)
    other = Client()
    other.force_login(world.holder("pimpinan_unit"))
    other.post(reverse("decisions:revoke-own", kwargs={"pk": DecisionLink.objects.get().pk}))
    other.post(reverse("decisions:revoke-own-all"))
    assert DecisionLink.objects.get().revoked_at is None


def test_the_organizations_admin_revokes_a_link(world, item):
    url = link_for(world.holder(KEPALA), item)
    link = DecisionLink.objects.get()
    manage = reverse("decisions:manage", kwargs={"org": world.slug})
    revoke = reverse("decisions:manage-revoke", kwargs={"org": world.slug, "pk": link.pk})
    member = Client()
    member.force_login(world.holder("pimpinan_unit"))
    assert member.get(manage).status_code == 404
    assert member.post(revoke).status_code == 404
    admin = Client()
    admin.force_login(world.admin)
    assert "Kepala Dinas" in text(admin.get(manage))

    assert admin.post(revoke).status_code == 302

    assert DecisionLink.objects.get().revoked_by == world.admin
    _refused(Phone().open(url), 410, "Tautan sudah dicabut", "dicabut oleh admin organisasi")


def test_an_admin_of_another_organization_revokes_nothing(world, item):
    link_for(world.holder(KEPALA), item)
    other = seed_c_world("bantul", "dinsos-bantul")
    admin = Client()
    admin.force_login(other.admin)
    url = reverse("decisions:manage-revoke",
                  kwargs={"org": other.slug, "pk": DecisionLink.objects.get().pk})
    assert admin.post(url).status_code == 404
    assert DecisionLink.objects.get().revoked_at is None


# --- when no link is issued -----------------------------------------------------------------------


def test_no_link_without_a_pin_or_with_a_locked_one(world, item):
    sekretaris = world.holder("pimpinan_unit")
    assert issue_link(sekretaris, seed_c_item(world, "Berita rutin", target="filter_pimpinan_unit"),
                      "filter_pimpinan_unit") is None
    kepala = world.holder(KEPALA)
    kepala.decision_pin.locked_at = timezone.now()
    kepala.decision_pin.save()
    assert issue_link(kepala, item, KEPALA_STEP) is None
    assert not DecisionLink.objects.exists()


def test_no_link_where_the_person_may_not_act(world, item):
    kepala = world.holder(KEPALA)
    assert issue_link(kepala, item, "filter_pimpinan_unit") is None  # not the item's step
    assert issue_link(with_pin(world.holder("pimpinan_unit")), item, KEPALA_STEP) is None
    draft = seed_c_item(world, "Draf", target="serahkan")
    contributor = with_pin(world.holder("kontributor"))
    assert issue_link(contributor, draft, "serahkan") is None  # a hand-in step: no decision
    assert not DecisionLink.objects.exists()


def test_no_link_for_someone_separation_of_duties_bars(world):
    """The Sekretaris who also holds the Kepala Dinas role approved at step 4: no link at 5."""
    sekretaris = with_pin(world.holder("pimpinan_unit"))
    RoleGrant.objects.create(membership=sekretaris.memberships.get(), procedure=world.procedure,
                             role_key=KEPALA)
    item = seed_c_item(world, "Kebijakan baru", target="filter_pimpinan_unit")
    assert perform(item.pk, sekretaris, ChooseRoute("category", "kebijakan")).ok
    assert perform(item.pk, sekretaris, Approve()).ok
    item.refresh_from_db()
    assert item.step == KEPALA_STEP
    assert issue_link(sekretaris, item, KEPALA_STEP) is None
    assert issue_link(world.holder(KEPALA), item, KEPALA_STEP) is not None


# --- what the link page reveals, and to whom ------------------------------------------------------


def test_files_are_served_to_the_unlocked_link_only(world, item):
    photo = MediaAsset.objects.get(item=item)
    other_item = seed_c_item(world, "Konten lain", target="sunting")
    foreign = upload(other_item, "gambar", other_item.created_by, "lain.jpg")
    phone = Phone()
    assert phone.open(link_for(world.holder(KEPALA), item)).status_code == 302
    thumbnail = reverse("decisions:asset", kwargs={"pk": photo.pk, "variant": "kecil"})
    assert phone.get(thumbnail).status_code == 404  # no PIN yet
    assert phone.pin().status_code == 302
    response = phone.get(thumbnail)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
    assert phone.get(reverse("decisions:asset", kwargs={
        "pk": foreign.pk, "variant": "asli"})).status_code == 404


def test_the_pin_is_asked_again_after_a_quarter_of_an_hour(world, item, monkeypatch):
    phone = Phone().unlocked(link_for(world.holder(KEPALA), item))
    assert phone.content().status_code == 200
    later = timezone.now() + timedelta(minutes=16)
    _at(monkeypatch, later)
    assert phone.content()["Location"] == reverse("decisions:pin-check")


def test_every_link_page_is_private(world, item):
    phone = Phone()
    for response in (phone.get(reverse("decisions:open")),
                     phone.open(link_for(world.holder(KEPALA), item)),
                     phone.get(reverse("decisions:pin-check")), phone.pin(), phone.content()):
        assert "no-store" in response["Cache-Control"]
        assert response["Referrer-Policy"] == "same-origin"


def test_a_made_up_or_mangled_token_is_unknown(world, item):
    url = link_for(world.holder(KEPALA), item)
    token = token_of(url)
    for wrong in ("", "abc", token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
                  token.split(":")[0] + ":" + "x" * 43, token + "x" * 300):
        _refused(Phone().post(reverse("decisions:open"), {"token": wrong}), 404,
                 "Tautan tidak dikenal")


def test_a_decision_page_without_an_opened_link_says_how_to_open_one(db):
    phone = Phone()
    for response in (phone.get(reverse("decisions:pin-check")), phone.content(),
                     phone.decide("approve"), phone.get(reverse("decisions:done"))):
        _refused(response, 400, "Buka tautan dari pesan")


# --- rate limits ----------------------------------------------------------------------------------


def test_opening_links_is_rate_limited_per_address(world, item, monkeypatch):
    monkeypatch.setattr(ratelimit, "OPENING", ratelimit.Limit("buka-uji", 3, 600))
    url = link_for(world.holder(KEPALA), item)
    phone = Phone()
    for _ in range(3):
        phone.post(reverse("decisions:open"), {"token": "tebakan"})
    before = snapshot(item)
    body = _refused(phone.open(url), 429, "Terlalu banyak percobaan")
    assert re.search(r"Tunggu (10|[1-9]) menit", body)
    _unchanged(item, before)
    # Another address is not held back.
    other = Phone(Client(REMOTE_ADDR="10.0.0.7"))
    assert other.open(url).status_code == 302


def test_pin_tries_are_rate_limited_per_address_before_any_pin_is_compared(world, item,
                                                                           monkeypatch):
    monkeypatch.setattr(ratelimit, "PIN_TRIES", ratelimit.Limit("pin-uji", 2, 600))
    phone = Phone()
    phone.open(link_for(world.holder(KEPALA), item))
    assert phone.pin("111390").status_code == 422
    assert phone.pin("222391").status_code == 422
    _refused(phone.pin(PIN), 429, "Terlalu banyak percobaan")  # even the right one
    assert world.holder(KEPALA).decision_pin.failed_attempts == 2


# --- nothing logged, nothing stored ---------------------------------------------------------------


def test_the_token_and_the_pin_never_reach_a_log_a_request_line_or_the_database(
    world, item, caplog
):
    caplog.set_level(logging.DEBUG)
    kepala = world.holder(KEPALA)
    url = link_for(kepala, item)
    token = token_of(url)
    secret = token.split(":")[0]
    phone = Phone()
    phone.open(url)
    phone.pin("905173")  # a wrong PIN first
    phone.pin(PIN)
    phone.content()
    phone.decide("send_back", response="pendek")  # a refusal
    phone.decide("approve")
    Phone().open(url)  # a second use
    Phone().post(reverse("decisions:open"), {"token": token + "rusak"})

    logged = caplog.text + " ".join(str(record.args) for record in caplog.records)
    for secret_text in (token, secret, PIN, "905173"):
        assert secret_text not in logged
        # The request line (what an access log writes) carries no token: it is in the fragment.
        assert not any(secret_text in path for path in phone.paths)
    stored = list(DecisionLink.objects.values_list())
    assert token not in repr(stored) and secret not in repr(stored)
    assert PIN not in kepala.decision_pin.pin_hash
    # Error reports would hide them too (Django's sensitive_post_parameters).
    opened = Phone().post(reverse("decisions:open"), {"token": token})
    assert opened.wsgi_request.sensitive_post_parameters == ("token",)
    assert phone.pin(PIN).wsgi_request.sensitive_post_parameters == ("pin",)


def test_the_link_address_carries_the_token_only_in_the_fragment(world, item, settings):
    settings.TAYANG_PUBLIC_BASE_URL = "https://tayang.jogjaprov.go.id/"
    url = link_for(world.holder(KEPALA), item)
    base, _, token = url.partition("#")
    assert base == "https://tayang.jogjaprov.go.id/putuskan/"
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}:[A-Za-z0-9_-]{43}", token)



# --- two taps at once -----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_taps_on_the_same_link_at_once_decide_once(shared_db, monkeypatch):  # noqa: F811
    world = seed_c_world()
    with_pin(world.holder(KEPALA))
    item = seed_c_item(world)
    url = link_for(world.holder(KEPALA), item)
    phones = [Phone().unlocked(url), Phone().unlocked(url)]  # the link opened twice
    decide = workflow.decide

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(0.15)  # while the link's row is locked: the taps overlap for sure
        return decide(*args, **kwargs)

    monkeypatch.setattr(workflow, "decide", slow)
    responses = shared_db.together(*(
        lambda phone=phone: phone.decide("approve") for phone in phones
    ))

    assert sorted(response.status_code for response in responses) == [302, 410]
    refused = next(response for response in responses if response.status_code == 410)
    assert "Tautan ini sudah dipakai" in text(refused)
    assert Approval.objects.filter(item=item, step=KEPALA_STEP).count() == 1
    assert LogEntry.objects.filter(item=item, step=KEPALA_STEP, via="link").count() == 1
