"""Outside parties in the product (issue 12, point 2): the admin enters the offices, an office
gets an e-mail with a link bound to it, the item, the step and the version when an item
reaches its step, answers on a page without an account, and every misuse is refused with a
clear page that changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from tayang.decisions import links
from tayang.decisions.models import DecisionLink
from tayang.engine.actions import Approve, HandIn, Publish
from tayang.items.models import Item, LogEntry, WrittenResponse
from tayang.items.workflow import perform
from tayang.notify import dispatch
from tayang.notify.models import Delivery
from tayang.parties.models import OutsideParty, PartyGrant
from tayang.workspace.item_page import _history
from tests.notify.smtp import SmtpServer

from .decision_kit import Phone, fresh_rate_limits, text  # noqa: F401  (an autouse fixture)
from .party_kit import ANSWER, OFFICE_EMAIL, emailed_link, handed_in, police_world
from .world import PASSWORD, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return police_world()


def _refused(response, status: int, *phrases: str) -> None:
    assert response.status_code == status, (response.status_code, text(response)[:2000])
    body = text(response)
    for phrase in (*phrases, links.NOTHING_CHANGED):
        assert escape(phrase) in body or phrase in body, f"{phrase!r} not in page"


def _opened(url: str) -> Phone:
    phone = Phone()
    opened = phone.open(url)
    # No PIN for an office: the link from its mailbox opens the page itself.
    assert opened.status_code == 302, text(opened)
    assert opened["Location"] == reverse("decisions:decide")
    return phone


# --- the office's account -----------------------------------------------------------------------


def test_an_office_acts_through_an_account_that_never_signs_in(world):
    user = world.office.user
    assert not user.is_active and not user.has_usable_password()
    assert user.get_full_name() == "Satreskrim (Polres Contoh)"
    assert user.email == OFFICE_EMAIL
    assert not user.memberships.exists()
    assert not Client().login(username=user.username, password=PASSWORD)


# --- the e-mail and the link --------------------------------------------------------------------


def test_the_office_is_emailed_a_link_when_the_item_reaches_its_step(world, settings):
    server = SmtpServer().start()
    try:
        server.use_in(settings)
        item = handed_in(world)
        delivery = Delivery.objects.get(notification__user=world.office.user)
        assert delivery.medium == "email"
        assert dispatch.send(delivery.pk) == "sent"
        assert dispatch.send(delivery.pk) == "skipped"  # exactly once
        (mail,) = server.mailbox.to(OFFICE_EMAIL)
    finally:
        server.stop()
    assert mail.subject.startswith("Permintaan Polres Contoh: Pengungkapan kasus curanmor")
    assert "Polres Contoh meminta Satuan kerja pengolah informasi" in mail.text
    assert "/putuskan/#" in mail.text
    assert "Pesan otomatis Tayang dari Kepolisian Resor Contoh untuk Satreskrim" in mail.text
    link = DecisionLink.objects.get()
    assert (link.user_id, link.item_id, link.step, link.item_version) == (
        world.office.user_id, item.pk, "verifikasi", item.version)
    assert link.expires_at == item.due_limit  # "2 hari kerja"


def test_the_office_answers_in_writing_and_the_item_moves_on(world):
    item = handed_in(world)
    phone = _opened(emailed_link(world, item))
    page = text(phone.content())
    assert "Yang diminta dari Anda" in page
    assert "Mohon pastikan jumlah kasus (12)" in page  # the question travels with the content
    assert "Riwayat dan catatan" not in page  # nothing of the organization's people
    assert "polres.operator" not in page and "ruang kerja" not in page
    assert "Data akurat" in page and "Perlu diperbaiki" in page

    refused = phone.decide("approve", accept_response="ok")
    assert refused.status_code == 422
    assert "Tanggapan tertulis wajib diisi" in text(refused)
    done = phone.decide("approve", accept_response=ANSWER)
    assert done.status_code == 302
    assert "Terima kasih" in text(phone.get(done["Location"]))

    item.refresh_from_db()
    assert item.step == "setujui"
    entry = LogEntry.objects.filter(item=item, outcome="approved").get()
    assert (entry.actor_id, entry.role, entry.via) == (world.office.user_id, "satker_pengolah",
                                                       "link")
    response = WrittenResponse.objects.get(item=item, kind="accepted")
    assert (response.text, response.author_id) == (ANSWER, world.office.user_id)
    history = _history(item.procedure_version.sop, item)
    row = next(row for row in history if row["entry"].pk == entry.pk)
    assert row["role"] == "pihak luar: Satuan kerja pengolah informasi"
    assert row["entry"].actor.get_full_name() == "Satreskrim (Polres Contoh)"


def test_the_office_sends_back_and_the_operator_is_told(world):
    item = handed_in(world)
    phone = _opened(emailed_link(world, item))
    assert phone.decide("send_back", response="Jumlah tersangka 4, bukan 5.").status_code == 302
    item.refresh_from_db()
    assert (item.step, item.status) == ("susun", "returned")
    operator = world.people["operator"]
    assert operator.notifications.filter(item=item, kind="sent_back").exists()


def test_a_reused_link_is_refused_and_changes_nothing(world):
    item = handed_in(world)
    url = emailed_link(world, item)
    first, second = _opened(url), _opened(url)
    assert first.decide("approve", accept_response=ANSWER).status_code == 302
    item.refresh_from_db()
    before = snapshot(item)
    _refused(second.decide("approve", accept_response=ANSWER), 410, "Tautan ini sudah dipakai")
    _refused(Phone().open(url), 410, "Tautan sudah dipakai")
    assert snapshot(item) == before


def test_a_link_stops_when_the_item_moves_on_or_the_limit_passes(world, monkeypatch):
    item = handed_in(world)
    url = emailed_link(world, item)
    limit = item.due_limit
    monkeypatch.setattr(timezone, "now", lambda: limit + timedelta(seconds=1))
    before = snapshot(item)
    _refused(Phone().open(url), 410, "Tautan sudah kedaluwarsa", "Hubungi Kepolisian Resor Contoh")
    assert snapshot(item) == before
    monkeypatch.undo()

    phone = _opened(url)
    # The office of another key (a second Satreskrim desk) answered meanwhile.
    from tayang.parties.accounts import save_party
    other = save_party(world.org, name="Satreskrim Piket", office="Polres Contoh",
                       email="piket@polres-contoh.go.id",
                       grants=[(world.procedure, "satker_pengolah")])
    assert perform(item.pk, other.user, Approve(response=ANSWER)).ok
    item.refresh_from_db()
    before = snapshot(item)
    _refused(phone.decide("approve", accept_response=ANSWER), 410, "Konten sudah berubah",
             "Satreskrim Piket (Polres Contoh) sudah")
    assert snapshot(item) == before


def test_a_tampered_link_is_unknown(world):
    item = handed_in(world)
    url = emailed_link(world, item)
    before = snapshot(item)
    tampered = url[:-3] + ("AAA" if not url.endswith("AAA") else "BBB")
    _refused(Phone().open(tampered), 404, "Tautan tidak dikenal")
    assert snapshot(item) == before


def test_an_admin_revokes_the_offices_link(world):
    item = handed_in(world)
    url = emailed_link(world, item)
    admin = Client()
    admin.force_login(world.admin)
    page = admin.get(reverse("decisions:manage", kwargs={"org": world.org.slug}))
    assert "Satreskrim (Polres Contoh)" in text(page)
    link = DecisionLink.objects.get()
    revoked = admin.post(reverse("decisions:manage-revoke",
                                 kwargs={"org": world.org.slug, "pk": link.pk}))
    assert revoked.status_code == 302
    _refused(Phone().open(url), 410, "Tautan sudah dicabut", "oleh admin organisasi")


def test_an_office_no_longer_filling_the_party_cannot_answer(world):
    item = handed_in(world)
    url = emailed_link(world, item)
    PartyGrant.objects.filter(party=world.office).delete()
    _refused(Phone().open(url), 403, "Tautan tidak lagi berlaku untuk kantor Anda")


def test_members_do_not_act_at_the_partys_step(world):
    item = handed_in(world)
    result = perform(item.pk, world.people["kasi_humas"], Approve(response=ANSWER))
    assert not result.ok
    assert "Satuan kerja pengolah informasi" in result.message


def test_the_whole_walk_ends_published(world):
    item = handed_in(world)
    assert perform(item.pk, world.office.user, Approve(response=ANSWER)).ok
    assert perform(item.pk, world.people["kasi_humas"], Approve()).ok
    published = perform(item.pk, world.people["operator_2"], Publish(channels=("website",)))
    assert published.ok, published.message
    assert Item.objects.get(pk=item.pk).status == "finished"


def test_the_office_may_hand_in_nothing_of_its_own(world):
    item = handed_in(world)
    assert not perform(item.pk, world.office.user, HandIn()).ok


# --- Kelola › Pihak luar --------------------------------------------------------------------------


def _admin(world) -> Client:
    client = Client()
    client.force_login(world.admin)
    return client


def test_the_admin_enters_an_office_and_the_party_it_fills(world):
    url = reverse("workspace:manage-parties", kwargs={"org": world.org.slug})
    client = _admin(world)
    page = text(client.get(url))
    assert "Verifikasi Akurasi Informasi dengan Satuan Kerja Pengolah › Satuan kerja pengolah " \
           "informasi" in page
    slot = f"{world.procedure.pk}:satker_pengolah"
    response = client.post(url, {"name": "Satlantas", "office": "Polres Contoh",
                                 "email": "Satlantas@Polres-Contoh.go.id", "slots": [slot],
                                 "is_active": "on"})
    assert response.status_code == 302
    office = OutsideParty.objects.get(name="Satlantas")
    assert office.email == "satlantas@polres-contoh.go.id"
    assert list(office.grants.values_list("party_key", flat=True)) == ["satker_pengolah"]
    assert "Satlantas" in text(client.get(url))


@pytest.mark.parametrize(("email", "says"), [
    ("satlantas.polres", "bukan alamat e-mail yang sah"),
    ("satlantas@", "bukan alamat e-mail yang sah"),
    ("", "Alamat e-mail wajib diisi."),
    (OFFICE_EMAIL, "sudah dipakai pihak luar lain"),
])
def test_a_bad_email_is_refused_and_nothing_is_saved(world, email, says):
    url = reverse("workspace:manage-parties", kwargs={"org": world.org.slug})
    before = (OutsideParty.objects.count(), PartyGrant.objects.count())
    response = _admin(world).post(url, {"name": "Satlantas", "office": "Polres Contoh",
                                        "email": email, "is_active": "on"})
    assert response.status_code == 422
    assert escape(says) in text(response) or says in text(response)
    assert (OutsideParty.objects.count(), PartyGrant.objects.count()) == before


def test_a_party_of_an_sop_the_organization_does_not_run_is_refused(world):
    url = reverse("workspace:manage-parties", kwargs={"org": world.org.slug})
    response = _admin(world).post(url, {"name": "Satlantas", "office": "Polres Contoh",
                                        "email": "satlantas@polres-contoh.go.id",
                                        "slots": ["999:satker_pengolah"]})
    assert response.status_code == 422
    assert "tidak ada pada SOP organisasi" in text(response)


def test_editing_an_office_changes_where_the_next_email_goes(world):
    url = reverse("workspace:manage-party", kwargs={"org": world.org.slug,
                                                    "pk": world.office.pk})
    slot = f"{world.procedure.pk}:satker_pengolah"
    response = _admin(world).post(url, {"name": "Satreskrim", "office": "Polres Contoh",
                                        "email": "reskrim@polres-contoh.go.id",
                                        "slots": [slot], "is_active": "on"})
    assert response.status_code == 302
    world.office.refresh_from_db()
    world.office.user.refresh_from_db()
    assert world.office.user.email == "reskrim@polres-contoh.go.id"
    assert not world.office.user.is_active


def test_the_overdue_page_names_the_office_that_is_late(world):
    item = handed_in(world)
    Item.objects.filter(pk=item.pk).update(due_limit=timezone.now() - timedelta(hours=1))
    response = _admin(world).get(reverse("workspace:overdue", kwargs={"org": world.org.slug}))
    assert response.status_code == 200
    page = text(response)
    assert "Pihak luar Satuan kerja pengolah informasi: Satreskrim (Polres Contoh)" in page


def test_a_party_nobody_fills_tells_the_admins_and_a_new_office_gets_the_waiting_item():
    world = police_world("polsek-contoh", with_office=False)
    item = handed_in(world)
    (told,) = world.admin.notifications.filter(item=item)
    assert told.title.startswith("Pihak luar belum diisi: Pengungkapan kasus curanmor")
    assert "belum ada kantor aktif yang mengisinya" in told.body
    assert told.link == reverse("workspace:manage-parties", kwargs={"org": world.org.slug})

    from tayang.parties.accounts import save_party
    office = save_party(world.org, name="Satreskrim", office="Polsek Contoh",
                        email="reskrim@polsek-contoh.go.id",
                        grants=[(world.procedure, "satker_pengolah")])
    arrived = office.user.notifications.get(item=item)
    assert (arrived.kind, arrived.step) == ("arrived", "verifikasi")
    # Saving the office again tells it nothing twice.
    save_party(world.org, name="Satreskrim", office="Polsek Contoh",
               email="reskrim@polsek-contoh.go.id", grants=[(world.procedure, "satker_pengolah")],
               party=office)
    assert office.user.notifications.filter(item=item).count() == 1
