"""Portal Satu Data (CKAN): each publication becomes a dataset of the agency's organization.

CKAN's Action API v3: every call is ``POST {site}/api/3/action/<action>`` with a JSON body
(reads may be ``GET`` with query parameters), authenticated by the user's API token sent as
it is in the ``Authorization`` header. Every answer is ``{"help": ..., "success": true,
"result": ...}`` or ``{"success": false, "error": {"__type": ..., ...}}``: ``Validation Error``
(HTTP 409) lists the refused fields (``{"name": ["That URL is already in use."]}``),
``Authorization Error`` (403) and ``Not Found Error`` (404) carry a ``message``.

The flow, and why:

1. ``package_create`` with ``name`` derived from the publication key. Dataset names are unique
   on a CKAN site, so the dataset itself is the idempotency key: when an earlier attempt made
   it, CKAN answers 409 "That URL is already in use." on ``name`` and we take that dataset
   (``package_show``) after checking it belongs to our organization. The dataset is created
   with ``state: "draft"``, as CKAN's own "new dataset" form does, so it stays out of the
   catalogue until its resources are in. (CKAN ignores ``state`` on create for accounts that
   may not change states; the dataset is then public a few seconds early, nothing worse.)
2. One ``resource_create`` per document (``post.documents`` and document files in
   ``post.media``): a multipart upload (``upload`` file field plus ``package_id``, ``name``,
   ``format``); then one resource pointing at the article (``url`` = the link, format HTML).
   Each resource id goes into the journal as soon as CKAN answers; a later attempt creates
   only the missing ones, and first adopts resources an interrupted attempt made without our
   hearing of them (same file name, or the article's URL).
3. ``package_patch`` ``state: "active"``: the dataset appears in the catalogue.

:meth:`Ckan.find` reads the dataset by name (``package_show``). It returns the dataset only when
it is active and holds every resource; a draft or an incomplete dataset (an attempt cut short)
gives ``None``, because publishing again is safe - step 1 finds the dataset by its name and
step 2 adds only what is missing. Withdrawing is ``package_delete`` (a soft delete: the dataset
gets ``state: "deleted"`` and leaves the catalogue; CKAN 2.9+ lets its name be used again).
:meth:`Ckan.check` asks ``status_show`` (the CKAN version) and ``organization_list_for_user``
with ``permission: "create_dataset"``: the token is valid and its user may add datasets to the
configured organization.

Assumptions where the documentation is silent: no ``extras`` are sent (portals running
ckanext-scheming refuse fields outside their schema); an invalid or revoked token makes CKAN
treat the request as anonymous, so writes fail with ``Authorization Error``; uploads above the
site's ``ckan.max_resource_size`` (10 MB by default) fail with a Validation Error on ``upload``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

import httpx

from tayang.channels.connectors.base import (
    ChannelError,
    ConfigField,
    Connector,
    Delivered,
    ErrorKind,
    Journal,
    Limits,
    MediaFile,
    MediaKind,
    Post,
)
from tayang.channels.connectors.http import json_of, send, status_error

PLATFORM = "Portal Satu Data"
NAME_MAX = 100  # CKAN's PACKAGE_NAME_MAX_LENGTH
TAG_MIN, TAG_MAX = 2, 100  # CKAN's MIN_TAG_LENGTH, MAX_TAG_LENGTH
IN_USE = "That URL is already in use."

# Journal keys: the dataset ({"id", "name"}) and {slot: resource id}.
DATASET = "ckan_dataset"
RESOURCES = "ckan_resources"

# CKAN field names in an admin's words, for validation errors.
FIELDS = {
    "name": "nama dataset (alamat URL)",
    "title": "judul",
    "notes": "deskripsi",
    "owner_org": "organisasi",
    "license_id": "lisensi",
    "tags": "tag",
    "url": "alamat sumber",
    "upload": "berkas",
    "format": "format",
    "package_id": "dataset",
    "state": "status",
    "private": "visibilitas",
}

# The channel uploads documents only; photos and videos of the item are not sent, so no type
# of them is refused here.
ANY_PHOTO = frozenset({
    "image/jpeg", "image/png", "image/webp", "image/gif", "image/bmp", "image/tiff",
    "image/heic", "image/heif", "image/avif",
})
ANY_VIDEO = frozenset({"video/mp4", "video/quicktime", "video/webm", "video/x-msvideo",
                       "video/mpeg", "video/3gpp"})


class CkanError(ChannelError):
    """A CKAN error answer, with the refused fields of a Validation Error."""

    def __init__(self, message: str, *, fields: dict[str, Any] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.fields = fields or {}


@dataclass(frozen=True)
class Resource:
    """One resource the dataset should hold; ``slot`` names it in the journal."""

    slot: str
    name: str
    format: str
    file: MediaFile | None = None  # uploaded
    url: str = ""  # or linked


class Ckan(Connector):
    kind = "ckan"
    label = "Portal Satu Data (CKAN)"
    description = (
        "Menerbitkan dokumen informasi publik sebagai dataset organisasi di portal Satu Data "
        "(CKAN), dengan tautan ke berita di situs organisasi."
    )
    config_fields = (
        ConfigField("api_base", "Alamat portal", kind="url",
                    help="Alamat utama portal CKAN, mis. https://data.jogjaprov.go.id"),
        ConfigField("owner_org", "Organisasi di portal",
                    help="Nama organisasi seperti di alamatnya, mis. dinas-sosial untuk "
                         "…/organization/dinas-sosial"),
        ConfigField("license_id", "Lisensi", required=False, default="cc-by",
                    help="Kode lisensi CKAN, mis. cc-by, cc-by-sa, odc-by."),
        ConfigField("api_token", "Token API", secret=True,
                    help="Buat di portal: halaman akun → Token API. Akun harus editor atau "
                         "admin organisasi tersebut."),
    )
    limits = Limits(
        photo_types=ANY_PHOTO, video_types=ANY_VIDEO,
        notes=(
            "Dokumen diunggah sebagai sumber data (resource); berita ditautkan sebagai "
            "resource HTML. Foto dan video tidak diunggah.",
            "Portal CKAN biasanya membatasi unggahan 10 MB per berkas.",
        ),
    )
    can_withdraw = True

    # -- the contract -----------------------------------------------------------------------
    def publish(self, post: Post, journal: Journal) -> Delivered:
        self._require_config()
        dataset, resuming = self._dataset(post, journal)
        done: dict[str, str] = dict(journal.get(RESOURCES) or {})
        wanted = list(resources_of(post))
        if resuming:
            self._adopt(dataset, wanted, done, journal)
        for resource in wanted:
            if resource.slot in done:
                continue
            created = self._create_resource(dataset["id"], resource)
            done[resource.slot] = created["id"]
            journal.record(RESOURCES, dict(done))
        if dataset.get("state") != "active":
            self._action("package_patch", {"id": dataset["id"], "state": "active"})
        return self._delivered(dataset)

    def find(self, post: Post, journal: Journal) -> Delivered | None:
        self._require_config()
        dataset = self._show(dataset_name(post.key))
        if dataset is None or dataset.get("state") != "active" or not self._ours(dataset):
            return None
        done: dict[str, str] = dict(journal.get(RESOURCES) or {})
        wanted = list(resources_of(post))
        self._adopt(dataset, wanted, done, journal)
        if any(resource.slot not in done for resource in wanted):
            return None  # cut short before its last resource: publish() completes it
        journal.record(DATASET, {"id": dataset["id"], "name": dataset["name"]})
        return self._delivered(dataset)

    def withdraw(self, delivered: Delivered, journal: Journal) -> None:
        self._require_config()
        self._action("package_delete", {"id": delivered.external_id})

    @classmethod
    def problems(cls, post: Post) -> list[str]:
        found = []
        if not post.title.strip():
            found.append("judul wajib diisi (judul dataset).")
        if not post.link and not documents_of(post):
            found.append("wajib ada dokumen atau tautan berita: dataset tanpa sumber data "
                         "tidak berguna di portal.")
        return found

    def check(self) -> str:
        self._require_config()
        status = self._action("status_show", method="GET") or {}
        owner = self.config["owner_org"]
        organizations = self._action("organization_list_for_user",
                                     {"permission": "create_dataset"}) or []
        for organization in organizations:
            if owner in (organization.get("name"), organization.get("id")):
                title = organization.get("title") or organization.get("name")
                return f"CKAN {status.get('ckan_version', '?')} · organisasi {title}"
        raise ChannelError(
            f"{PLATFORM} tidak mengizinkan token ini menambah dataset ke organisasi "
            f"\"{owner}\": token tidak berlaku (kedaluwarsa atau dicabut), atau akunnya bukan "
            "editor/admin organisasi itu. Buat token API baru di halaman akun portal, simpan "
            "di pengaturan kanal, dan pastikan nama organisasi benar.",
            kind=ErrorKind.AUTH,
            detail=f"organization_list_for_user: {[o.get('name') for o in organizations]}",
        )

    # -- the dataset ------------------------------------------------------------------------
    def _dataset(self, post: Post, journal: Journal) -> tuple[dict[str, Any], bool]:
        """The dataset to fill, and whether an earlier attempt made it (``resuming``)."""
        known = journal.get(DATASET)
        if known:
            dataset = self._show(known["id"])
            if dataset is not None and dataset.get("state") != "deleted":
                return dataset, True
            # deleted on the portal since: start again with a new dataset
            journal.record(RESOURCES, {})
        name = dataset_name(post.key)
        try:
            dataset = self._action("package_create", self._payload(post, name))
        except CkanError as error:
            if IN_USE not in _messages(error.fields.get("name")):
                raise
            dataset = self._show(name)
            if dataset is None:
                raise
            if not self._ours(dataset):
                raise ChannelError(
                    f"{PLATFORM}: nama dataset \"{name}\" sudah dipakai dataset organisasi "
                    "lain. Hubungi pengelola portal.",
                    kind=ErrorKind.REJECTED, detail=error.detail,
                ) from error
            resuming = True
        else:
            resuming = False
        journal.record(DATASET, {"id": dataset["id"], "name": dataset["name"]})
        if not resuming:
            journal.record(RESOURCES, {})
        return dataset, resuming

    def _payload(self, post: Post, name: str) -> dict[str, Any]:
        lead = post.summary.strip() or post.title.strip()
        notes = lead
        if post.link:
            where = f"situs {post.organization}" if post.organization else "situs organisasi"
            notes += f"\n\nBaca berita lengkapnya di {where}: {post.link}"
        payload: dict[str, Any] = {
            "name": name,
            "title": post.title.strip(),
            "notes": notes,
            "owner_org": self.config["owner_org"],
            "license_id": self.config.get("license_id") or "cc-by",
            "private": False,
            "state": "draft",
            "tags": [{"name": tag} for tag in clean_tags(post.tags)],
        }
        if post.link:
            payload["url"] = post.link  # CKAN shows it as the dataset's "Source"
        return payload

    def _ours(self, dataset: dict[str, Any]) -> bool:
        owner = self.config["owner_org"]
        organization = dataset.get("organization") or {}
        return owner in (dataset.get("owner_org"), organization.get("name"),
                         organization.get("id"))

    def _show(self, name_or_id: str) -> dict[str, Any] | None:
        try:
            return self._action("package_show", {"id": name_or_id}, method="GET")
        except CkanError as error:
            if error.kind == ErrorKind.NOT_FOUND:
                return None
            raise

    def _delivered(self, dataset: dict[str, Any]) -> Delivered:
        return Delivered(external_id=dataset["id"],
                         url=f"{self.api_base}/dataset/{dataset['name']}")

    # -- resources --------------------------------------------------------------------------
    def _adopt(self, dataset: dict[str, Any], wanted: list[Resource], done: dict[str, str],
               journal: Journal) -> None:
        """Take into ``done`` the resources an interrupted attempt created unrecorded."""
        present = [resource for resource in dataset.get("resources") or []
                   if resource.get("state", "active") == "active"]
        ids = {resource["id"] for resource in present}
        # a recorded resource someone deleted on the portal since is missing again
        stale = [slot for slot, id_ in done.items() if id_ not in ids]
        for slot in stale:
            del done[slot]
        changed = bool(stale)
        claimed = set(done.values())
        for resource in wanted:
            if resource.slot in done:
                continue
            for existing in present:
                if existing["id"] not in claimed and _same(resource, existing):
                    done[resource.slot] = existing["id"]
                    claimed.add(existing["id"])
                    changed = True
                    break
        if changed:
            journal.record(RESOURCES, dict(done))

    def _create_resource(self, package_id: str, resource: Resource) -> dict[str, Any]:
        fields = {"package_id": package_id, "name": resource.name, "format": resource.format}
        if resource.file is None:
            return self._action("resource_create", {**fields, "url": resource.url},
                                subject="tautan berita")
        file = resource.file
        with file.open() as handle:
            return self._action(
                "resource_create", data=fields,
                files={"upload": (file.filename, handle, file.content_type)},
                subject=f"berkas {file.filename}",
            )

    # -- HTTP -------------------------------------------------------------------------------
    def _require_config(self) -> None:
        missing = [label for key, label in (("api_base", "alamat portal"),
                                            ("owner_org", "organisasi"))
                   if not (self.api_base if key == "api_base" else self.config.get(key))]
        if not self.secrets.get("api_token"):
            missing.append("token API")
        if missing:
            raise ChannelError(
                f"Pengaturan kanal {PLATFORM} belum lengkap: {', '.join(missing)} belum diisi.",
                kind=ErrorKind.CONFIG,
            )

    def _action(self, action: str, body: dict[str, Any] | None = None, *, method: str = "POST",
                data: dict[str, str] | None = None, files: dict[str, Any] | None = None,
                subject: str = "") -> Any:
        """Call ``action``; its ``result``, or a :class:`CkanError` in an admin's words."""
        url = f"{self.api_base}/api/3/action/{action}"
        headers = {"Authorization": self.secrets["api_token"]}
        if method == "GET":
            response = send(self.http, "GET", url, platform=PLATFORM, headers=headers,
                            params=body or {})
        elif files is not None:
            response = send(self.http, "POST", url, platform=PLATFORM, headers=headers,
                            data=data, files=files)
        else:
            response = send(self.http, "POST", url, platform=PLATFORM, headers=headers,
                            json=body or {})
        if response.is_success:
            answer = json_of(response, platform=PLATFORM)
            if isinstance(answer, dict) and answer.get("success") is True:
                return answer.get("result")
        raise self._error(response, action, subject)

    def _error(self, response: httpx.Response, action: str, subject: str) -> ChannelError:
        try:
            answer = response.json()
        except ValueError:
            answer = None
        error = answer.get("error") if isinstance(answer, dict) else None
        if not isinstance(error, dict):
            if response.is_success:  # 200 without "success": true
                return CkanError(
                    f"Jawaban {PLATFORM} tidak dapat dibaca. Tayang akan mencoba lagi.",
                    kind=ErrorKind.SERVER, retryable=True,
                    maybe_posted=response.request.method != "GET",
                    detail=response.text[:300],
                )
            return _from(status_error(response, platform=PLATFORM))
        detail = f"{action}: {json.dumps(error, ensure_ascii=False)[:500]}"
        kind = error.get("__type", "")
        if kind == "Authorization Error" or response.status_code in (401, 403):
            return CkanError(
                f"{PLATFORM} menolak akses: token API tidak berlaku (kedaluwarsa atau dicabut) "
                f"atau akunnya tidak boleh mengubah dataset organisasi "
                f"\"{self.config.get('owner_org', '')}\". Buat token API baru di halaman akun "
                "portal lalu simpan di pengaturan kanal, dan pastikan akun itu editor atau "
                "admin organisasinya.",
                kind=ErrorKind.AUTH, detail=detail,
            )
        if kind == "Not Found Error" or response.status_code == 404:
            return CkanError(
                f"{PLATFORM} tidak menemukan {subject or 'dataset'} yang dituju "
                f"({action}). Mungkin sudah dihapus di portal.",
                kind=ErrorKind.NOT_FOUND, detail=detail,
            )
        if kind == "Validation Error":
            fields = {k: v for k, v in error.items() if k not in ("__type", "message")}
            return self._refused(fields, subject, detail)
        return _from(status_error(response, platform=PLATFORM, detail=detail))

    def _refused(self, fields: dict[str, Any], subject: str, detail: str) -> CkanError:
        if "owner_org" in fields:
            return CkanError(
                f"{PLATFORM} tidak menerima organisasi \"{self.config.get('owner_org', '')}\": "
                "organisasi itu tidak ada di portal atau akun token ini tidak boleh menambah "
                "dataset ke sana. Periksa nama organisasi di pengaturan kanal.",
                kind=ErrorKind.CONFIG, fields=fields, detail=detail,
            )
        # Only the fields' names, in Tayang's words: the portal's messages stay in ``detail``.
        named = [FIELDS[field] for field in fields if field in FIELDS]
        if len(named) < len(fields):
            named.append("kolom lain")
        listed = ", ".join(named)
        what = subject or "dataset ini"
        return CkanError(
            f"{PLATFORM} menolak {what}: isian tidak valid ({listed or 'data'}).",
            kind=ErrorKind.REJECTED, fields=fields, detail=detail,
        )


# -- what the dataset holds -------------------------------------------------------------------
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


def _same(resource: Resource, existing: dict[str, Any]) -> bool:
    if resource.file is None:
        return existing.get("url") == resource.url
    return existing.get("name") == resource.name and existing.get("url_type") == "upload"


def _messages(value: Any) -> list[str]:
    """The strings in a CKAN error value (lists, and dicts for tags and resources)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [m for item in value.values() for m in _messages(item)]
    if isinstance(value, list):
        return [m for item in value for m in _messages(item)]
    return []


def _from(error: ChannelError) -> CkanError:
    return CkanError(error.message, kind=error.kind, retryable=error.retryable,
                     maybe_posted=error.maybe_posted, retry_after=error.retry_after,
                     detail=error.detail)
