"""Instagram connector against the fake Graph API."""

from __future__ import annotations

import dataclasses
import json
import time
from datetime import UTC, datetime, timedelta

import pytest

from tayang.channels.connectors.base import CannotFind, ChannelError, Delivered, ErrorKind
from tayang.channels.connectors.instagram import Instagram
from tayang.channels.limits import problems
from tests.channels.fakes.graph import IG_TOKEN, IG_USER_ID, FakeGraph, error_body
from tests.channels.journal import DictJournal
from tests.channels.posts import jpeg, post, video

MB = 1024 * 1024


@pytest.fixture
def api():
    with FakeGraph() as fake:
        yield fake


def connector(api, http, token=IG_TOKEN, sleeps=None):
    ig = Instagram({"ig_user_id": IG_USER_ID}, {"access_token": token}, http, api_base=api.url)
    ig.poll_interval = 0.01
    ig.poll_timeout = 1.0
    ig.sleep = (sleeps.append if sleeps is not None else lambda seconds: None)
    return ig


class OrderedJournal(DictJournal):
    """Remembers, for every record, how many media_publish calls the fake had seen by then."""

    def __init__(self, api) -> None:
        super().__init__()
        self.api = api
        self.order: list[tuple[str, int]] = []

    def record(self, key, value):
        self.order.append((key, len(self.api.calls("POST", r"/media_publish$"))))
        super().record(key, value)


def media_posts(api):
    return api.calls("POST", rf"/{IG_USER_ID}/media$")


# -- happy paths -------------------------------------------------------------------------------
def test_single_photo_container_then_publish(api, http, tmp_path):
    photo = jpeg(tmp_path, alt="Kepala Dinas menyerahkan bantuan")
    item = post(photo)
    journal = OrderedJournal(api)
    delivered = connector(api, http).publish(item, journal)

    paths = [(r.method, r.path) for r in api.requests]
    [container_id] = api.containers
    [media_id] = api.media
    assert paths == [
        ("GET", f"/{IG_USER_ID}/content_publishing_limit"),
        ("POST", f"/{IG_USER_ID}/media"),
        ("GET", f"/{container_id}"),
        ("POST", f"/{IG_USER_ID}/media_publish"),
        ("GET", f"/{media_id}"),
    ]
    quota, create, status, publish, permalink = api.requests
    assert quota.query == {"fields": "quota_usage,config", "access_token": IG_TOKEN}
    assert create.form == {"image_url": photo.url, "alt_text": photo.alt, "caption": item.text,
                           "access_token": IG_TOKEN}
    assert status.query["fields"] == "status_code,status"
    assert publish.form == {"creation_id": container_id, "access_token": IG_TOKEN}
    assert permalink.query["fields"] == "permalink"
    assert delivered == Delivered(media_id, f"https://www.instagram.com/p/Tay{media_id}/")
    # The container is journaled before media_publish is ever sent.
    assert ("container_id", 0) in journal.order
    assert journal["container_id"] == container_id
    assert journal["media_id"] == media_id


def test_single_video_is_a_reel_by_url(api, http, tmp_path):
    clip = video(tmp_path)
    item = post(clip)
    connector(api, http).publish(item, DictJournal())

    [create] = media_posts(api)
    assert create.form == {"media_type": "REELS", "video_url": clip.url, "caption": item.text,
                           "access_token": IG_TOKEN}
    [media] = api.media.values()
    assert media["media_type"] == "REELS"


def test_carousel_creates_journaled_children_then_the_carousel(api, http, tmp_path):
    first = jpeg(tmp_path, "satu.jpg", alt="Foto pertama")
    second = jpeg(tmp_path, "dua.jpg", alt="")
    clip = video(tmp_path, "klip.mp4")
    item = post(first, second, clip)
    journal = OrderedJournal(api)
    delivered = connector(api, http).publish(item, journal)

    creates = media_posts(api)
    assert [c.form for c in creates[:3]] == [
        {"image_url": first.url, "alt_text": "Foto pertama", "is_carousel_item": "true",
         "access_token": IG_TOKEN},
        {"image_url": second.url, "is_carousel_item": "true", "access_token": IG_TOKEN},
        {"media_type": "VIDEO", "video_url": clip.url, "is_carousel_item": "true",
         "access_token": IG_TOKEN},
    ]
    children = list(api.containers)[:3]
    assert creates[3].form == {"media_type": "CAROUSEL", "children": ",".join(children),
                               "caption": item.text, "access_token": IG_TOKEN}
    assert journal["children"] == children
    assert [key for key, _ in journal.order].count("children") == 3  # one by one, as created
    [carousel_id] = [cid for cid in api.containers if cid not in children]
    assert journal["container_id"] == carousel_id
    [publish] = api.calls("POST", r"/media_publish$")
    assert publish.form["creation_id"] == carousel_id
    [media] = api.media.values()
    assert media["media_type"] == "CAROUSEL_ALBUM"
    assert delivered.external_id == media["id"]


def test_container_in_progress_is_polled_until_finished(api, http, tmp_path):
    api.in_progress_polls = 2
    sleeps: list[float] = []
    ig = connector(api, http, sleeps=sleeps)
    ig.poll_interval = 0.25
    ig.publish(post(video(tmp_path)), DictJournal())

    [container_id] = api.containers
    assert len(api.calls("GET", rf"/{container_id}$")) == 3  # IN_PROGRESS, IN_PROGRESS, FINISHED
    assert sleeps == [0.25, 0.25]
    assert len(api.media) == 1


def test_polling_is_bounded_and_resumes_the_same_container(api, http, tmp_path):
    api.in_progress_polls = 1000
    item = post(video(tmp_path))
    journal = DictJournal()
    ig = connector(api, http)
    ig.poll_timeout = 0.05
    ig.sleep = time.sleep
    with pytest.raises(ChannelError) as caught:
        ig.publish(item, journal)
    assert caught.value.kind == ErrorKind.SERVER
    assert caught.value.retryable
    assert "masih memproses video video.mp4" in caught.value.message
    [container_id] = api.containers
    assert journal["container_id"] == container_id
    assert not api.media

    api.containers[container_id].polls_left = 1  # processing finishes meanwhile
    connector(api, http).publish(item, journal)
    assert len(media_posts(api)) == 1  # no second container
    assert len(api.media) == 1


def test_expired_container_is_created_again(api, http, tmp_path):
    photo = jpeg(tmp_path)
    item = post(photo)
    journal = DictJournal()
    connector(api, http)._create(connector(api, http).graph, item, [photo], journal)
    [old] = api.containers
    api.containers[old].status_code = "EXPIRED"  # 24 hours went by

    delivered = connector(api, http).publish(item, journal)
    assert len(media_posts(api)) == 2
    new = journal["container_id"]
    assert new != old
    assert api.media[delivered.external_id]["container"] == new


def test_container_error_is_rejected_naming_the_file_and_forgotten(api, http, tmp_path):
    photo = jpeg(tmp_path, "miring.jpg")
    api.fail_containers[photo.url] = "Error: The aspect ratio is not supported. (2207009)"
    journal = DictJournal()
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(photo), journal)
    assert caught.value.kind == ErrorKind.REJECTED
    assert caught.value.message == ("Instagram menolak foto miring.jpg: rasio aspek tidak didukung "
                                     "(antara 4:5 dan 1,91:1).")
    assert "2207009" in caught.value.detail
    assert journal["container_id"] is None
    assert not api.calls("POST", r"/media_publish$")


# -- errors ------------------------------------------------------------------------------------
def test_exhausted_quota_read_from_the_api_refuses_with_the_time_it_frees(api, http, tmp_path):
    now = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
    for hours_ago in (20, 10, 1):
        moment = now - timedelta(hours=hours_ago)
        api.media[str(hours_ago)] = {"id": str(hours_ago), "caption": "lama",
                                     "timestamp": moment.strftime("%Y-%m-%dT%H:%M:%S+0000")}
    api.quota_usage = 50
    ig = connector(api, http)
    ig.now = lambda: now
    with pytest.raises(ChannelError) as caught:
        ig.publish(post(jpeg(tmp_path)), DictJournal())

    error = caught.value
    assert error.kind == ErrorKind.RATE_LIMITED
    assert error.retryable
    assert error.retry_after == 4 * 3600  # the oldest of the window leaves it in 4 hours
    assert error.message == ("Instagram: batas 50 kiriman lewat API dalam 24 jam sudah tercapai "
                             "(50/50). Kuota diperkirakan tersedia lagi dalam 4 jam; Tayang akan "
                             "mencoba lagi.")
    assert not media_posts(api)  # nothing created while the quota is used up


def test_quota_below_the_total_lets_the_post_through(api, http, tmp_path):
    api.quota_usage = 49
    connector(api, http).publish(post(jpeg(tmp_path)), DictJournal())
    assert len(api.media) == 1


def test_publishing_limit_error_from_media_publish_is_rate_limited(api, http, tmp_path):
    api.fail("POST", r"/media_publish$", 400,
             error_body(9, "Application request limit reached", subcode=2207042))
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(jpeg(tmp_path)), DictJournal())
    assert (caught.value.kind, caught.value.retryable) == (ErrorKind.RATE_LIMITED, True)


def test_throttling_uses_the_business_usage_header(api, http, tmp_path):
    usage = {IG_USER_ID: [{"type": "instagram", "call_count": 100, "total_cputime": 10,
                           "total_time": 10, "estimated_time_to_regain_access": 15}]}
    api.fail("POST", rf"/{IG_USER_ID}/media$", 400,
             error_body(80002, "There have been too many calls to this Instagram account."),
             headers={"X-Business-Use-Case-Usage": json.dumps(usage)})
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(jpeg(tmp_path)), DictJournal())
    assert caught.value.kind == ErrorKind.RATE_LIMITED
    assert caught.value.retry_after == 900


def test_expired_token_is_auth_with_renewal_advice(api, http, tmp_path):
    api.expire(IG_TOKEN)
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(jpeg(tmp_path)), DictJournal())
    assert caught.value.kind == ErrorKind.AUTH
    assert not caught.value.retryable
    assert caught.value.message.startswith("Instagram menolak token akses: token kedaluwarsa. "
                                           "Buat token akses baru lewat Facebook Login")


def test_media_that_cannot_be_fetched_is_rejected(api, http, tmp_path):
    api.fail("POST", rf"/{IG_USER_ID}/media$", 400,
             error_body(9004, "The media could not be fetched from this uri", subcode=2207052))
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(jpeg(tmp_path, "foto.jpg")), DictJournal())
    assert caught.value.kind == ErrorKind.REJECTED
    assert caught.value.message == (
        "Instagram menolak foto foto.jpg: berkas tidak dapat diambil dari alamat publiknya; "
        "pastikan situs dapat diakses")


def test_instagram_server_error_is_retryable(api, http, tmp_path):
    api.fail("POST", rf"/{IG_USER_ID}/media$", 400,
             error_body(-1, "Instagram server error", subcode=2207001, kind="IGApiException"))
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(jpeg(tmp_path)), DictJournal())
    assert (caught.value.kind, caught.value.retryable) == (ErrorKind.SERVER, True)


def test_no_media_is_refused_before_any_call(api, http):
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(), DictJournal())
    assert caught.value.kind == ErrorKind.REJECTED
    assert not api.requests


# -- exactly once ------------------------------------------------------------------------------
def test_interrupted_media_publish_is_found_through_the_container(api, quick, tmp_path):
    http = quick
    item = post(jpeg(tmp_path), text="Bersama @bupati_gk menyalurkan bantuan #dinsosdiy")
    journal = DictJournal()
    api.hang("POST", r"/media_publish$")  # Instagram publishes, the answer never comes
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(item, journal)
    assert caught.value.maybe_posted
    [media] = api.media.values()
    assert "media_id" not in journal

    found = connector(api, http).find(item, journal)
    [container_id] = api.containers
    assert api.calls("GET", rf"/{container_id}$")[-1].query["fields"] == "status_code"
    # Matched by caption although Instagram dropped the "@" from it.
    assert found == Delivered(media["id"], media["permalink"])
    assert journal["media_id"] == media["id"]

    again = connector(api, http).publish(item, journal)
    assert again.external_id == media["id"]
    assert len(api.media) == 1
    assert len(api.calls("POST", r"/media_publish$")) == 1


def test_publish_after_an_interruption_sees_the_published_container(api, quick, tmp_path):
    http = quick
    item = post(jpeg(tmp_path))
    journal = DictJournal()
    api.hang("POST", r"/media_publish$")
    with pytest.raises(ChannelError):
        connector(api, http).publish(item, journal)

    again = connector(api, http).publish(item, journal)  # a caller that skipped find()
    [media] = api.media.values()
    assert again.external_id == media["id"]
    assert len(api.calls("POST", r"/media_publish$")) == 1
    assert len(media_posts(api)) == 1


def test_resuming_a_carousel_reuses_journaled_children(api, http, tmp_path):
    photos = [jpeg(tmp_path, f"foto-{i}.jpg") for i in range(3)]
    item = post(*photos)
    journal = DictJournal()
    api.fail("POST", r"/media_publish$", 503, error_body(2, "Service temporarily unavailable"))
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(item, journal)
    assert caught.value.retryable
    assert connector(api, http).find(item, journal) is None  # FINISHED, not published

    connector(api, http).publish(item, journal)
    assert len(media_posts(api)) == 4  # 3 children + 1 carousel, none created twice
    assert len(api.media) == 1


def test_find_without_a_container_asks_nothing(api, http):
    assert connector(api, http).find(post(), DictJournal()) is None
    assert not api.requests


def test_find_cannot_identify_a_published_container_says_so(api, quick, tmp_path):
    http = quick
    item = post(jpeg(tmp_path))
    journal = DictJournal()
    api.hang("POST", r"/media_publish$")
    with pytest.raises(ChannelError):
        connector(api, http).publish(item, journal)
    [media] = api.media.values()
    media["caption"] = "diubah di aplikasi"  # someone edited the caption in the meantime

    with pytest.raises(CannotFind):
        connector(api, http).find(item, journal)


# -- withdraw, check ---------------------------------------------------------------------------
def test_withdraw_deletes_the_media(api, http, tmp_path):
    journal = DictJournal()
    delivered = connector(api, http).publish(post(jpeg(tmp_path)), journal)
    connector(api, http).withdraw(delivered, journal)
    [delete] = api.calls("DELETE", rf"/{delivered.external_id}$")
    assert delete.query == {"access_token": IG_TOKEN}
    assert not api.live_media()


def test_withdraw_without_permission_says_to_delete_in_the_app(api, http, tmp_path):
    api.ig_can_delete = False
    journal = DictJournal()
    delivered = connector(api, http).publish(post(jpeg(tmp_path)), journal)
    with pytest.raises(ChannelError) as caught:
        connector(api, http).withdraw(delivered, journal)
    assert caught.value.kind == ErrorKind.AUTH
    assert "Hapus langsung di aplikasi Instagram" in caught.value.message
    assert "instagram_manage_contents" in caught.value.message
    assert len(api.live_media()) == 1


def test_check_names_the_account(api, http):
    assert connector(api, http).check() == "Akun Instagram @dinsosdiy (ID 17841400000000001)"
    assert not [r for r in api.requests if r.method != "GET"]


def test_incomplete_settings_are_a_config_error(api, http, tmp_path):
    with pytest.raises(ChannelError) as caught:
        connector(api, http, token=" ").check()
    assert caught.value.kind == ErrorKind.CONFIG


# -- limits ------------------------------------------------------------------------------------
def test_limits_caption_hashtags_and_mentions(tmp_path):
    photo = jpeg(tmp_path)
    assert problems(Instagram, post(photo)) == []
    assert problems(Instagram, post(photo, text="a" * 2201)) == [
        "Instagram: keterangan 2.201 karakter, paling banyak 2.200. Persingkat teksnya atau tulis "
        "varian khusus kanal ini."
    ]
    tags = " ".join(f"#tag{i}" for i in range(31))
    assert problems(Instagram, post(photo, text=tags)) == [
        "Instagram: 31 tagar dalam keterangan, paling banyak 30."]
    mentions = " ".join(f"@akun{i}" for i in range(21)) + " humas@dinsos.go.id"
    assert problems(Instagram, post(photo, text=mentions)) == [
        "Instagram: 21 sebutan @akun dalam keterangan, paling banyak 20."]


def test_limits_media(tmp_path):
    photo = jpeg(tmp_path)
    assert problems(Instagram, post()) == [
        "Instagram: wajib ada sedikitnya satu foto atau video."]
    assert problems(Instagram, post(*[photo] * 11)) == [
        "Instagram: 11 berkas foto/video, paling banyak 10."]
    png = dataclasses.replace(photo, content_type="image/png")
    assert problems(Instagram, post(png)) == [
        "Instagram: foto foto.jpg: jenis image/png tidak diterima (JPEG)."]
    big = dataclasses.replace(photo, size=9 * MB)
    assert problems(Instagram, post(big)) == [
        "Instagram: foto foto.jpg: 9,0 MB, paling besar 8,0 MB."]
    tall = jpeg(tmp_path, "tinggi.jpg", size=(1080, 1920))
    assert problems(Instagram, post(tall)) == [
        "Instagram: foto tinggi.jpg: terlalu tinggi (rasio 0.56, paling kecil 0.80). Potong "
        "fotonya."]
    unreachable = dataclasses.replace(photo, url="")
    assert problems(Instagram, post(unreachable)) == [
        "Instagram: foto.jpg: belum punya alamat publik, padahal Instagram mengambil berkas dari "
        "situs."]


def test_limits_reels(tmp_path):
    clip = video(tmp_path)
    assert problems(Instagram, post(clip)) == []
    assert problems(Instagram, post(dataclasses.replace(clip, duration=2))) == [
        "Instagram: video video.mp4: durasi 2 detik, paling singkat 3 detik."]
    assert problems(Instagram, post(dataclasses.replace(clip, duration=16 * 60))) == [
        "Instagram: video video.mp4: durasi 16 menit 0 detik, paling lama 15 menit 0 detik."]
    assert problems(Instagram, post(dataclasses.replace(clip, size=301 * MB))) == [
        "Instagram: video video.mp4: 301,0 MB, paling besar 300,0 MB."]


def test_declared_shape():
    assert Instagram.kind == "instagram"
    assert Instagram.can_withdraw
    assert Instagram.default_api_base == "https://graph.facebook.com/v23.0"
    assert [(f.key, f.secret) for f in Instagram.config_fields] == [
        ("ig_user_id", False), ("access_token", True)]
