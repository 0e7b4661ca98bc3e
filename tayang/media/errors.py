"""Why a file was not accepted or not stored, worded for the person who sent it."""

from __future__ import annotations

STORAGE_FAILED = (
    "berkas tidak dapat disimpan di server (penyimpanan penuh atau tidak dapat ditulisi); "
    "tidak ada yang tersimpan. Coba lagi nanti; bila tetap gagal, hubungi pengelola Tayang"
)


class MediaRejected(Exception):
    """Why a file was not accepted, in Bahasa Indonesia, for the person who uploaded it."""


class StorageFailed(Exception):
    """The file storage refused a write (full disk, no permission, an object store's error).

    Any exception of the storage becomes this one, so callers answer the person clearly
    instead of with a bare 500; the original is chained for the log.
    """

    def __init__(self, message: str = STORAGE_FAILED) -> None:
        super().__init__(message)
