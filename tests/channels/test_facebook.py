"""Facebook Page connector against the fake Graph API."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from tayang.channels.connectors.base import ChannelError, Delivered, ErrorKind
from tayang.channels.connectors.facebook import FacebookPage
from tayang.channels.limits import problems
from tests.channels.fakes.graph import PAGE_ID, PAGE_TOKEN, FakeGraph, error_body
from tests.channels.fakes.server import Part
from tests.channels.journal import DictJournal
from tests.channels.posts import jpeg, post, video

MB = 1024 * 1024


@pytest.fixture
def api():
    with FakeGraph() as fake:
        yield fake


def connector(api, http, token=PAGE_TOKEN, page_id=PAGE_ID):
    return FacebookPage({"page_id": page_id}, {"page_access_token": token}, http,
                        api_base=api.url)


def creates(api):
    """Every call that can create something visible or not (feed, photos, videos)."""
    return [r for r in api.requests if r.method == "POST"]


# -- happy paths -------------------------------------------------------------------------------
def test_text_with_link_posts_to_feed(api, http):
    journal = DictJournal()
    item = post()
    delivered = connector(api, http).publish(item, journal)

    [call] = api.calls("POST", r"/feed$")
    assert call.path == f"/{PAGE_ID}/feed"
    assert call.form == {"message": item.text, "link": item.link, "access_token": PAGE_TOKEN}
    assert "access_token" not in call.query  # the token stays out of the URL on writes
    [created] = api.feed_posts()
    assert delivered == Delivered(created["id"], created["permalink_url"])
    [permalink] = api.calls("GET", rf"/{created['id']}$")
    assert permalink.query == {"fields": "permalink_url", "access_token": PAGE_TOKEN}
    assert journal["post_id"] == created["id"]


def test_photos_upload_unpublished_with_alt_text_then_one_feed_post(api, http, tmp_path):
    first = jpeg(tmp_path, "serah-terima.jpg", alt="Kepala Dinas menyerahkan bantuan")
    second = jpeg(tmp_path, "warga.jpg", alt="Warga menerima paket sembako")
    journal = DictJournal()
    item = post(first, second)
    delivered = connector(api, http).publish(item, journal)

    uploads = api.calls("POST", r"/photos$")
    assert [u.path for u in uploads] == [f"/{PAGE_ID}/photos"] * 2
    for upload, photo in zip(uploads, (first, second), strict=True):
        parts = upload.parts()
        assert parts["published"] == "false"
        assert parts["alt_text_custom"] == photo.alt
        assert parts["access_token"] == PAGE_TOKEN
        source = parts["source"]
        assert isinstance(source, Part)
        assert (source.filename, source.content_type) == (photo.filename, "image/jpeg")
        assert source.data == open(photo.path, "rb").read()  # noqa: SIM115
    photo_ids = list(api.photos)
    assert journal["photo_ids"] == photo_ids

    [feed] = api.calls("POST", r"/feed$")
    assert feed.form["message"] == item.text
    assert "link" not in feed.form  # attached photos replace the link preview
    assert [json.loads(feed.form[f"attached_media[{i}]"]) for i in range(2)] == [
        {"media_fbid": photo_id} for photo_id in photo_ids
    ]
    [created] = api.feed_posts()
    assert created["attached_media"] == photo_ids
    assert delivered.external_id == created["id"]


def test_one_video_goes_to_the_videos_edge(api, http, tmp_path):
    clip = video(tmp_path)
    journal = DictJournal()
    item = post(clip)
    delivered = connector(api, http).publish(item, journal)

    [upload] = api.calls("POST", r"/videos$")
    parts = upload.parts()
    assert parts["title"] == item.title
    assert parts["description"] == item.text
    assert isinstance(parts["source"], Part)
    assert parts["source"].filename == "video.mp4"
    [video_id] = api.videos
    assert journal["video_id"] == video_id
    assert delivered == Delivered(video_id,
                                  f"https://www.facebook.com/{PAGE_ID}/videos/{video_id}/")
    assert not api.calls("POST", r"/(feed|photos)$")


def test_video_uploads_use_the_graph_video_host_by_default():
    connector = FacebookPage({"page_id": PAGE_ID}, {"page_access_token": "x"}, httpx.Client())
    assert connector.api_base == "https://graph.facebook.com/v23.0"
    assert connector.video_base == "https://graph-video.facebook.com/v23.0"


def test_permalink_read_failing_falls_back_to_the_post_address(api, http):
    api.fail("GET", rf"/{PAGE_ID}_\d+$", 500, error_body(2, "Service temporarily unavailable"))
    delivered = connector(api, http).publish(post(), DictJournal())
    assert delivered.url == f"https://www.facebook.com/{delivered.external_id}"


# -- errors ------------------------------------------------------------------------------------
def test_page_throttling_is_rate_limited_with_the_business_usage_wait(api, http):
    usage = {PAGE_ID: [{"type": "pages", "call_count": 100, "total_cputime": 20,
                        "total_time": 30, "estimated_time_to_regain_access": 7}]}
    api.fail("POST", r"/feed$", 400,
             error_body(32, "(#32) Page request limit reached"),
             headers={"X-Business-Use-Case-Usage": json.dumps(usage)})
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(), DictJournal())
    assert caught.value.kind == ErrorKind.RATE_LIMITED
    assert caught.value.retryable
    assert caught.value.retry_after == 7 * 60
    assert "Page request limit reached" in caught.value.detail
    assert not api.feed_posts()


def test_app_throttling_without_an_estimate_is_still_retryable(api, http):
    api.fail("POST", r"/feed$", 400, error_body(4, "(#4) Application request limit reached"),
             headers={"X-App-Usage": json.dumps({"call_count": 100, "total_time": 40,
                                                 "total_cputime": 12})})
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(), DictJournal())
    assert (caught.value.kind, caught.value.retryable) == (ErrorKind.RATE_LIMITED, True)
    assert caught.value.retry_after is None


def test_expired_token_asks_the_admin_for_a_new_page_token(api, http):
    api.expire(PAGE_TOKEN)
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(), DictJournal())
    error = caught.value
    assert error.kind == ErrorKind.AUTH
    assert not error.retryable
    assert error.message == ("Facebook menolak token akses: token kedaluwarsa. Buat token Halaman "
                             "baru lalu simpan di pengaturan kanal.")
    assert "Session has expired" in error.detail
    assert "code 190" in error.detail


def test_missing_permission_is_auth(api, http):
    api.fail("POST", r"/feed$", 403,
             error_body(200, "(#200) The user hasn't authorized the application to perform "
                             "this action"))
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(), DictJournal())
    assert caught.value.kind == ErrorKind.AUTH
    assert "tidak memiliki izin" in caught.value.message


def test_refused_photo_is_rejected_naming_the_file(api, http, tmp_path):
    api.fail("POST", r"/photos$", 400, error_body(324, "(#324) Missing or invalid image file"))
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(jpeg(tmp_path, "rusak.jpg")), DictJournal())
    assert caught.value.kind == ErrorKind.REJECTED
    assert not caught.value.retryable
    assert caught.value.message.startswith("Facebook menolak foto rusak.jpg:")
    assert not api.feed_posts()


def test_transient_graph_error_on_create_is_retryable_and_maybe_posted(api, http):
    api.fail("POST", r"/feed$", 500,
             error_body(2, "An unexpected error has occurred. Please retry your request later.",
                        transient=True))
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(), DictJournal())
    assert caught.value.kind == ErrorKind.SERVER
    assert caught.value.retryable and caught.value.maybe_posted


def test_non_json_gateway_error_is_a_retryable_server_error(api, http):
    api.fail("POST", r"/feed$", 502, b"<html>Bad Gateway</html>")
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(), DictJournal())
    assert (caught.value.kind, caught.value.retryable) == (ErrorKind.SERVER, True)


def test_duplicate_post_is_rejected_but_maybe_posted(api, http):
    api.fail("POST", r"/feed$", 400, error_body(506, "Duplicate status message"))
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(), DictJournal())
    assert caught.value.kind == ErrorKind.REJECTED
    assert caught.value.maybe_posted


def test_incomplete_settings_are_a_config_error(api, http):
    with pytest.raises(ChannelError) as caught:
        connector(api, http, token="").publish(post(), DictJournal())
    assert caught.value.kind == ErrorKind.CONFIG
    assert not api.requests


# -- exactly once ------------------------------------------------------------------------------
def test_interrupted_feed_post_is_found_and_never_posted_twice(api, quick, tmp_path):
    http = quick
    photo = jpeg(tmp_path)
    item = post(photo)
    journal = DictJournal()
    api.hang("POST", r"/feed$")  # Facebook creates the post, the answer never comes
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(item, journal)
    assert caught.value.kind == ErrorKind.NETWORK
    assert caught.value.maybe_posted
    [created] = api.feed_posts()
    assert "post_id" not in journal

    found = connector(api, http).find(item, journal)
    assert found == Delivered(created["id"], created["permalink_url"])
    assert journal["post_id"] == created["id"]

    again = connector(api, http).publish(item, journal)
    assert again.external_id == created["id"]
    assert len(api.feed_posts()) == 1
    assert len(api.calls("POST", r"/feed$")) == 1
    assert len(api.calls("POST", r"/photos$")) == 1


def test_publish_after_an_interruption_looks_first_even_without_find(api, quick):
    http = quick
    item = post()
    journal = DictJournal()
    api.hang("POST", r"/feed$")
    with pytest.raises(ChannelError):
        connector(api, http).publish(item, journal)

    again = connector(api, http).publish(item, journal)  # a caller that skipped find()
    [created] = api.feed_posts()
    assert again.external_id == created["id"]
    assert len(api.calls("POST", r"/feed$")) == 1


def test_interrupted_video_upload_is_found_in_the_feed(api, quick, tmp_path):
    http = quick
    item = post(video(tmp_path))
    journal = DictJournal()
    api.hang("POST", r"/videos$")
    with pytest.raises(ChannelError):
        connector(api, http).publish(item, journal)

    found = connector(api, http).find(item, journal)
    [feed_post] = api.feed_posts()
    assert found is not None and found.external_id == feed_post["id"]
    connector(api, http).publish(item, journal)
    assert len(api.videos) == 1


def test_resuming_reuses_uploaded_photos(api, http, tmp_path):
    photos = [jpeg(tmp_path, f"foto-{i}.jpg") for i in range(3)]
    item = post(*photos)
    journal = DictJournal()
    api.fail("POST", r"/feed$", 503, error_body(1, "An unknown error occurred"))
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(item, journal)
    assert caught.value.retryable
    assert len(journal["photo_ids"]) == 3

    connector(api, http).publish(item, journal)
    assert len(api.calls("POST", r"/photos$")) == 3  # none uploaded twice
    [created] = api.feed_posts()
    assert created["attached_media"] == journal["photo_ids"]


def test_resuming_uploads_only_the_photos_still_missing(api, http, tmp_path):
    photos = [jpeg(tmp_path, f"foto-{i}.jpg") for i in range(3)]
    item = post(*photos)
    journal = DictJournal()
    connector(api, http)._upload_photos(  # attempt 1 got one photo up, then died
        connector(api, http).graph, dataclasses.replace(item, media=item.media[:1]), journal)
    assert len(journal["photo_ids"]) == 1

    connector(api, http).publish(item, journal)
    uploads = api.calls("POST", r"/photos$")
    assert [u.parts()["source"].filename for u in uploads] == [
        "foto-0.jpg", "foto-1.jpg", "foto-2.jpg"]


def test_find_without_a_sent_create_asks_nothing(api, http):
    assert connector(api, http).find(post(), DictJournal()) is None
    assert not api.requests


def test_find_ignores_the_same_text_posted_before_this_publication(api, http):
    item = post()
    long_ago = (datetime.now(UTC) - timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%S+0000")
    api.posts[f"{PAGE_ID}_1"] = {"id": f"{PAGE_ID}_1", "message": item.text,
                                 "created_time": long_ago, "permalink_url": "https://fb/1"}
    journal = DictJournal(started_at=datetime.now(UTC).isoformat(), create_sent=True)
    assert connector(api, http).find(item, journal) is None
    [listing] = api.calls("GET", r"/feed$")
    assert listing.query["fields"] == "id,message,created_time,permalink_url"


def test_find_trusts_a_journaled_post_even_one_deleted_since(api, http):
    item = post()
    journal = DictJournal()
    delivered = connector(api, http).publish(item, journal)
    assert connector(api, http).find(item, journal) == delivered
    api.posts[delivered.external_id]["deleted"] = True  # an admin removed it by hand
    found = connector(api, http).find(item, journal)
    assert found == Delivered(delivered.external_id,
                              f"https://www.facebook.com/{delivered.external_id}")
    connector(api, http).publish(item, journal)
    assert len(api.calls("POST", r"/feed$")) == 1  # never re-posted behind the admin's back


# -- withdraw, check ---------------------------------------------------------------------------
def test_withdraw_deletes_the_post(api, http):
    journal = DictJournal()
    delivered = connector(api, http).publish(post(), journal)
    connector(api, http).withdraw(delivered, journal)

    [delete] = api.calls("DELETE", rf"/{delivered.external_id}$")
    assert delete.query == {"access_token": PAGE_TOKEN}
    assert not api.feed_posts()
    with pytest.raises(ChannelError) as caught:
        connector(api, http).withdraw(delivered, journal)
    assert caught.value.kind == ErrorKind.NOT_FOUND


def test_check_names_the_page(api, http):
    assert connector(api, http).check() == "Halaman Facebook “Dinas Sosial DIY” (ID 1001)"
    [call] = api.calls("GET", rf"/{PAGE_ID}$")
    assert call.query["fields"] == "name,id"
    assert not creates(api)


def test_check_with_an_expired_token_is_auth(api, http):
    api.expire(PAGE_TOKEN)
    with pytest.raises(ChannelError) as caught:
        connector(api, http).check()
    assert caught.value.kind == ErrorKind.AUTH


# -- limits ------------------------------------------------------------------------------------
def test_limits_caption_length(tmp_path):
    assert problems(FacebookPage, post(text="a" * 63_206)) == []
    assert problems(FacebookPage, post(text="a" * 63_207)) == [
        "Facebook Page: keterangan 63.207 karakter, paling banyak 63.206. Persingkat teksnya "
        "atau tulis varian khusus kanal ini."
    ]


def test_limits_photos_and_videos(tmp_path):
    photo = jpeg(tmp_path)
    assert problems(FacebookPage, post(*[photo] * 10)) == []
    assert problems(FacebookPage, post(*[photo] * 11)) == [
        "Facebook Page: 11 foto, paling banyak 10."]
    clip = video(tmp_path)
    assert problems(FacebookPage, post(photo, clip)) == [
        "Facebook Page: foto dan video tidak dapat digabung dalam satu tayangan."]
    assert problems(FacebookPage, post(clip, clip)) == ["Facebook Page: 2 video, paling banyak 1."]


def test_limits_photo_type_and_size(tmp_path):
    photo = jpeg(tmp_path)
    big = dataclasses.replace(photo, size=int(4.5 * MB))
    assert problems(FacebookPage, post(big)) == [
        "Facebook Page: foto foto.jpg: 4,5 MB, paling besar 4,0 MB."]
    webp = dataclasses.replace(photo, content_type="image/webp")
    assert problems(FacebookPage, post(webp)) == [
        "Facebook Page: foto foto.jpg: jenis image/webp tidak diterima (GIF, JPEG, PNG)."]


def test_limits_video_duration_and_size(tmp_path):
    clip = video(tmp_path)
    assert problems(FacebookPage, post(dataclasses.replace(clip, duration=4 * 3600 + 60))) == [
        "Facebook Page: video video.mp4: durasi 4 jam 1 menit, paling lama 4 jam 0 menit."]
    assert problems(FacebookPage, post(dataclasses.replace(clip, size=1025 * MB))) == [
        "Facebook Page: video video.mp4: 1025,0 MB, paling besar 1024,0 MB."]


def test_limits_empty_post():
    empty = dataclasses.replace(post(text=""), link="")
    assert problems(FacebookPage, empty) == [
        "Facebook Page: tayangan kosong: isi teks, tautan, atau media."]


def test_declared_shape():
    assert FacebookPage.kind == "facebook"
    assert FacebookPage.can_withdraw
    assert [f.key for f in FacebookPage.config_fields] == ["page_id", "page_access_token"]
    assert [f.secret for f in FacebookPage.config_fields] == [False, True]
