"""The CKAN connector: the contract, the dataset and its resources."""

from __future__ import annotations

from typing import Any

from tayang.channels.connectors.base import (
    ANY_PHOTO,
    ANY_VIDEO,
    ChannelError,
    ConfigField,
    Delivered,
    ErrorKind,
    Journal,
    Limits,
    Post,
)
from tayang.channels.connectors.ckan.api import PLATFORM, ActionApi, CkanError, messages_of
from tayang.channels.connectors.ckan.dataset import (
    Resource,
    clean_tags,
    dataset_name,
    documents_of,
    resources_of,
    same_resource,
)

IN_USE = "That URL is already in use."

# Journal keys: the dataset ({"id", "name"}) and {slot: resource id}.
DATASET = "ckan_dataset"
RESOURCES = "ckan_resources"


class Ckan(ActionApi):
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
            if IN_USE not in messages_of(error.fields.get("name")):
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
                if existing["id"] not in claimed and same_resource(resource, existing):
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
