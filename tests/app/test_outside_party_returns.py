"""A send-back chosen by the route reaches the outside party of the item's route (the court's
clerk's office by case type): that office, and only it, is e-mailed a link; it answers on the
page and the item returns to the step that sent it back (tests/sop/fixtures/parties/)."""

from __future__ import annotations

import pytest

from tayang.decisions.models import DecisionLink
from tayang.engine.actions import Approve, HandIn, Publish, SendBack
from tayang.items.models import Item
from tayang.items.workflow import create_item, perform
from tayang.notify import compose
from tayang.notify.models import Notification
from tayang.orgs.models import Organization
from tayang.parties.accounts import save_party
from tayang.procedures.services import add_definition

from .decision_kit import Phone, fresh_rate_limits, text  # noqa: F401  (an autouse fixture)
from .party_kit import COURT
from .world import add_person

pytestmark = pytest.mark.django_db

FIXED = "Nama saksi sudah dianonimkan; salinan baru kami kirim ke meja informasi."


@pytest.fixture
def court():
    org = Organization.objects.create(slug="pn-contoh", name="Pengadilan Negeri Contoh",
                                      short_name="PN Contoh", timezone="Asia/Makassar")
    procedure, _ = add_definition(org, COURT.read_text(encoding="utf-8"), COURT.name, None)
    people = {key: add_person(org, f"pn.{key}", procedure, (role,)) for key, role in (
        ("petugas", "petugas"), ("petugas_2", "petugas"), ("panmud", "panmud_hukum"))}
    offices = {
        case: save_party(org, name=f"Kepaniteraan {case.title()}", office="PN Contoh",
                         email=f"{case}@pn-contoh.go.id",
                         grants=[(procedure, f"kepaniteraan_{case}")])
        for case in ("perdata", "pidana")
    }
    return procedure, people, offices


def _handed_in(court, case: str) -> Item:
    procedure, people, _ = court
    made = create_item(procedure, people["petugas"], {
        "nomor": f"12/Pdt.G/2026/PN Cth ({case})", "jenis_perkara": case,
        "amar": "Mengabulkan gugatan penggugat untuk sebagian.",
    })
    assert made.ok and made.item is not None, made.message
    handed = perform(made.item.pk, people["petugas"], HandIn())
    assert handed.ok and handed.item is not None, handed.message
    assert handed.item.step == "periksa"  # the clerk's offices are not on the way forward
    return handed.item


@pytest.mark.parametrize("case", ["perdata", "pidana"])
def test_the_send_back_goes_to_the_clerks_office_of_the_case_type(court, case):
    _, people, offices = court
    other = "pidana" if case == "perdata" else "perdata"
    item = _handed_in(court, case)
    assert not Notification.objects.filter(user__outside_party__isnull=False).exists()

    sent = perform(item.pk, people["panmud"], SendBack("Nama saksi di halaman 3 belum anonim."))
    assert sent.ok, sent.message
    item.refresh_from_db()
    assert item.step == f"perbaiki_{case}"
    told = Notification.objects.get(user=offices[case].user, item=item)
    assert told.kind == "sent_back"
    assert told.title.startswith("Dikembalikan oleh PN Contoh: 12/Pdt.G/2026")
    assert told.body.startswith("“Nama saksi di halaman 3 belum anonim.” Yang diminta: "
                                f"Memperbaiki anonimisasi putusan perkara {case}")
    assert not Notification.objects.filter(user=offices[other].user).exists()

    link = compose.outgoing(told, "k").link
    phone = Phone()
    assert phone.open(link).status_code == 302
    page = text(phone.content())
    assert "Nama saksi di halaman 3 belum anonim." in page  # why it came back
    assert "Selesai" in page and 'value="send_back"' not in page  # a work step: answer only
    assert phone.decide("approve", accept_response=FIXED).status_code == 302
    item.refresh_from_db()
    assert item.step == "periksa"
    assert DecisionLink.objects.get().used_at is not None
    response = item.responses.get(kind="accepted")
    assert (response.text, response.author_id) == (FIXED, offices[case].user_id)

    assert perform(item.pk, people["panmud"], Approve()).ok
    assert perform(item.pk, people["petugas_2"], Publish(channels=("website",))).ok
    item.refresh_from_db()
    assert item.status == "finished"


def test_the_other_clerks_office_cannot_answer_for_the_case(court):
    _, people, offices = court
    item = _handed_in(court, "perdata")
    assert perform(item.pk, people["panmud"], SendBack("Nama saksi belum anonim.")).ok
    refused = perform(item.pk, offices["pidana"].user, Approve(response=FIXED))
    assert not refused.ok
    assert "Kepaniteraan Perdata" in refused.message
