"""What a publication's dataset holds: its name, its tags and its resources, from the post."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from tayang.channels.connectors.base import MediaFile, MediaKind, Post

NAME_MAX = 100  # CKAN's PACKAGE_NAME_MAX_LENGTH
TAG_MIN, TAG_MAX = 2, 100  # CKAN's MIN_TAG_LENGTH, MAX_TAG_LENGTH


@dataclass(frozen=True)
class Resource:
    """One resource the dataset should hold; ``slot`` names it in the journal."""

    slot: str
    name: str
    format: str
    file: MediaFile | None = None  # uploaded
    url: str = ""  # or linked


def dataset_name(key: str) -> str:
    """The CKAN dataset name of a publication: its key as lowercase ``a-z0-9-_``, 2 to 100
    characters (a longer key keeps its start and a hash of the whole, to stay unique)."""
    name = re.sub(r"[^a-z0-9_-]+", "-", key.lower()).strip("-_")
    name = re.sub(r"-{2,}", "-", name)
    digest = hashlib.sha256(key.encode()).hexdigest()
    if len(name) > NAME_MAX:
        name = f"{name[: NAME_MAX - 13].rstrip('-_')}-{digest[:12]}"
    if len(name) < 2:
        name = f"tayang-{digest[:12]}"
    return name


def clean_tags(tags: tuple[str, ...]) -> list[str]:
    """Tags as CKAN accepts them: letters, digits, spaces, ``- _ .``; 2 to 100 characters;
    each once (other characters become spaces: "kesehatan/gizi" -> "kesehatan gizi")."""
    found: list[str] = []
    seen: set[str] = set()
    for tag in tags:
        cleaned = re.sub(r"[^\w .-]+", " ", tag)
        cleaned = re.sub(r"\s+", " ", cleaned).strip(" .-_")[:TAG_MAX].strip()
        if len(cleaned) >= TAG_MIN and cleaned.casefold() not in seen:
            seen.add(cleaned.casefold())
            found.append(cleaned)
    return found


def documents_of(post: Post) -> list[MediaFile]:
    """``post.documents`` and the document files among its media, each once."""
    found: list[MediaFile] = []
    for file in (*post.documents, *post.of_kind(MediaKind.DOCUMENT)):
        if all(file.path != other.path for other in found):
            found.append(file)
    return found


def resources_of(post: Post) -> Iterator[Resource]:
    for index, file in enumerate(documents_of(post)):
        yield Resource(slot=f"file:{index}:{file.filename}", name=file.filename,
                       format=_format(file), file=file)
    if post.link:
        yield Resource(slot="link", name=f"Berita: {post.title.strip()}"[:200], format="HTML",
                       url=post.link)


def _format(file: MediaFile) -> str:
    suffix = PurePosixPath(file.filename).suffix.lstrip(".")
    return (suffix or file.content_type.rsplit("/", 1)[-1]).upper()


def same_resource(resource: Resource, existing: dict[str, Any]) -> bool:
    if resource.file is None:
        return existing.get("url") == resource.url
    return existing.get("name") == resource.name and existing.get("url_type") == "upload"
