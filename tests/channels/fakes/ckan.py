"""A fake CKAN site (Action API v3) with the actions the CKAN connector uses.

It follows CKAN's documented shapes: ``/api/3/action/<action>``, answers ``{"help", "success",
"result"}`` or ``{"help", "success": false, "error": {"__type", ...}}`` with 409 (Validation
Error), 403 (Authorization Error) and 404 (Not Found Error). The API token comes in the
``Authorization`` header as it is; a missing or unknown token makes the request anonymous, as
on CKAN, so reads of public data work and writes fail with Authorization Error.

Validation follows CKAN core: dataset names ``[a-z0-9_-]{2,100}`` unique among datasets not
deleted ("That URL is already in use."), ``owner_org`` an organization the user may add
datasets to ("Organization does not exist" / "You cannot add a dataset to this organization"),
tags ``[\\w .-]{2,100}``; uploads through a multipart ``upload`` file field no larger than
``max_resource_size`` ("File upload too large").
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from tests.channels.fakes.server import Answer, FakeApi, Part, Request

TOKEN = "ckan-token-dinsos"
NAME = re.compile(r"^[a-z0-9_-]+$")
TAG = re.compile(r"^[\w .-]*$")


class FakeCkan(FakeApi):
    def __init__(self) -> None:
        super().__init__()
        self.tokens = {TOKEN}
        self.organizations = {
            "dinas-sosial": {"id": str(uuid.uuid4()), "name": "dinas-sosial",
                             "title": "Dinas Sosial DIY", "type": "organization"},
            "dinas-kesehatan": {"id": str(uuid.uuid4()), "name": "dinas-kesehatan",
                                "title": "Dinas Kesehatan DIY", "type": "organization"},
        }
        self.member_of = {"dinas-sosial"}  # organizations the token's user edits
        self.datasets: dict[str, dict[str, Any]] = {}  # by id
        self.uploads: dict[str, Part] = {}  # resource id -> uploaded file
        self.max_resource_size = 10 * 1024 * 1024
        self.version = "2.10.5"
        # resource name -> answer for the next resource_create of that name (before creating)
        self.resource_faults: dict[str, Answer] = {}
        for action in ("package_create", "resource_create", "package_patch",
                       "package_delete", "organization_list_for_user"):
            self.route("POST", rf"/api/3/action/{action}", getattr(self, f"_{action}"))
        for action in ("package_show", "status_show"):
            self.route("GET", rf"/api/3/action/{action}", getattr(self, f"_{action}"))
            self.route("POST", rf"/api/3/action/{action}", getattr(self, f"_{action}"))

    # -- for tests --------------------------------------------------------------------------
    def live(self) -> list[dict[str, Any]]:
        return [d for d in self.datasets.values() if d["state"] != "deleted"]

    def revoke(self) -> None:
        self.tokens.clear()

    # -- answers ----------------------------------------------------------------------------
    def _help(self, request: Request) -> str:
        action = request.path.rsplit("/", 1)[-1]
        return f"{self.url}/api/3/action/help_show?name={action}"

    def _ok(self, request: Request, result: Any) -> Answer:
        return Answer(200, {"help": self._help(request), "success": True, "result": result})

    def _error(self, request: Request, status: int, kind: str, **fields: Any) -> Answer:
        return Answer(status, {"help": self._help(request), "success": False,
                               "error": {"__type": kind, **fields}})

    def _invalid(self, request: Request, **fields: Any) -> Answer:
        return self._error(request, 409, "Validation Error", **fields)

    def _denied(self, request: Request, message: str) -> Answer:
        return self._error(request, 403, "Authorization Error",
                           message=f"Access denied: {message}")

    def _not_found(self, request: Request, what: str = "Dataset") -> Answer:
        return self._error(request, 404, "Not Found Error", message=f"Not found: {what}")

    def _user(self, request: Request) -> bool:
        return request.headers.get("authorization", "") in self.tokens

    def _params(self, request: Request) -> dict[str, Any]:
        if request.method == "GET":
            return dict(request.query)
        if request.headers.get("content-type", "").startswith("application/json"):
            return request.json or {}
        return dict(request.form)

    def _dataset(self, key: str) -> dict[str, Any] | None:
        if key in self.datasets:
            return self.datasets[key]
        named = [d for d in self.datasets.values() if d["name"] == key]
        named.sort(key=lambda d: d["state"] == "deleted")  # the live one first
        return named[0] if named else None

    def _organization(self, key: str) -> dict[str, Any] | None:
        for organization in self.organizations.values():
            if key in (organization["name"], organization["id"]):
                return organization
        return None

    # -- actions ----------------------------------------------------------------------------
    def _package_create(self, request: Request) -> Answer:
        if not request.headers.get("content-type", "").startswith("application/json"):
            return Answer(400, {"success": False, "error": {"message": "expected JSON"}})
        if not self._user(request):
            return self._denied(request, "Action package_create requires an authenticated user")
        data = request.json
        errors: dict[str, list[Any]] = {}
        name = data.get("name", "")
        if not name:
            errors["name"] = ["Missing value"]
        elif not NAME.match(name):
            errors["name"] = ["Must be purely lowercase alphanumeric (ascii) characters and "
                              "these symbols: -_"]
        elif not 2 <= len(name) <= 100:
            errors["name"] = [f'Name "{name}" length is not between 2 and 100']
        elif any(d["name"] == name for d in self.live()):
            errors["name"] = ["That URL is already in use."]
        organization = self._organization(data.get("owner_org", ""))
        if organization is None:
            errors["owner_org"] = ["Organization does not exist"]
        elif organization["name"] not in self.member_of:
            errors["owner_org"] = ["You cannot add a dataset to this organization"]
        tag_errors: list[dict[str, list[str]]] = []
        for tag in data.get("tags", []):
            problems = []
            if not 2 <= len(tag.get("name", "")) <= 100:
                problems.append(f'Tag "{tag.get("name")}" length is not between 2 and 100')
            if not TAG.match(tag.get("name", "")):
                problems.append(f'Tag "{tag.get("name")}" must be alphanumeric characters or '
                                "symbols: -_.")
            tag_errors.append({"name": problems} if problems else {})
        if any(tag_errors):
            errors["tags"] = tag_errors
        if not isinstance(data.get("notes", ""), str) or "<p>" in data.get("notes", ""):
            errors["notes"] = ["notes must be markdown, not HTML"]  # our own check
        if errors:
            return self._invalid(request, **errors)
        dataset_id = str(uuid.uuid4())
        dataset = {
            "id": dataset_id, "name": name, "title": data.get("title") or name,
            "notes": data.get("notes", ""), "url": data.get("url", ""),
            "owner_org": organization["id"],  # CKAN stores the id, whatever was sent
            "organization": dict(organization),
            "license_id": data.get("license_id", ""), "private": data.get("private", False),
            "state": data.get("state") or "active", "type": "dataset",
            "tags": [{"name": t["name"], "display_name": t["name"], "state": "active",
                      "id": str(uuid.uuid4()), "vocabulary_id": None}
                     for t in data.get("tags", [])],
            "resources": [], "num_resources": 0, "num_tags": len(data.get("tags", [])),
        }
        self.datasets[dataset_id] = dataset
        return self._ok(request, dataset)

    def _package_show(self, request: Request) -> Answer:
        dataset = self._dataset(self._params(request).get("id", ""))
        if dataset is None:
            return self._not_found(request)
        if dataset["state"] != "active" and not self._user(request):
            return self._denied(request, "User not authorized to read package")
        return self._ok(request, dataset)

    def _resource_create(self, request: Request) -> Answer:
        if not self._user(request):
            return self._denied(request, "User not authorized to create resources")
        content_type = request.headers.get("content-type", "")
        if content_type.startswith("multipart/form-data"):
            parts = request.parts()
            fields = {k: v for k, v in parts.items() if isinstance(v, str)}
            upload = parts.get("upload")
        else:
            fields, upload = request.json, None
        dataset = self._dataset(fields.get("package_id", ""))
        if dataset is None:
            return self._not_found(request)
        if fields.get("name") in self.resource_faults:
            return self.resource_faults.pop(fields["name"])
        if upload is not None and not isinstance(upload, Part):
            return self._invalid(request, upload=["Upload must be a file"])
        if upload is None and not fields.get("url"):
            return self._invalid(request, url=["Missing value"])
        if upload is not None and len(upload.data) > self.max_resource_size:
            return self._invalid(request, upload=["File upload too large"])
        resource_id = str(uuid.uuid4())
        resource = {
            "id": resource_id, "package_id": dataset["id"], "name": fields.get("name", ""),
            "format": fields.get("format", ""), "state": "active",
            "position": len(dataset["resources"]), "description": fields.get("description", ""),
        }
        if upload is not None:
            self.uploads[resource_id] = upload
            resource |= {
                "url": f"{self.url}/dataset/{dataset['id']}/resource/{resource_id}/download/"
                       f"{upload.filename}",
                "url_type": "upload", "size": len(upload.data), "mimetype": upload.content_type,
            }
        else:
            resource |= {"url": fields["url"], "url_type": None}
        dataset["resources"].append(resource)
        dataset["num_resources"] = len(dataset["resources"])
        return self._ok(request, resource)

    def _package_patch(self, request: Request) -> Answer:
        if not self._user(request):
            return self._denied(request, "User not authorized to edit package")
        data = request.json
        dataset = self._dataset(data.get("id", ""))
        if dataset is None:
            return self._not_found(request)
        if data.get("state") not in (None, "active", "draft", "deleted"):
            return self._invalid(request, state=["Invalid state"])
        dataset.update({k: v for k, v in data.items() if k != "id"})
        return self._ok(request, dataset)

    def _package_delete(self, request: Request) -> Answer:
        if not self._user(request):
            return self._denied(request, "User not authorized to delete package")
        dataset = self._dataset(request.json.get("id", ""))
        if dataset is None or dataset["state"] == "deleted":
            return self._not_found(request)
        dataset["state"] = "deleted"
        return self._ok(request, None)

    def _status_show(self, request: Request) -> Answer:
        return self._ok(request, {
            "site_title": "Portal Satu Data DIY", "site_url": self.url,
            "ckan_version": self.version, "locale_default": "id",
            "extensions": ["stats", "text_view", "datastore"],
        })

    def _organization_list_for_user(self, request: Request) -> Answer:
        if not self._user(request):
            return self._ok(request, [])  # anonymous: member of nothing
        permission = (request.json or {}).get("permission", "manage_group")
        assert permission == "create_dataset", permission
        return self._ok(request, [dict(self.organizations[name]) for name in self.member_of])
