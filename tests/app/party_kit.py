"""An organization whose SOPs ask outside parties (tests/sop/fixtures/parties/), the offices
that fill them, and the link an office's e-mail carries."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import AbstractUser

from tayang.engine.actions import HandIn
from tayang.items.models import Item
from tayang.items.workflow import create_item, perform
from tayang.notify import compose
from tayang.notify.models import Notification
from tayang.orgs.models import Organization
from tayang.parties.accounts import save_party
from tayang.parties.models import OutsideParty
from tayang.procedures.models import Procedure
from tayang.procedures.services import add_definition

from .world import add_person

PARTIES = Path(__file__).parents[1] / "sop" / "fixtures" / "parties"
POLICE = PARTIES / "polres-verifikasi-satker.yaml"
COURT = PARTIES / "pn-kembali-kepaniteraan.yaml"
OFFICE_EMAIL = "satreskrim@polres-contoh.go.id"
ANSWER = "Data jumlah kejadian sudah kami cocokkan dengan laporan polisi: akurat."


@dataclass
class PartyWorld:
    org: Organization
    procedure: Procedure
    admin: AbstractUser
    people: dict[str, AbstractUser]
    office: OutsideParty | None


def police_world(slug: str = "polres-contoh", *, with_office: bool = True) -> PartyWorld:
    """The police SOP, its members (two operators: one hands in, the other publishes) and the
    Satreskrim filling the party ``satker_pengolah``."""
    org = Organization.objects.create(slug=slug, name="Kepolisian Resor Contoh",
                                      short_name="Polres Contoh", timezone="Asia/Jakarta")
    procedure, _ = add_definition(org, POLICE.read_text(encoding="utf-8"), POLICE.name, None)
    prefix = slug.split("-")[0]
    admin = add_person(org, f"{prefix}.kelola", procedure, (), admin=True)
    people = {key: add_person(org, f"{prefix}.{key}", procedure, (role,))
              for key, role in (("operator", "operator"), ("operator_2", "operator"),
                                ("kasi_humas", "kasi_humas"))}
    office = save_party(org, name="Satreskrim", office="Polres Contoh", email=OFFICE_EMAIL,
                        grants=[(procedure, "satker_pengolah")]) if with_office else None
    return PartyWorld(org, procedure, admin, people, office)


def handed_in(world: PartyWorld, title: str = "Pengungkapan kasus curanmor") -> Item:
    result = create_item(world.procedure, world.people["operator"], {
        "judul": title,
        "rilis": "Satreskrim Polres Contoh mengungkap 12 kasus pencurian kendaraan bermotor.",
        "pertanyaan": "Mohon pastikan jumlah kasus (12) dan jumlah tersangka (5).",
    })
    assert result.ok, result.message
    assert result.item is not None
    handed = perform(result.item.pk, world.people["operator"], HandIn())
    assert handed.ok, handed.message
    item = handed.item
    assert item is not None and item.step == "verifikasi"
    return item


def office_notification(world: PartyWorld, item: Item) -> Notification:
    return Notification.objects.get(user=world.office.user, item=item, step=item.step)


def emailed_link(world: PartyWorld, item: Item) -> str:
    """The link the office's e-mail carries, made as the e-mail is sent."""
    link = compose.outgoing(office_notification(world, item), "k").link
    assert "/putuskan/#" in link, link
    return link
