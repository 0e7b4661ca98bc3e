"""Storing a DIP document: recognised by its content, like every other upload in Tayang."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile

from tayang.dip.models import Document, Entry
from tayang.media.intake import MediaRejected
from tayang.media.sniff import OFFICE, sniff

MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
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
    head = uploaded.read(32)
    uploaded.seek(0)
    found = sniff(head)
    if found is None or found.kind not in ("document", "photo"):
        raise MediaRejected("jenis berkas tidak dikenali dari isinya; unggah PDF, gambar, atau "
                            "dokumen Office")
    if uploaded.size is not None and uploaded.size > MAX_DOCUMENT_BYTES:
        raise MediaRejected("berkas melebihi batas 50 MB")
    extension, content_type = found.extension, found.content_type
    named = (uploaded.name or "").rsplit(".", 1)[-1].lower()
    if found is OFFICE and named in _OFFICE_TYPES:
        extension, content_type = named, _OFFICE_TYPES[named]
    data = uploaded.read()
    digest = hashlib.sha256(data).hexdigest()
    document = Document(entry=entry, title=title, original_name=(uploaded.name or "")[:255],
                        content_type=content_type, extension=extension,
                        size=len(data), sha256=digest, uploaded_by=user)
    document.file.save(f"{digest}.{extension}", ContentFile(data), save=False)
    document.save()
    return document
