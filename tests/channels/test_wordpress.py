"""WordPress connector against a fake REST API."""

from __future__ import annotations

import base64
import dataclasses
from pathlib import Path

import httpx
import pytest

from tayang.channels.connectors.base import ChannelError, Delivered, ErrorKind
from tayang.channels.connectors.wordpress import WordPress, post_slug
from tayang.channels.limits import problems
from tests.channels.fakes.wordpress import PASSWORD, USERNAME, FakeWordPress
from tests.channels.journal import DictJournal
from tests.channels.posts import jpeg, post, video

SLUG = "tayang-7-3-1a2b3c"


@pytest.fixture
def api():
    with FakeWordPress() as fake:
        yield fake


@pytest.fixture
def http():
    with httpx.Client(timeout=1) as client:
        yield client


def connector(api, http, password=PASSWORD, site=None, **config):
    settings = {"site_url": site or api.url, "username": USERNAME, **config}
    return WordPress(settings, {"application_password": password}, http)


def two_photos(tmp_path):
    return (jpeg(tmp_path, "a.jpg", alt="Penyerahan bantuan"),
            jpeg(tmp_path, "b.jpg", alt="Warga & petugas \"Dinsos\""))


# -- happy paths -------------------------------------------------------------------------------
def test_photos_video_and_post(api, http, tmp_path):
    a, b = two_photos(tmp_path)
    clip = video(tmp_path)
    item = post(a, b, clip)
    journal = DictJournal()
    delivered = connector(api, http).publish(item, journal)

    uploads = api.calls("POST", r"/wp-json/wp/v2/media$")
    assert len(uploads) == 3
    first = uploads[0]
    assert first.headers["content-type"] == "image/jpeg"
    assert first.headers["content-disposition"] == 'attachment; filename="a.jpg"'
    assert first.headers["authorization"] == "Basic " + base64.b64encode(
        f"{USERNAME}:{PASSWORD}".encode()).decode()
    assert first.query == {"slug": f"{SLUG}-media-1", "alt_text": "Penyerahan bantuan"}
    assert first.body == Path(a.path).read_bytes()
    assert uploads[2].headers["content-type"] == "video/mp4"
    assert "alt_text" not in uploads[2].query
    ids = sorted(api.media)
    assert [api.media[i]["alt_text"] for i in ids] == [
        "Penyerahan bantuan", 'Warga & petugas "Dinsos"', ""]

    [create] = api.calls("POST", r"/posts$")
    sent = create.json
    assert sent["title"] == item.title
    assert sent["excerpt"] == item.summary
    assert sent["status"] == "publish"
    assert sent["slug"] == SLUG
    assert sent["featured_media"] == ids[0]
    assert "categories" not in sent
    content = sent["content"]
    assert content.startswith(item.body_html)
    assert "<!-- wp:gallery" in content
    assert f'class="wp-image-{ids[0]}"' in content and f'class="wp-image-{ids[1]}"' in content
    assert 'alt="Warga &amp; petugas &quot;Dinsos&quot;"' in content
    assert f"<!-- wp:video {{\"id\":{ids[2]}}} -->" in content
    assert f'<a href="{item.link}">' in content

    [created] = api.posts.values()
    assert delivered == Delivered(str(created["id"]), f"{api.url}/2026/11/{SLUG}/")
    assert journal["wordpress_post"] == {"id": created["id"], "url": delivered.url}
    assert [m["id"] for m in journal["wordpress_media"]] == ids


def test_one_photo_is_featured_without_gallery(api, http, tmp_path):
    connector(api, http).publish(post(jpeg(tmp_path)), DictJournal())
    [create] = api.calls("POST", r"/posts$")
    [media_id] = api.media
    assert create.json["featured_media"] == media_id
    assert "wp:gallery" not in create.json["content"]


def test_draft_with_category(api, http):
    delivered = connector(api, http, status="draft", category_id="5").publish(
        post(), DictJournal())
    [create] = api.calls("POST", r"/posts$")
    assert create.json["status"] == "draft"
    assert create.json["categories"] == [5]
    assert "featured_media" not in create.json
    assert delivered.url.endswith(f"/?p={delivered.external_id}")


def test_post_slug_follows_the_key():
    assert post_slug("tayang-7-3-1a2b3c") == "tayang-7-3-1a2b3c"
    assert post_slug("Tayang:7/3 #AB") == "tayang-7-3-ab"


# -- errors ------------------------------------------------------------------------------------
def test_rate_limit(api, http):
    api.fail("POST", r"/posts$", 429, {"code": "too_many_requests", "message": "Slow down",
                                       "data": {"status": 429}}, headers={"Retry-After": "30"})
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(), DictJournal())
    assert caught.value.kind == ErrorKind.RATE_LIMITED
    assert caught.value.retryable and caught.value.retry_after == 30


def test_wrong_application_password_is_auth(api, http):
    with pytest.raises(ChannelError) as caught:
        connector(api, http, password="salah salah").publish(post(), DictJournal())
    error = caught.value
    assert error.kind == ErrorKind.AUTH and not error.retryable
    assert "Application Password baru" in error.message
    assert "HTTPS" in error.message  # the fake site is http://
    assert "incorrect_password" in error.detail
    assert api.posts == {}


def test_missing_permission_is_auth(api, http, tmp_path):
    api.capabilities["upload_files"] = False
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(jpeg(tmp_path)), DictJournal())
    assert caught.value.kind == ErrorKind.AUTH
    assert "tidak punya izin" in caught.value.message and "Editor" in caught.value.message


def test_refused_file_type_names_the_file(api, http, tmp_path):
    api.allowed_types.discard("image/webp")
    webp = dataclasses.replace(jpeg(tmp_path), filename="poster.webp", content_type="image/webp")
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(webp), DictJournal())
    error = caught.value
    assert error.kind == ErrorKind.REJECTED and not error.retryable  # despite status 500
    assert "poster.webp" in error.message
    assert "jenis berkas tidak diterima" in error.message
    assert "not allowed to upload this file type" in error.detail  # the site's words: detail only
    assert api.posts == {}


def test_site_limit_refuses_before_uploading(api, http, tmp_path):
    big = dataclasses.replace(jpeg(tmp_path), size=3 * 1024 * 1024)
    with pytest.raises(ChannelError) as caught:
        connector(api, http, max_upload_mb="2").publish(post(big), DictJournal())
    assert caught.value.kind == ErrorKind.REJECTED
    assert caught.value.message.startswith("Berkas foto.jpg (3.0 MB) melebihi batas unggah")
    assert api.calls("POST", "/media") == []


def test_server_error_is_retryable_maybe_posted(api, http):
    api.fail("POST", r"/posts$", 503, b"<html>Service Unavailable</html>",
             headers={"Content-Type": "text/html"})
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(), DictJournal())
    assert caught.value.kind == ErrorKind.SERVER
    assert caught.value.retryable and caught.value.maybe_posted


def test_wrong_site_is_config(api, http):
    with pytest.raises(ChannelError) as caught:
        connector(api, http, site=f"{api.url}/blog").publish(post(), DictJournal())
    assert caught.value.kind == ErrorKind.CONFIG
    assert "REST API WordPress tidak ditemukan" in caught.value.message


def test_unknown_status_setting_is_config(api, http):
    with pytest.raises(ChannelError) as caught:
        connector(api, http, status="terbit").publish(post(), DictJournal())
    assert caught.value.kind == ErrorKind.CONFIG
    assert api.requests == []


# -- exactly once ------------------------------------------------------------------------------
def test_interrupted_create_is_found_by_slug(api, http, tmp_path):
    item = post(*two_photos(tmp_path))
    api.hang("POST", r"/posts$")  # WordPress creates the post; the answer never comes
    journal = DictJournal()
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(item, journal)
    assert caught.value.maybe_posted
    [created] = api.posts.values()

    found = connector(api, http).find(item, DictJournal())  # even without the journal
    assert found == Delivered(str(created["id"]), created["link"])
    [lookup] = api.calls("GET", r"/posts$")
    assert lookup.query == {"slug": SLUG, "status": "any", "context": "edit"}

    again = connector(api, http).publish(item, journal)
    assert again == found
    assert len(api.posts) == 1
    assert len(api.calls("POST", r"/posts$")) == 1
    assert len(api.media) == 2 and len(api.calls("POST", r"/media$")) == 2


def test_publish_after_interrupted_create_checks_first(api, http):
    # Even if nobody calls find(), a second publish does not make a second post.
    api.hang("POST", r"/posts$")
    journal = DictJournal()
    with pytest.raises(ChannelError):
        connector(api, http).publish(post(), journal)
    connector(api, http).publish(post(), journal)
    assert len(api.posts) == 1


def test_find_when_nothing_was_posted(api, http):
    assert connector(api, http).find(post(), DictJournal()) is None


def test_media_resumed_from_the_journal(api, http, tmp_path):
    item = post(*two_photos(tmp_path))
    api.fail("POST", r"/posts$", 502, {"code": "bad_gateway", "message": "Bad Gateway",
                                       "data": {"status": 502}})
    journal = DictJournal()
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(item, journal)
    assert caught.value.retryable
    assert len(api.calls("POST", r"/media$")) == 2

    connector(api, http).publish(item, journal)
    assert len(api.calls("POST", r"/media$")) == 2  # not uploaded again
    assert len(api.media) == 2
    [created] = api.posts.values()
    assert created["featured_media"] == min(api.media)


def test_interrupted_upload_is_found_by_its_slug(api, http, tmp_path):
    item = post(*two_photos(tmp_path))
    api.hang("POST", r"/media$")  # the first photo is stored; its answer is lost
    journal = DictJournal()
    with pytest.raises(ChannelError):
        connector(api, http).publish(item, journal)
    assert len(api.media) == 1

    connector(api, http).publish(item, journal)
    assert len(api.media) == 2  # the first photo was found, only the second uploaded
    assert len(api.calls("POST", r"/media$")) == 2
    [lookup] = api.calls("GET", r"/media$")
    assert lookup.query == {"slug": f"{SLUG}-media-1"}
    assert sorted(m["id"] for m in journal["wordpress_media"]) == sorted(api.media)


# -- withdraw ----------------------------------------------------------------------------------
def test_withdraw_moves_to_trash_once(api, http):
    journal = DictJournal()
    delivered = connector(api, http).publish(post(), journal)
    connector(api, http).withdraw(delivered, journal)
    [delete] = api.calls("DELETE", r"/posts/\d+$")
    assert "force" not in delete.query
    assert api.posts[int(delivered.external_id)]["status"] == "trash"
    connector(api, http).withdraw(delivered, journal)  # already in the trash: fine
    assert connector(api, http).find(post(), DictJournal()) is None


def test_withdraw_of_a_deleted_post_is_not_found(api, http):
    with pytest.raises(ChannelError) as caught:
        connector(api, http).withdraw(Delivered("999"), DictJournal())
    assert caught.value.kind == ErrorKind.NOT_FOUND


# -- check -------------------------------------------------------------------------------------
def test_check(api, http):
    assert connector(api, http, category_id="5").check() == (
        f"Masuk ke {api.url} sebagai Redaksi Dinsos (editor); pos dibuat dengan status "
        "publish, kategori \"Berita Dinas\".")
    [me] = api.calls("GET", "/users/me")
    assert me.query == {"context": "edit"}


def test_check_without_publish_right(api, http):
    api.capabilities["publish_posts"] = False
    with pytest.raises(ChannelError) as caught:
        connector(api, http).check()
    assert caught.value.kind == ErrorKind.AUTH and "membuat pos" in caught.value.message
    assert connector(api, http, status="draft").check().endswith("status draft.")


def test_check_unknown_category(api, http):
    with pytest.raises(ChannelError) as caught:
        connector(api, http, category_id="77").check()
    assert caught.value.kind == ErrorKind.CONFIG


def test_check_bad_password(api, http):
    with pytest.raises(ChannelError) as caught:
        connector(api, http, password="x").check()
    assert caught.value.kind == ErrorKind.AUTH


# -- limits ------------------------------------------------------------------------------------
def test_limits(tmp_path):
    photo = jpeg(tmp_path)
    bmp = dataclasses.replace(photo, filename="scan.bmp", content_type="image/bmp")
    avi = dataclasses.replace(video(tmp_path), filename="rekaman.avi",
                              content_type="video/x-msvideo")
    assert problems(WordPress, post(photo, bmp, avi, text="x" * 50_000)) == [
        "WordPress: foto scan.bmp: jenis image/bmp tidak diterima (GIF, JPEG, PNG, WEBP).",
        "WordPress: video rekaman.avi: jenis video/x-msvideo tidak diterima "
        "(MP4, QUICKTIME, WEBM).",
    ]
    empty = dataclasses.replace(post(), title=" ", body_html="")
    assert problems(WordPress, empty) == ["WordPress: judul dan isi berita kosong."]
