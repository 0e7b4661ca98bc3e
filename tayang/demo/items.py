"""Sample items for the demo organizations, standing at every point of each SOP.

They are made through the same services people use (create, upload, the engine's actions), so
each has a real register number, history, written responses and approvals. Their clock starts
in the past, so the inbox shows items on time, late and overdue.
"""

from __future__ import annotations

import io
from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tayang.accessible import making
from tayang.demo.photos import activity_photo
from tayang.engine.actions import (
    Action,
    Approve,
    Archive,
    ChooseRoute,
    Edit,
    HandIn,
    Publish,
    SendBack,
)
from tayang.items.models import Item
from tayang.items.workflow import create_item, perform
from tayang.media.intake import accept_upload
from tayang.media.pillow import Image, ImageDraw
from tayang.orgs.models import Membership
from tayang.procedures.models import Procedure
from tayang.sop import flow
from tayang.sop.model import (
    END,
    FIVE_W_ONE_H_PARTS,
    FieldKind,
    ItemField,
    MediaKind,
    Sop,
    Step,
    StepKind,
)

_TITLES = (
    "Sosialisasi layanan perizinan berusaha di Balai Desa",
    "Pelatihan kerja berbasis kompetensi angkatan II",
    "Penyaluran bantuan sosial bagi lansia terlantar",
    "Rapat koordinasi pengawasan harga bahan pokok",
    "Pameran produk UMKM unggulan daerah",
    "Monitoring pelaksanaan program padat karya",
    "Bimbingan teknis pengelolaan informasi publik",
)
_STEP_MINUTES = 25  # how long each demo person takes to act


def build_items(procedure: Procedure, people: dict[str, AbstractUser]) -> int:
    """A draft, one item waiting at each step after hand-in, one sent back, two finished."""
    sop = procedure.current.sop
    route = {key: _route_value(sop, key) for step in sop.steps for key in step.chooses}
    path = flow.path(sop, route)
    handin = next(i for i, s in enumerate(path) if s.kind is StepKind.HANDIN)
    targets: list[str | None] = [None, *(s.key for s in path[handin + 1:]), END, END]
    now = timezone.now()
    for number, target in enumerate(targets):
        title = _TITLES[number % len(_TITLES)]
        started = now - timedelta(hours=5 * (len(targets) - number))
        item = _new_item(procedure, sop, people, title, started)
        if target is not None:
            _drive(sop, item, people, target, route, started,
                   send_back=number == len(targets) - 1)
    return len(targets)


def _new_item(procedure: Procedure, sop: Sop, people: dict[str, AbstractUser], title: str,
              started: datetime) -> Item:
    author = people[sop.first_step.roles[0]]
    day = timezone.localtime(started, procedure.organization.zone).date()
    # The author's unit, as the workspace records it; the public article shows it.
    unit_id = Membership.objects.filter(
        organization=procedure.organization, user=author
    ).values_list("unit_id", flat=True).first()
    result = create_item(procedure, author, _values(sop, title, day.isoformat()),
                         unit_id=unit_id, now=started)
    if result.item is None:
        raise AssertionError(result.message)
    item = result.item
    photo_fields = [f for f in sop.fields if f.kind is FieldKind.MEDIA
                    and (not f.media_kinds or MediaKind.PHOTO in f.media_kinds)]
    for media_field in photo_fields:
        entries = []
        for index in range(max(media_field.min_count or 0, 1)):
            asset = accept_upload(item, media_field, _demo_photo(title, index), author)
            entries.append({"id": asset.pk, "alt": f"Foto {index + 1} kegiatan: {title}"})
        perform(item.pk, author, Edit({media_field.key: entries}, note="Unggah dokumentasi"),
                now=started + timedelta(minutes=5))
    for document_field in (f for f in sop.fields if f.kind is FieldKind.DOCUMENT):
        entries = [
            {"id": accept_upload(item, document_field, _demo_pdf(title, index), author).pk,
             "alt": ""}
            for index in range(max(document_field.min_count or 0, 1))
        ]
        perform(item.pk, author, Edit({document_field.key: entries}, note="Unggah dokumen"),
                now=started + timedelta(minutes=6))
    item.refresh_from_db()
    return item


def _drive(sop: Sop, item: Item, people: dict[str, AbstractUser], target: str,
           route: dict[str, str], started: datetime, *, send_back: bool) -> None:
    """Move the item forward until it waits at step ``target`` (or has finished)."""
    moment = started + timedelta(minutes=10)
    for _ in range(4 * len(sop.steps)):
        item.refresh_from_db()
        if not item.step or item.step == target:
            return
        step = sop.step(item.step)
        user = people[step.roles[0]]
        moment += timedelta(minutes=_STEP_MINUTES)
        if send_back and step.sends_back and step.kind is not StepKind.HANDIN:
            perform(item.pk, user, SendBack(
                "Foto kurang tajam dan caption belum menyebut tempat kegiatan. Mohon diperbaiki."
            ), now=moment)
            return  # left waiting for its correction, with the written response to read
        for key in step.chooses:
            perform(item.pk, user, ChooseRoute(key, route[key]), now=moment)
        # The demo people tick the step's checklist, as a careful person would.
        ticked = frozenset(r.text for r in step.requirements if r.is_checklist)
        action: Action = {
            StepKind.HANDIN: HandIn(ticked), StepKind.PUBLISH: Publish(confirmed=ticked),
            StepKind.ARCHIVE: Archive(),
        }.get(step.kind, Approve(confirmed=ticked, response=_response(step)))
        if step.kind is StepKind.PUBLISH:
            # The demo does the worker's job: the accessible formats ready before publishing.
            making.make_waiting(item)
        if not perform(item.pk, user, action, now=moment).ok:
            return


def _response(step: Step) -> str:
    """The written response a step that produces one on acceptance gets from the demo people."""
    if not step.accept_response:
        return ""
    return "Dokumentasi, narasi dan caption sudah diperiksa: lengkap dan layak diteruskan."


def _route_value(sop: Sop, key: str) -> str:
    """The last choice: for seed C the route through the Kepala Dinas, the longer one."""
    return sop.field(key).choices[-1][0]


def _values(sop: Sop, title: str, day: str) -> dict[str, object]:
    return {f.key: value for f in sop.fields if (value := _value(f, title, day)) is not None}


def _value(item_field: ItemField, title: str, day: str) -> object:
    limit = item_field.max_length or 2000
    match item_field.kind:
        case FieldKind.TEXT if item_field.is_title:
            return title[:limit]
        case FieldKind.TEXT if item_field.key == "place":
            return "Aula kantor dinas"[:limit]
        case FieldKind.TEXT:
            return f"{title} berjalan lancar dan diikuti warga."[:limit]
        case FieldKind.LONGTEXT:
            return (
                f"{title}. Kegiatan dilaksanakan di aula kantor dan dihadiri perwakilan "
                "masyarakat, perangkat daerah terkait, serta tokoh setempat, untuk meningkatkan "
                "pemahaman masyarakat terhadap layanan publik."
            )[:limit]
        case FieldKind.DATE:
            return day
        case FieldKind.DATETIME:
            return f"{day}T09:00:00"
        case FieldKind.FIVE_W_ONE_H:
            return {key: f"{label}: dijelaskan dalam narasi" for key, label in FIVE_W_ONE_H_PARTS}
        case FieldKind.DIP_ENTRY:
            return "DIP-2026-001"
    return None  # choices are made at their step; media are uploaded after creation


def _demo_photo(title: str, index: int) -> SimpleUploadedFile:
    """A drawn photograph of the activity (hall, tent, meeting, handover): tayang.demo.photos."""
    return SimpleUploadedFile(f"dokumentasi-{index + 1}.jpg", activity_photo(title, index),
                              "image/jpeg")


def _demo_pdf(title: str, index: int) -> SimpleUploadedFile:
    """A one-page PDF made with Pillow, standing in for a public-information document."""
    page = Image.new("RGB", (595, 842), (255, 255, 255))
    ImageDraw.Draw(page).text((60, 80), f"Dokumen informasi publik: {title[:50]}", fill=(0, 0, 0))
    buffer = io.BytesIO()
    page.save(buffer, "PDF", resolution=72)
    return SimpleUploadedFile(f"dokumen-{index + 1}.pdf", buffer.getvalue(), "application/pdf")
