"""Storing a DIP document: recognised and checked by its content, like every other upload."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from tayang.dip.models import Document, Entry
from tayang.media.intake import MediaRejected, inspect_file
from tayang.media.sniff import OFFICE, Format
from tayang.media.storing import guarded_writes, unique_name

# Office files are ZIP archives inside; their own extension says which program opens them.
_OFFICE_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}


def add_document(entry: Entry, title: str, uploaded: UploadedFile,
                 user: AbstractBaseUser) -> Document:
    """Check ``uploaded`` (a PDF, a picture or an Office file) and store it with its row."""
    checked = inspect_file(uploaded, _documents_only)
    try:
        extension, content_type = checked.found.extension, checked.found.content_type
        named = (uploaded.name or "").rsplit(".", 1)[-1].lower()
        if checked.found is OFFICE and named in _OFFICE_TYPES:
            extension, content_type = named, _OFFICE_TYPES[named]
        name = unique_name(f"org/{entry.organization_id}/dip", checked.sha256, extension)
        with guarded_writes([(name, checked.content)]) as guard, transaction.atomic():
            document = Document.objects.create(
                entry=entry, title=title, original_name=checked.original_name,
                content_type=content_type, extension=extension, size=checked.size,
                sha256=checked.sha256, uploaded_by=user, file=guard.names[0],
            )
            guard.settle()
    finally:
        checked.close()
    return document


def _documents_only(found: Format) -> None:
    if found.kind not in ("document", "photo"):
        raise MediaRejected("jenis berkas tidak dikenali dari isinya; unggah PDF, gambar, atau "
                            "dokumen Office")
