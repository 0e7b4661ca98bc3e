"""The CKAN connector against a fake CKAN site: datasets made once, resources never twice."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import httpx
import pytest

from tayang.channels import limits
from tayang.channels.connectors.base import ChannelError, ErrorKind, MediaFile, MediaKind, Post
from tayang.channels.connectors.ckan import Ckan, clean_tags, dataset_name
from tests.channels.fakes.ckan import TOKEN, FakeCkan
from tests.channels.fakes.server import Answer
from tests.channels.journal import DictJournal
from tests.channels.posts import jpeg, post

NAME = "tayang-7-3-1a2b3c"  # dataset_name of posts.post()'s key


@pytest.fixture
def api():
    with FakeCkan() as fake:
        yield fake


@pytest.fixture
def http():
    with httpx.Client(timeout=1.0) as client:
        yield client


def connector(api: FakeCkan, http: httpx.Client, token: str = TOKEN, **config: str) -> Ckan:
    settings = {"owner_org": "dinas-sosial", "license_id": "cc-by", **config}
    return Ckan(settings, {"api_token": token}, http, api_base=api.url)


def document(directory: Path, name: str, data: bytes, content_type: str) -> MediaFile:
    path = directory / name
    path.write_bytes(data)
    return MediaFile(kind=MediaKind.DOCUMENT, path=str(path), url=f"http://situs.test/{name}",
                     filename=name, content_type=content_type, size=len(data))


@pytest.fixture
def item(tmp_path) -> Post:
    """A news item with a photo (never uploaded to CKAN) and two public documents."""
    documents = (
        document(tmp_path, "laporan.pdf", b"%PDF-1.4 laporan penyaluran", "application/pdf"),
        document(tmp_path, "tabel.xlsx", b"PK\x03\x04 tabel penerima",
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    )
    return dataclasses.replace(post(jpeg(tmp_path)), documents=documents,
                               tags=("bantuan sosial", "#DIY!", "kesehatan/gizi", "x"))


def uploads(api: FakeCkan) -> list[str]:
    return sorted(part.filename for part in api.uploads.values())


# -- the happy path -------------------------------------------------------------------------
def test_publish_makes_a_draft_dataset_adds_resources_then_activates_it(api, http, item):
    journal = DictJournal()
    delivered = connector(api, http).publish(item, journal)

    [create] = api.calls("POST", r"/api/3/action/package_create$")
    assert create.headers["authorization"] == TOKEN
    assert create.headers["content-type"].startswith("application/json")
    sent = create.json
    assert sent == {
        "name": NAME, "title": item.title, "owner_org": "dinas-sosial", "license_id": "cc-by",
        "private": False, "state": "draft", "url": item.link,
        "tags": [{"name": "bantuan sosial"}, {"name": "DIY"}, {"name": "kesehatan gizi"}],
        "notes": f"{item.summary}\n\nBaca berita lengkapnya di situs Dinas Sosial DIY: "
                 f"{item.link}",
    }
    dataset_id = api.live()[0]["id"]
    *files, link = api.calls("POST", r"/resource_create$")
    for request, (name, fmt, data) in zip(files, [
        ("laporan.pdf", "PDF", b"%PDF-1.4 laporan penyaluran"),
        ("tabel.xlsx", "XLSX", b"PK\x03\x04 tabel penerima"),
    ], strict=True):
        parts = request.parts()
        assert {k: v for k, v in parts.items() if k != "upload"} == {
            "package_id": dataset_id, "name": name, "format": fmt}
        assert parts["upload"].filename == name
        assert parts["upload"].data == data
        assert request.headers["authorization"] == TOKEN
    assert link.headers["content-type"].startswith("application/json")
    assert link.json == {"package_id": dataset_id, "name": f"Berita: {item.title}",
                         "format": "HTML", "url": item.link}
    [patch] = api.calls("POST", r"/package_patch$")
    assert patch.json == {"id": dataset_id, "state": "active"}

    [dataset] = api.live()
    assert dataset["state"] == "active"
    assert [r["name"] for r in dataset["resources"]] == [
        "laporan.pdf", "tabel.xlsx", f"Berita: {item.title}"]
    assert uploads(api) == ["laporan.pdf", "tabel.xlsx"]  # the photo is not a resource
    assert delivered.external_id == dataset["id"]
    assert delivered.url == f"{api.url}/dataset/{NAME}"
    assert journal["ckan_dataset"] == {"id": dataset["id"], "name": NAME}
    assert sorted(journal["ckan_resources"]) == ["file:0:laporan.pdf", "file:1:tabel.xlsx",
                                                  "link"]


def test_a_post_without_documents_gets_the_article_link_only(api, http, tmp_path):
    connector(api, http).publish(post(), DictJournal())
    [dataset] = api.live()
    assert [(r["format"], r["url"]) for r in dataset["resources"]] == [("HTML", post().link)]


def test_find_reads_the_dataset_by_name(api, http, item):
    ckan = connector(api, http)
    assert ckan.find(item, DictJournal()) is None
    [show] = api.calls("GET", r"/package_show$")
    assert show.query == {"id": NAME}
    assert show.headers["authorization"] == TOKEN
    delivered = ckan.publish(item, DictJournal())
    assert ckan.find(item, DictJournal()) == delivered


# -- exactly once ---------------------------------------------------------------------------
def test_name_in_use_takes_the_existing_dataset_and_adds_nothing_twice(api, http, item):
    ckan = connector(api, http)
    first = ckan.publish(item, DictJournal())
    again = ckan.publish(item, DictJournal())  # a lost journal: only the name remains

    assert again == first
    assert len(api.datasets) == 1
    second_create = api.calls("POST", r"/package_create$")[1]
    assert second_create.json["name"] == NAME
    assert len(api.calls("POST", r"/resource_create$")) == 3
    assert uploads(api) == ["laporan.pdf", "tabel.xlsx"]


def test_hang_on_create_then_find_and_publish_makes_one_complete_dataset(api, http, item):
    ckan = connector(api, http)
    journal = DictJournal()
    api.hang("POST", r"/package_create$")
    with pytest.raises(ChannelError) as caught:
        ckan.publish(item, journal)
    assert caught.value.kind == ErrorKind.NETWORK
    assert caught.value.retryable and caught.value.maybe_posted
    [draft] = api.live()
    assert draft["state"] == "draft" and draft["resources"] == []

    # an unfinished draft is not a publication: find says so, and publishing finishes it
    assert ckan.find(item, journal) is None
    delivered = ckan.publish(item, journal)

    [dataset] = api.live()
    assert len(api.datasets) == 1
    assert delivered.external_id == dataset["id"] == draft["id"]
    assert dataset["state"] == "active"
    assert len(dataset["resources"]) == 3
    assert ckan.find(item, journal) == delivered


def test_hang_after_the_last_step_find_returns_the_dataset(api, http, item):
    ckan = connector(api, http)
    journal = DictJournal()
    api.hang("POST", r"/package_patch$")
    with pytest.raises(ChannelError) as caught:
        ckan.publish(item, journal)
    assert caught.value.maybe_posted

    found = ckan.find(item, DictJournal())  # even without the journal: by the dataset name
    [dataset] = api.live()
    assert found is not None
    assert found.external_id == dataset["id"]
    assert found.url == f"{api.url}/dataset/{NAME}"

    again = ckan.publish(item, journal)
    assert again == found
    assert len(api.datasets) == 1
    assert len(api.calls("POST", r"/package_create$")) == 1
    assert len(api.calls("POST", r"/resource_create$")) == 3


def test_resume_creates_only_the_missing_resources(api, http, item):
    ckan = connector(api, http)
    journal = DictJournal()
    api.resource_faults["tabel.xlsx"] = Answer(503, b"<html>Service Unavailable</html>",
                                               {"Content-Type": "text/html"})
    with pytest.raises(ChannelError) as caught:
        ckan.publish(item, journal)
    assert caught.value.kind == ErrorKind.SERVER and caught.value.retryable
    assert list(journal["ckan_resources"]) == ["file:0:laporan.pdf"]

    ckan.publish(item, journal)
    assert len(api.calls("POST", r"/package_create$")) == 1
    assert uploads(api) == ["laporan.pdf", "tabel.xlsx"]  # laporan.pdf sent once
    assert len(api.live()[0]["resources"]) == 3


def test_a_resource_made_by_a_hung_attempt_is_adopted_not_uploaded_again(api, http, item):
    ckan = connector(api, http)
    journal = DictJournal()
    api.hang("POST", r"/resource_create$")  # laporan.pdf is made, the answer never comes
    with pytest.raises(ChannelError) as caught:
        ckan.publish(item, journal)
    assert caught.value.maybe_posted
    assert journal["ckan_resources"] == {}

    ckan.publish(item, journal)
    assert uploads(api) == ["laporan.pdf", "tabel.xlsx"]
    assert len(journal["ckan_resources"]) == 3


# -- errors ---------------------------------------------------------------------------------
def test_revoked_token_is_an_auth_error_telling_the_admin_what_to_do(api, http, item):
    api.revoke()
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(item, DictJournal())
    error = caught.value
    assert error.kind == ErrorKind.AUTH and not error.retryable
    assert error.message.startswith("Portal Satu Data menolak akses: token API tidak berlaku")
    assert "Buat token API baru" in error.message
    assert "Authorization Error" in error.detail


def test_validation_error_names_the_fields_in_indonesian(api, http, item):
    api.fail("POST", r"/package_create$", 409, {
        "help": "…", "success": False,
        "error": {"__type": "Validation Error", "title": ["Missing value"],
                  "tags": [{}, {"name": ['Tag "x" length is less than minimum 2']}]},
    })
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(item, DictJournal())
    error = caught.value
    assert error.kind == ErrorKind.REJECTED and not error.retryable
    # The fields in Tayang's words; the portal's own texts only in ``detail`` (never shown to
    # staff: a hostile portal could write anything there).
    assert error.message == "Portal Satu Data menolak dataset ini: isian tidak valid (judul, tag)."
    assert "Validation Error" in error.detail and "Missing value" in error.detail


@pytest.mark.parametrize("organization", ["dinas-pariwisata", "dinas-kesehatan"])
def test_an_organization_we_cannot_add_to_is_a_config_error(api, http, item, organization):
    with pytest.raises(ChannelError) as caught:
        connector(api, http, owner_org=organization).publish(item, DictJournal())
    assert caught.value.kind == ErrorKind.CONFIG
    assert f'tidak menerima organisasi "{organization}"' in caught.value.message
    assert api.datasets == {}


def test_a_refused_upload_names_the_file(api, http, item):
    api.max_resource_size = 20
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(item, DictJournal())
    assert caught.value.kind == ErrorKind.REJECTED
    assert caught.value.message == (
        "Portal Satu Data menolak berkas laporan.pdf: isian tidak valid (berkas).")
    assert "File upload too large" in caught.value.detail


def test_server_error_on_create_is_retryable_and_maybe_posted(api, http, item):
    api.fail("POST", r"/package_create$", 500, b"<html>Internal Server Error</html>",
             headers={"Content-Type": "text/html"})
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(item, DictJournal())
    error = caught.value
    assert error.kind == ErrorKind.SERVER
    assert error.retryable and error.maybe_posted
    assert "kode 500" in error.message


def test_rate_limit_from_the_portal_proxy_is_retryable_after_its_delay(api, http, item):
    api.fail("POST", r"/package_create$", 429, b"Too Many Requests",
             headers={"Retry-After": "30", "Content-Type": "text/plain"})
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(item, DictJournal())
    assert caught.value.kind == ErrorKind.RATE_LIMITED
    assert caught.value.retryable and caught.value.retry_after == 30


def test_missing_settings_are_a_config_error(api, http, item):
    ckan = Ckan({"owner_org": ""}, {"api_token": ""}, http, api_base=api.url)
    with pytest.raises(ChannelError) as caught:
        ckan.publish(item, DictJournal())
    assert caught.value.kind == ErrorKind.CONFIG
    assert caught.value.message == (
        "Pengaturan kanal Portal Satu Data belum lengkap: organisasi, token API belum diisi.")
    assert api.requests == []


# -- withdraw -------------------------------------------------------------------------------
def test_withdraw_deletes_the_dataset(api, http, item):
    ckan = connector(api, http)
    journal = DictJournal()
    delivered = ckan.publish(item, journal)
    ckan.withdraw(delivered, journal)

    [delete] = api.calls("POST", r"/package_delete$")
    assert delete.json == {"id": delivered.external_id}
    assert api.datasets[delivered.external_id]["state"] == "deleted"
    assert ckan.find(item, DictJournal()) is None
    with pytest.raises(ChannelError) as caught:
        ckan.withdraw(delivered, journal)
    assert caught.value.kind == ErrorKind.NOT_FOUND


def test_a_dataset_deleted_on_the_portal_is_made_again(api, http, item):
    ckan = connector(api, http)
    journal = DictJournal()
    first = ckan.publish(item, journal)
    api.datasets[first.external_id]["state"] = "deleted"
    again = ckan.publish(item, journal)
    assert again.external_id != first.external_id
    assert len(api.live()) == 1 and len(api.live()[0]["resources"]) == 3


# -- check ----------------------------------------------------------------------------------
def test_check_names_the_version_and_the_organization(api, http):
    assert connector(api, http).check() == "CKAN 2.10.5 · organisasi Dinas Sosial DIY"
    [listing] = api.calls("POST", r"/organization_list_for_user$")
    assert listing.json == {"permission": "create_dataset"}
    assert listing.headers["authorization"] == TOKEN


def test_check_refuses_an_organization_the_account_does_not_edit(api, http):
    with pytest.raises(ChannelError) as caught:
        connector(api, http, owner_org="dinas-kesehatan").check()
    assert caught.value.kind == ErrorKind.AUTH
    assert 'menambah dataset ke organisasi "dinas-kesehatan"' in caught.value.message


def test_check_with_a_revoked_token_is_an_auth_error(api, http):
    api.revoke()
    with pytest.raises(ChannelError) as caught:
        connector(api, http).check()
    assert caught.value.kind == ErrorKind.AUTH
    assert "Buat token API baru" in caught.value.message


# -- limits and names -----------------------------------------------------------------------
def test_problems(tmp_path):
    assert limits.problems(Ckan, post()) == []
    assert limits.problems(Ckan, dataclasses.replace(post(), title=" ")) == [
        "Portal Satu Data (CKAN): judul wajib diisi (judul dataset)."]
    assert limits.problems(Ckan, dataclasses.replace(post(), link="")) == [
        "Portal Satu Data (CKAN): wajib ada dokumen atau tautan berita: dataset tanpa sumber "
        "data tidak berguna di portal."]
    pdf = document(tmp_path, "a.pdf", b"%PDF", "application/pdf")
    assert limits.problems(Ckan, dataclasses.replace(post(), link="", documents=(pdf,))) == []
    # photos are not uploaded to CKAN: no photo type or size is refused
    gif = dataclasses.replace(jpeg(tmp_path), content_type="image/gif", size=80 * 1024 * 1024)
    assert limits.problems(Ckan, post(gif)) == []


def test_dataset_names_follow_ckan_rules():
    assert dataset_name("tayang-7-3-1a2b3c") == NAME
    assert dataset_name("Tayang/7:3 ABC") == "tayang-7-3-abc"
    long = dataset_name("x" * 300)
    assert len(long) == 100 and long != dataset_name("x" * 299)
    assert len(dataset_name("!")) >= 2


def test_tags_are_cleaned_for_ckan():
    assert clean_tags(("bantuan sosial", "#DIY!", "kesehatan/gizi", "x", "Bantuan Sosial",
                       "anak_usia-dini 2.0", "Ṡeni budaya")) == [
        "bantuan sosial", "DIY", "kesehatan gizi", "anak_usia-dini 2.0", "Ṡeni budaya"]
