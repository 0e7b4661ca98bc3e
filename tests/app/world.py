"""Builders for the workspace tests: organizations running an SOP, their people, and items.

Accounts are named as in the demo ("<prefix>.kelola" is the organization's admin, "<prefix>.<role
key>" holds one SOP role) and everything is made through the product's own services, so items
carry real register numbers, histories and files.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Model
from PIL import Image

from tayang.engine.actions import Action, Approve, Archive, Edit, HandIn, Publish
from tayang.items.models import Approval, Item, LogEntry, WrittenResponse
from tayang.items.workflow import Result, create_item, perform
from tayang.media.intake import accept_upload
from tayang.media.models import MediaAsset
from tayang.orgs.models import Membership, Organization, Unit
from tayang.procedures.models import Procedure, RoleGrant
from tayang.procedures.services import adopt_bundled
from tayang.sop.model import END, Sop, StepKind

PASSWORD = "tayang-demo"
SOP_A = "gunungkidul-dpmptsp-upload-konten"  # 5 roles: hand in, 2 reviews, decision, publish
SOP_C = "dinsos-diy-media-informasi"  # photo-only, video-only and document fields
NARRATIVE = (
    "Kegiatan sosialisasi layanan perizinan dilaksanakan di balai desa dan dihadiri warga, "
    "perangkat desa dan pelaku usaha setempat."
)


@dataclass
class World:
    """One organization running one SOP, with an admin and one person per SOP role."""

    org: Organization
    procedure: Procedure
    admin: AbstractUser
    people: dict[str, AbstractUser]
    units: list[Unit]
    extra: dict[str, AbstractUser] = field(default_factory=dict)

    @property
    def sop(self) -> Sop:
        return self.procedure.current.sop

    @property
    def slug(self) -> str:
        return self.org.slug

    def holder(self, role_key: str) -> AbstractUser:
        return self.people[role_key]


def make_world(
    prefix: str, slug: str, sop_key: str = SOP_A, *, zone: str = "Asia/Jakarta"
) -> World:
    org = Organization.objects.create(
        slug=slug, name=f"Dinas Contoh {prefix.title()}", short_name=prefix.title(),
        timezone=zone,
    )
    units = [
        Unit.objects.create(organization=org, name="Sekretariat", kind=Unit.Kind.SECRETARIAT),
        Unit.objects.create(organization=org, name="Bidang Pelayanan", kind=Unit.Kind.DIVISION),
    ]
    procedure = adopt_bundled(org, sop_key)
    admin = add_person(org, f"{prefix}.kelola", procedure, (), admin=True, unit=units[0])
    sop = procedure.current.sop
    field_roles = set(sop.first_step.roles)
    people = {
        role.key: add_person(
            org, f"{prefix}.{role.key}", procedure, (role.key,),
            unit=units[1] if role.key in field_roles else units[0],
        )
        for role in sop.roles
    }
    return World(org, procedure, admin, people, units)


def add_person(
    org: Organization, username: str, procedure: Procedure | None, roles: Iterable[str], *,
    admin: bool = False, active: bool = True, unit: Unit | None = None,
) -> AbstractUser:
    user = get_user_model().objects.create_user(
        username, password=PASSWORD, first_name=username.split(".")[-1].replace("_", " ").title()
    )
    membership = Membership.objects.create(
        organization=org, user=user, unit=unit, is_admin=admin, is_active=active,
    )
    for role_key in roles:
        assert procedure is not None
        RoleGrant.objects.create(membership=membership, procedure=procedure, role_key=role_key)
    return user


# --- files --------------------------------------------------------------------------------------


def jpeg_bytes(size: tuple[int, int] = (48, 32), color: tuple[int, int, int] = (30, 90, 150),
               **save_options: object) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG", quality=80, **save_options)
    return buffer.getvalue()


def png_bytes(size: tuple[int, int] = (40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 80), (255, 255, 255)).save(buffer, "PDF", resolution=72)
    return buffer.getvalue()


def uploaded(name: str, data: bytes, content_type: str = "application/octet-stream"
             ) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type)


def upload(item: Item, field_key: str, user: AbstractUser, name: str = "foto.jpg",
           data: bytes | None = None) -> MediaAsset:
    sop = item.procedure_version.sop
    return accept_upload(item, sop.field(field_key), uploaded(name, data or jpeg_bytes()), user)


# --- items --------------------------------------------------------------------------------------


def new_item(world: World, title: str = "Sosialisasi layanan perizinan", *,
             author: AbstractUser | None = None, unit: Unit | None = None,
             now: datetime | None = None, **values: object) -> Item:
    sop = world.sop
    author = author or world.holder(sop.first_step.roles[0])
    result = create_item(
        world.procedure, author, {"title": title, **values},
        unit_id=unit.pk if unit else None, now=now,
    )
    assert result.ok, result.message
    assert result.item is not None
    return result.item


def ready_item(world: World, title: str = "Sosialisasi layanan perizinan", *,
               photos: int = 5, now: datetime | None = None, **kwargs: object) -> Item:
    """A draft of SOP A with everything its hand-in asks for (photos, narrative, caption)."""
    item = new_item(
        world, title, activity_date="2026-03-02", place="Balai Desa Wonosari",
        narrative=NARRATIVE, caption="Sosialisasi perizinan di Wonosari", now=now,
        **kwargs,  # type: ignore[arg-type]
    )
    author = item.created_by
    entries = [
        {"id": upload(item, "media", author, f"foto-{n}.jpg",
                      jpeg_bytes(color=(20 * n, 90, 150))).pk,
         "alt": f"Peserta mengikuti pelatihan di aula, foto {n}"}
        for n in range(1, photos + 1)
    ]
    if entries:
        result = perform(item.pk, author, Edit({"media": entries}, note="Unggah"), now=now)
        assert result.ok, result.message
    item.refresh_from_db()
    return item


ACCEPT_RESPONSE = "Dokumentasi dan narasi sudah diperiksa dan sesuai."

def step_action(sop: Sop, step_key: str) -> Action:
    """The action that moves an item on from ``step_key``, with its checklist ticked."""
    step = sop.step(step_key)
    ticked = frozenset(r.text for r in step.requirements if r.is_checklist)
    return {
        StepKind.HANDIN: HandIn(ticked), StepKind.PUBLISH: Publish(confirmed=ticked),
        StepKind.ARCHIVE: Archive(),
    }.get(step.kind, Approve(confirmed=ticked, response=ACCEPT_RESPONSE if step.accept_response
                             else ""))


def drive(world: World, item: Item, target: str, *, now: datetime | None = None) -> Item:
    """Move ``item`` on until it waits at step ``target`` (``END``: until it has finished)."""
    sop = item.procedure_version.sop
    for _ in range(2 * len(sop.steps)):
        item.refresh_from_db()
        if item.step == target or (target == END and not item.step):
            return item
        user = world.holder(sop.step(item.step).roles[0])
        result = perform(item.pk, user, step_action(sop, item.step), now=now)
        assert result.ok, result.message
    raise AssertionError(f"item did not reach {target}")


def act(item: Item, user: AbstractUser, action: Action, **kwargs: object) -> Result:
    return perform(item.pk, user, action, **kwargs)  # type: ignore[arg-type]


# --- what must not change -----------------------------------------------------------------------


def snapshot(item: Item) -> dict[str, object]:
    """Everything an action leaves behind on an item, to compare before and after a refusal."""
    fresh = Item.objects.get(pk=item.pk)
    return {
        "version": fresh.version, "status": fresh.status, "step": fresh.step,
        "revision": fresh.revision, "values": fresh.values, "passed": fresh.passed,
        "register": fresh.register_code,
        "log": LogEntry.objects.filter(item=item).count(),
        "approvals": Approval.objects.filter(item=item).count(),
        "responses": WrittenResponse.objects.filter(item=item).count(),
        "revisions": fresh.revisions.count(),
        "visits": fresh.visits.count(),
        "assets": MediaAsset.objects.filter(item=item).count(),
    }


def counts(*models: type[Model]) -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in models}

