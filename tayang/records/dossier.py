"""An item's whole dossier as one ZIP: what the archive keeps and an auditor asks for.

Layout of the archive::

    ringkasan.pdf              summary: identity, status, dates, hash, history, file list
    konten.json                the content's values (and the item's identity)
    riwayat.csv                every accepted action
    penayangan.csv             each channel: state, URL, time
    berkas/<original name>     each uploaded file as it was received, once
    tanggapan/tanggapan-NN.pdf each written response as a letter
    surat/surat-YYYY-NNNN.pdf  each written response issued as an official (numbered) letter
    persetujuan/persetujuan-NN.pdf each approval record

Files are named by their original names because that is how the people who sent them know
them; two different files with the same name are told apart by a number, and the same file
uploaded twice is stored once.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import datetime
from pathlib import PurePosixPath

from tayang.items.models import OUTCOME_LABELS, STATUS_LABELS, VIA_LABELS, Item
from tayang.items.records import WEBSITE_CHANNEL, item_content_hash
from tayang.media.models import MediaAsset
from tayang.records.approvals import (
    approval_pdf,
    approval_record,
    grouped,
    issue_verification,
)
from tayang.records.cells import spreadsheet_safe
from tayang.records.letters import response_pdf
from tayang.records.models import Letter
from tayang.records.names import person_name, role_name, step_name
from tayang.records.official_letters import issue_verification as issue_letter_verification
from tayang.records.official_letters import letter_pdf
from tayang.records.progress import Counter, Progress
from tayang.records.typesetting import (
    Record,
    Section,
    Table,
    letterhead_of,
    local_time,
    render,
)

HISTORY_COLUMNS = ("Waktu", "Pelaku", "Peran", "Langkah", "Hasil", "Keterangan", "Revisi")
WEBSITE_NAME = "Situs web"  # the built-in channel, which has no Channel row of its own
PUBLICATION_COLUMNS = ("Kanal", "Status", "URL", "Waktu")


def dossier_name(item: Item) -> str:
    """The ZIP's file name: the register number when there is one."""
    if item.register_number is not None:
        return f"berkas-{item.register_year}-{item.register_number:04d}.zip"
    return f"berkas-konten-{item.pk}.zip"


def build_dossier(item: Item, *, now: datetime, progress: Progress | None = None) -> bytes:
    """The ZIP's bytes. ``progress`` hears ``(files done, files in all)`` as each file of the
    archive is made (the uploaded files and the PDFs are what take the time)."""
    counter = Counter(progress, file_count(item) if progress is not None else 0)
    files: dict[str, bytes] = {
        "konten.json": _content_json(item),
        "riwayat.csv": _csv(HISTORY_COLUMNS, _history(item)),
        "penayangan.csv": _csv(PUBLICATION_COLUMNS, _publications(item)),
    }
    counter.step(len(files))
    files.update(_media(item, counter))
    for number, response in enumerate(
        item.responses.select_related("author", "item__organization"), start=1
    ):
        files[f"tanggapan/tanggapan-{number:02d}.pdf"] = response_pdf(response, now=now)
        counter.step()
    for letter in _letters(item):
        # The issued letters themselves, as printed, with their verification QR codes.
        files[f"surat/surat-{letter.year}-{letter.sequence:04d}.pdf"] = letter_pdf(
            letter, issue_letter_verification(letter), now=now)
        counter.step()
    today = now.astimezone(item.organization.zone).date()
    for number, approval in enumerate(
        item.approvals.select_related("approver", "item__organization"), start=1
    ):
        record = approval_record(approval)
        files[f"persetujuan/persetujuan-{number:02d}.pdf"] = approval_pdf(
            record, now=now, issued=issue_verification(record, today=today)
        )
        counter.step()
    files = {"ringkasan.pdf": _summary(item, sorted(files), now=now), **files}
    counter.step()
    buffer = io.BytesIO()
    stamp = now.astimezone(item.organization.zone).timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=stamp)  # type: ignore[arg-type]
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def _letters(item: Item) -> list[Letter]:
    letters = list(Letter.objects.filter(response__item=item).select_related("response")
                   .order_by("year", "sequence"))
    for letter in letters:
        letter.response.item = item  # the same row, already read
    return letters


def _content_json(item: Item) -> bytes:
    zone = item.organization.zone
    data = {
        "register": item.register_code,
        "judul": item.title,
        "sop": item.procedure.key,
        "versi_sop": item.procedure_version.number,
        "revisi": item.revision,
        "sidik_isi": item_content_hash(item, item.procedure_version.sop),
        "diserahkan": item.handed_in_at.astimezone(zone).isoformat() if item.handed_in_at
        else None,
        "isi": item.values,
    }
    return json.dumps(data, ensure_ascii=False, indent=2, default=str).encode("utf-8")


def _csv(columns: tuple[str, ...], rows: list[list[str]]) -> bytes:
    """UTF-8 with BOM and ';', like the register export, so both open alike in Excel."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([spreadsheet_safe(value) for value in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _history(item: Item) -> list[list[str]]:
    organization = item.organization
    sop = item.procedure_version.sop
    return [
        [
            local_time(entry.at, organization.zone, organization.zone_abbreviation),
            person_name(entry.actor), role_name(sop, entry.role), step_name(sop, entry.step),
            str(OUTCOME_LABELS.get(entry.outcome, entry.outcome))
            + (f" ({VIA_LABELS[entry.via]})" if entry.via else ""),
            entry.detail, str(entry.revision),
        ]
        for entry in item.log.select_related("actor")
    ]


def _publications(item: Item) -> list[list[str]]:
    """One row per channel, named as the organization named it (not its key), with the
    post's absolute public address."""
    from tayang.channels.models import Channel
    from tayang.public.addresses import installation_url

    organization = item.organization
    names = dict(Channel.objects.filter(organization=organization).values_list("key", "name"))
    names.setdefault(WEBSITE_CHANNEL, WEBSITE_NAME)

    def absolute(address: str) -> str:
        return installation_url() + address if address.startswith("/") else address

    return [
        [
            names.get(publication.channel, publication.channel),
            str(publication.get_state_display()), absolute(publication.url),  # type: ignore[attr-defined]
            local_time(publication.published_at or publication.requested_at, organization.zone,
                       organization.zone_abbreviation),
        ]
        for publication in item.publications.all()
    ]


def file_count(item: Item) -> int:
    """How many files the archive will hold: the three data files, each distinct upload, each
    letter and approval record, and the summary."""
    media = MediaAsset.objects.filter(item=item).order_by().values("sha256").distinct().count()
    letters = Letter.objects.filter(response__item=item).count()
    return 3 + media + item.responses.count() + letters + item.approvals.count() + 1


def media_size(item: Item) -> int:
    """Bytes of the distinct uploaded files, the bulk of a dossier (to decide where to make it)."""
    sizes = dict(MediaAsset.objects.filter(item=item).values_list("sha256", "size"))
    return sum(sizes.values())


def _media(item: Item, counter: Counter | None = None) -> dict[str, bytes]:
    """Each distinct uploaded file under ``berkas/``, by its original name."""
    files: dict[str, bytes] = {}
    seen: set[str] = set()
    for asset in MediaAsset.objects.filter(item=item).order_by("uploaded_at", "pk"):
        if asset.sha256 in seen:
            continue
        seen.add(asset.sha256)
        with asset.file.open("rb") as handle:
            files[unique_name(asset.original_name, files)] = handle.read()
        if counter is not None:
            counter.step()
    return files


def unique_name(original: str, taken: dict[str, bytes]) -> str:
    """``berkas/foto.jpg``, or ``berkas/foto (2).jpg`` when another file already has the name.

    Only the last part of the name is used, so a name can never escape its folder.
    """
    path = PurePosixPath(original.replace("\\", "/").split("/")[-1] or "berkas")
    stem, suffix = path.stem, path.suffix
    name, number = f"berkas/{path.name}", 1
    while name in taken:
        number += 1
        name = f"berkas/{stem} ({number}){suffix}"
    return name


def _summary(item: Item, contents: list[str], *, now: datetime) -> bytes:
    organization = item.organization
    sop = item.procedure_version.sop
    zone, abbreviation = organization.zone, organization.zone_abbreviation
    fields = [
        ("Nomor register", item.register_code or "-"),
        ("Judul konten", item.title or "(tanpa judul)"),
        ("SOP", f"{sop.identity.name} (versi {item.procedure_version.number})"),
        ("Unit", item.unit.name if item.unit else "-"),
        ("Status", str(STATUS_LABELS.get(item.status, item.status))),  # type: ignore[call-overload]
        ("Langkah sekarang", step_name(sop, item.step) if item.step else "-"),
        ("Dibuat", local_time(item.created_at, zone, abbreviation)),
        ("Diserahkan", local_time(item.handed_in_at, zone, abbreviation)),
        ("Ditayangkan", local_time(item.published_at, zone, abbreviation)),
        ("Selesai", local_time(item.finished_at, zone, abbreviation)),
        ("Diarsipkan", local_time(item.archived_at, zone, abbreviation)),
        ("Revisi konten", str(item.revision)),
        ("Sidik isi sekarang (SHA-256)", grouped(item_content_hash(item, sop))),
        ("Tanggapan tertulis", str(item.responses.count())),
        ("Persetujuan", str(item.approvals.count())),
    ]
    printed = local_time(now, zone, abbreviation)
    return render(Record(
        title="RINGKASAN BERKAS KONTEN", organization=organization.name,
        address=organization.address, fields=fields, letterhead=letterhead_of(organization),
        sections=[
            Section("Penayangan:", [" · ".join(filter(None, row)) for row in _publications(item)]
                    or ["Belum ditayangkan."]),
            Section("Isi arsip ini:", ["ringkasan.pdf", *contents]),
        ],
        table_title="Riwayat:",
        table=Table(columns=list(HISTORY_COLUMNS), widths=[1.6, 1.3, 1.4, 2.2, 1.6, 2.4, 0.6],
                    rows=_history(item)),
        footer=f"{organization.name} · berkas {item.register_code or item.pk} · dicetak {printed}",
    ), now=now)
