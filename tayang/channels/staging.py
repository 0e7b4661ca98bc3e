"""Files of a post on this machine's disk for as long as a delivery uploads them.

Connectors are plain Python and upload from a path (multipart bodies, resumable uploads, the
notice board's poster reads the photo with Pillow). With files on the local file system that
path is the stored file itself; with object storage each file is copied into a temporary folder
first and the folder is removed when the delivery ends, whatever happened, so a worker keeps
nothing another machine would need.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.files.storage import default_storage

from tayang.channels.connectors.base import ChannelError, ErrorKind, MediaFile, Post


@contextmanager
def local_copies(post: Post) -> Iterator[Post]:
    """``post`` with every file readable at its ``path``."""
    if all(file.path for file in (*post.media, *post.documents)):
        yield post
        return
    folder = Path(tempfile.mkdtemp(prefix="tayang-kirim-"))
    try:
        def copied(index: int, file: MediaFile) -> MediaFile:
            if file.path:
                return file
            target = folder / f"{index}-{Path(file.stored).name}"
            with default_storage.open(file.stored, "rb") as source, target.open("wb") as out:
                shutil.copyfileobj(source, out, 1024 * 1024)
            return dataclasses.replace(file, path=str(target))

        try:
            files = [copied(index, file) for index, file in
                     enumerate((*post.media, *post.documents))]
        except Exception as error:  # nothing was sent yet: trying again later is safe
            raise ChannelError(
                "Berkas konten tidak dapat diambil dari penyimpanan server; Tayang akan "
                "mencoba lagi.", kind=ErrorKind.SERVER, retryable=True, maybe_posted=False,
                detail=repr(error)[:300],
            ) from error
        yield dataclasses.replace(post, media=tuple(files[: len(post.media)]),
                                  documents=tuple(files[len(post.media):]))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
