"""The X connector against a fake X API v2: shapes, errors, exactly-once, limits."""

from __future__ import annotations

import base64
import dataclasses
import time
from pathlib import Path

import httpx
import pytest

from tayang.channels import limits
from tayang.channels.connectors.base import CannotFind, ChannelError, Delivered, ErrorKind
from tayang.channels.connectors.x import X, comparable
from tests.channels.fakes.server import Part
from tests.channels.fakes.x import FakeX
from tests.channels.journal import DictJournal
from tests.channels.posts import jpeg, post, video

MB = 1024 * 1024


@pytest.fixture
def api():
    with FakeX() as fake:
        yield fake


def connector(api: FakeX, http: httpx.Client, **secrets: str) -> X:
    config = {"client_id": api.client_id} if "refresh_token" in secrets else {}
    return X(config, {"access_token": api.token, **secrets}, http, api.url)


# -- the happy paths ------------------------------------------------------------------------------
def test_text_post_is_created_with_the_documented_request(api, http):
    journal = DictJournal()
    delivered = connector(api, http).publish(post(), journal)

    (request,) = api.calls("POST", r"^/2/tweets$")
    assert request.headers["authorization"] == f"Bearer {api.token}"
    assert request.json == {"text": post().text}  # no "media" key without media
    assert delivered == Delivered(journal["tweet_id"],
                                  f"https://x.com/i/web/status/{journal['tweet_id']}")
    assert list(api.tweets) == [delivered.external_id]
    assert "tweet_sent_at" in journal


def test_photos_are_uploaded_with_alt_text_and_attached_in_order(api, http, tmp_path):
    first = jpeg(tmp_path, "satu.jpg", alt="Kepala Dinas menyerahkan bantuan")
    second = jpeg(tmp_path, "dua.jpg", alt="Warga antre di balai desa")
    journal = DictJournal()

    delivered = connector(api, http).publish(post(first, second), journal)

    uploads = api.calls("POST", r"^/2/media/upload$")
    assert len(uploads) == 2
    for request, photo in zip(uploads, (first, second), strict=True):
        parts = request.parts()
        assert isinstance(parts["media"], Part)
        assert parts["media"].filename == photo.filename
        assert parts["media"].content_type == "image/jpeg"
        assert parts["media"].data == Path(photo.path).read_bytes()
        assert parts["media_category"] == "tweet_image"
    ids = journal["media_ids"]
    assert [r.json for r in api.calls("POST", r"^/2/media/metadata$")] == [
        {"id": ids[0], "metadata": {"alt_text": {"text": "Kepala Dinas menyerahkan bantuan"}}},
        {"id": ids[1], "metadata": {"alt_text": {"text": "Warga antre di balai desa"}}},
    ]
    (create,) = api.calls("POST", r"^/2/tweets$")
    assert create.json == {"text": post().text, "media": {"media_ids": ids}}
    assert api.tweets[delivered.external_id]["media_ids"] == ids
    assert api.media[ids[1]]["alt"] == "Warga antre di balai desa"


def test_a_photo_without_alt_text_gets_no_metadata_call(api, http, tmp_path):
    connector(api, http).publish(post(jpeg(tmp_path, alt="")), DictJournal())
    assert api.calls("POST", r"^/2/media/metadata$") == []
    assert len(api.tweets) == 1


def test_video_goes_through_the_chunked_upload_and_waits_for_processing(api, http, tmp_path):
    clip = video(tmp_path)  # 4,108 bytes
    api.processing_polls = 2
    x = connector(api, http)
    x.chunk_size = 1024
    journal = DictJournal()

    delivered = x.publish(post(clip), journal)

    (init,) = api.calls("POST", r"/initialize$")
    assert init.json == {"media_type": "video/mp4", "total_bytes": clip.size,
                         "media_category": "tweet_video"}
    appends = api.calls("POST", r"/append$")
    assert [r.parts()["segment_index"] for r in appends] == ["0", "1", "2", "3", "4"]
    media_id = journal["media_ids"][0]
    assert api.media[media_id]["data"] == Path(clip.path).read_bytes()
    assert len(api.calls("POST", r"/finalize$")) == 1
    statuses = api.calls("GET", r"^/2/media/upload$")
    assert [r.query for r in statuses] == [{"command": "STATUS", "media_id": media_id}] * 2
    assert api.tweets[delivered.external_id]["media_ids"] == [media_id]
    assert journal["video_upload"]["finalized"] is True


def test_a_video_x_cannot_process_is_rejected_by_name(api, http, tmp_path):
    api.processing_fails = True
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(video(tmp_path, "rekaman.mp4")), DictJournal())
    assert caught.value.kind == ErrorKind.REJECTED
    assert "rekaman.mp4" in caught.value.message
    assert "Unsupported video format" in caught.value.detail
    assert api.tweets == {}


def test_a_video_still_processing_after_the_wait_is_retried_later(api, http, tmp_path):
    api.processing_polls = 50
    x = connector(api, http)
    x.processing_wait = 0.0
    journal = DictJournal()
    with pytest.raises(ChannelError) as caught:
        x.publish(post(video(tmp_path)), journal)
    assert caught.value.retryable and not caught.value.maybe_posted
    assert caught.value.kind == ErrorKind.SERVER

    api.media[journal["media_ids"][0]]["polls"] = 0  # X finished meanwhile
    delivered = connector(api, http).publish(post(video(tmp_path)), journal)
    assert len(api.calls("POST", r"/initialize$")) == 1  # not uploaded again
    assert len(api.calls("POST", r"/finalize$")) == 1
    assert list(api.tweets) == [delivered.external_id]


# -- errors ---------------------------------------------------------------------------------------
def test_rate_limit_waits_until_x_rate_limit_reset(api, http):
    reset = int(time.time()) + 120
    api.fail("POST", r"^/2/tweets$", 429, {"title": "Too Many Requests", "detail":
             "Too Many Requests", "type": "about:blank", "status": 429},
             headers={"x-rate-limit-reset": str(reset), "x-rate-limit-remaining": "0"})
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(), DictJournal())
    error = caught.value
    assert error.kind == ErrorKind.RATE_LIMITED and error.retryable
    assert 110 <= error.retry_after <= 121
    assert "Too Many Requests" in error.detail
    assert "X membatasi" in error.message


def test_the_24_hour_post_cap_waits_for_its_own_reset(api, http):
    now = int(time.time())
    api.fail("POST", r"^/2/tweets$", 429, {"title": "Too Many Requests"}, headers={
        "x-rate-limit-reset": str(now + 60),
        "x-user-limit-24hour-remaining": "0", "x-user-limit-24hour-reset": str(now + 7200),
    })
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(), DictJournal())
    assert 7100 <= caught.value.retry_after <= 7201


def test_an_expired_token_without_refresh_token_asks_to_reconnect(api, http):
    x = connector(api, http)
    api.expire_token()
    with pytest.raises(ChannelError) as caught:
        x.publish(post(), DictJournal())
    error = caught.value
    assert error.kind == ErrorKind.AUTH and not error.retryable
    assert error.message.startswith("X menolak token akses: token kedaluwarsa")
    assert "Hubungkan ulang akun X" in error.message
    assert "Unauthorized" in error.detail
    assert api.tweets == {}


def test_an_expired_token_is_refreshed_and_the_new_pair_exposed(api, http):
    x = connector(api, http, refresh_token=api.refresh_token)
    api.expire_token()
    journal = DictJournal()

    delivered = x.publish(post(), journal)

    (token_call,) = api.calls("POST", r"^/2/oauth2/token$")
    assert token_call.form == {"grant_type": "refresh_token", "refresh_token": "x-refresh-1",
                               "client_id": api.client_id}
    assert "authorization" not in token_call.headers  # a public client: no Basic auth
    fresh = {"access_token": api.token, "refresh_token": api.refresh_token}
    assert x.refreshed_secrets == fresh
    assert journal["refreshed_secrets"] == fresh
    assert list(api.tweets) == [delivered.external_id]
    assert api.calls("POST", r"^/2/tweets$")[-1].headers["authorization"] == f"Bearer {api.token}"


def test_a_confidential_client_refreshes_with_basic_auth(api, http):
    api.client_secret = "rahasia"
    x = connector(api, http, refresh_token=api.refresh_token, client_secret="rahasia")
    api.expire_token()
    x.publish(post(), DictJournal())
    (token_call,) = api.calls("POST", r"^/2/oauth2/token$")
    expected = base64.b64encode(b"tayang-client:rahasia").decode()
    assert token_call.headers["authorization"] == f"Basic {expected}"


def test_a_refused_refresh_token_is_an_auth_error(api, http):
    x = connector(api, http, refresh_token="x-refresh-dicabut")
    api.expire_token()
    with pytest.raises(ChannelError) as caught:
        x.publish(post(), DictJournal())
    assert caught.value.kind == ErrorKind.AUTH
    assert "token penyegar kedaluwarsa" in caught.value.message
    assert "Value passed for the token was invalid." in caught.value.detail


def test_a_rejected_photo_is_named(api, http, tmp_path):
    photo = jpeg(tmp_path, "spanduk.jpg")
    api.fail("POST", r"^/2/media/upload$", 400, {
        "errors": [{"message": "InvalidMedia: Unsupported image format"}],
        "title": "Invalid Request", "detail": "One or more parameters to your request was "
        "invalid.", "type": "https://api.twitter.com/2/problems/invalid-request"})
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(photo), DictJournal())
    error = caught.value
    assert error.kind == ErrorKind.REJECTED and not error.retryable
    assert error.message == "X menolak foto spanduk.jpg (kode 400). Periksa isi dan berkasnya."
    assert "InvalidMedia" in error.detail


def test_a_server_error_on_the_post_may_have_posted(api, http):
    api.fail("POST", r"^/2/tweets$", 503, {"title": "Service Unavailable", "status": 503})
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(), DictJournal())
    error = caught.value
    assert error.kind == ErrorKind.SERVER and error.retryable and error.maybe_posted
    assert "kode 503" in error.message


def test_a_server_error_on_a_media_upload_posted_nothing(api, http, tmp_path):
    api.fail("POST", r"^/2/media/upload$", 500, {"title": "Internal Server Error"})
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(jpeg(tmp_path)), DictJournal())
    assert caught.value.retryable and not caught.value.maybe_posted


def test_missing_write_permission_is_an_auth_error(api, http):
    api.fail("POST", r"^/2/tweets$", 403, {
        "title": "Forbidden", "type": "about:blank", "status": 403,
        "detail": "You are not permitted to perform this action."})
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(), DictJournal())
    assert caught.value.kind == ErrorKind.AUTH
    assert "tweet.write" in caught.value.message


def test_depleted_api_credits_are_a_settings_problem(api, http):
    api.fail("POST", r"^/2/tweets$", 402, {"title": "CreditsDepleted", "status": 402,
             "detail": "Your enrolled account does not have any credits."})
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(), DictJournal())
    assert caught.value.kind == ErrorKind.CONFIG
    assert "X Developer Portal" in caught.value.message


def test_no_token_is_a_settings_problem(api, http):
    with pytest.raises(ChannelError) as caught:
        X({}, {}, http, api.url).publish(post(), DictJournal())
    assert caught.value.kind == ErrorKind.CONFIG
    assert api.requests == []


# -- exactly once ---------------------------------------------------------------------------------
def test_an_interrupted_post_is_found_and_never_posted_twice(api, http, tmp_path):
    photo = jpeg(tmp_path)
    api.hang("POST", r"^/2/tweets$")  # X creates the post, the answer never arrives
    journal = DictJournal()
    with httpx.Client(timeout=0.5) as impatient, pytest.raises(ChannelError) as caught:
        connector(api, impatient).publish(post(photo), journal)
    assert caught.value.kind == ErrorKind.NETWORK and caught.value.maybe_posted
    assert "tweet_id" not in journal
    (posted,) = api.tweets.values()
    assert "https://t.co/" in posted["text"]  # X rewrote the link and added the photo's

    x = connector(api, http)
    found = x.find(post(photo), journal)

    assert found == Delivered(posted["id"], f"https://x.com/dinsosdiy/status/{posted['id']}")
    (listing,) = api.calls("GET", r"/tweets$")
    assert listing.query["max_results"] == "20"
    assert listing.query["exclude"] == "replies,retweets"
    assert x.publish(post(photo), journal) == found  # the journal now holds its id
    assert len(api.tweets) == 1
    assert len(api.calls("POST", r"^/2/tweets$")) == 1
    assert len(api.calls("POST", r"^/2/media/upload$")) == 1


def test_a_retry_that_x_calls_duplicate_returns_the_earlier_post(api, http):
    api.hang("POST", r"^/2/tweets$")
    journal = DictJournal()
    with httpx.Client(timeout=0.5) as impatient, pytest.raises(ChannelError):
        connector(api, impatient).publish(post(), journal)

    # The next attempt posts without looking first; X refuses the duplicate.
    delivered = connector(api, http).publish(post(), journal)

    (only,) = api.tweets
    assert delivered.external_id == only == journal["tweet_id"]
    assert len(api.calls("POST", r"^/2/tweets$")) == 2


def test_a_duplicate_of_someone_elses_post_is_rejected(api, http):
    api.post_as_someone(post().text)
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(), DictJournal())
    error = caught.value
    assert error.kind == ErrorKind.REJECTED and not error.retryable
    assert "sama persis" in error.message and "varian khusus kanal X" in error.message
    assert "duplicate content" in error.detail
    assert len(api.tweets) == 1


def test_find_asks_nothing_when_the_post_was_never_sent(api, http):
    assert connector(api, http).find(post(), DictJournal()) is None
    assert api.requests == []


def test_find_says_not_posted_when_the_timeline_lacks_it(api, http):
    api.post_as_someone("Kiriman lain tentang posyandu https://contoh.go.id/a")
    journal = DictJournal(tweet_sent_at=time.time())
    assert connector(api, http).find(post(), journal) is None
    assert journal["user_id"] == api.user["id"]


def test_find_cannot_look_when_the_access_level_forbids_reading(api, http):
    api.fail("GET", r"/tweets$", 403, {
        "title": "Client Forbidden", "reason": "client-not-enrolled",
        "type": "https://api.twitter.com/2/problems/client-forbidden",
        "detail": "When authenticating requests to the Twitter API v2 endpoints, you must use "
                  "keys and tokens from a Twitter developer App that is attached to a Project."})
    with pytest.raises(CannotFind):
        connector(api, http).find(post(), DictJournal(tweet_sent_at=time.time()))


def test_find_answers_from_the_journal_without_asking(api, http):
    journal = DictJournal(tweet_id="123", username="dinsosdiy")
    found = connector(api, http).find(post(), journal)
    assert found == Delivered("123", "https://x.com/dinsosdiy/status/123")
    assert api.requests == []


def test_comparing_ignores_tco_links_entities_and_spacing():
    sent = "Bantuan & santunan <2026>\n\nhttps://dinsos.example.go.id/berita/7/"
    shown = "Bantuan &amp; santunan &lt;2026&gt;\n\nhttps://t.co/abc123 https://t.co/media9"
    assert comparable(sent) == comparable(shown)


# -- resuming -------------------------------------------------------------------------------------
def test_photos_uploaded_before_a_failure_are_not_uploaded_again(api, http, tmp_path):
    photos = (jpeg(tmp_path, "satu.jpg"), jpeg(tmp_path, "dua.jpg"), jpeg(tmp_path, "tiga.jpg"))
    api.fail_nth("POST", r"^/2/media/upload$", 3, 503, {"title": "Service Unavailable"})
    journal = DictJournal()
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(*photos), journal)
    assert caught.value.retryable and not caught.value.maybe_posted
    assert len(journal["media_ids"]) == 2

    delivered = connector(api, http).publish(post(*photos), journal)

    uploads = api.calls("POST", r"^/2/media/upload$")
    assert [r.parts()["media"].filename for r in uploads] == [
        "satu.jpg", "dua.jpg", "tiga.jpg", "tiga.jpg"]
    assert len(api.media) == 3
    assert len(api.calls("POST", r"^/2/media/metadata$")) == 3
    assert api.tweets[delivered.external_id]["media_ids"] == journal["media_ids"]


def test_the_post_reuses_the_media_of_an_attempt_refused_by_the_rate_limit(api, http, tmp_path):
    photos = (jpeg(tmp_path, "satu.jpg"), jpeg(tmp_path, "dua.jpg"))
    api.fail("POST", r"^/2/tweets$", 429, {"title": "Too Many Requests"},
             headers={"x-rate-limit-reset": str(int(time.time()) + 5)})
    journal = DictJournal()
    with pytest.raises(ChannelError) as caught:
        connector(api, http).publish(post(*photos), journal)
    assert caught.value.kind == ErrorKind.RATE_LIMITED
    first_ids = list(journal["media_ids"])

    delivered = connector(api, http).publish(post(*photos), journal)

    assert len(api.calls("POST", r"^/2/media/upload$")) == 2
    assert len(api.calls("POST", r"^/2/media/metadata$")) == 2
    assert api.tweets[delivered.external_id]["media_ids"] == first_ids


def test_an_interrupted_video_upload_continues_with_the_next_chunk(api, http, tmp_path):
    clip = video(tmp_path)
    api.fail_nth("POST", r"/append$", 3, 503, {"title": "Service Unavailable"})
    journal = DictJournal()
    x = connector(api, http)
    x.chunk_size = 1024
    with pytest.raises(ChannelError) as caught:
        x.publish(post(clip), journal)
    assert caught.value.retryable and not caught.value.maybe_posted
    assert journal["video_upload"]["segments"] == 2

    delivered = connector(api, http).publish(post(clip), journal)

    appends = api.calls("POST", r"/append$")
    assert [r.parts()["segment_index"] for r in appends] == ["0", "1", "2", "2", "3", "4"]
    assert len(api.calls("POST", r"/initialize$")) == 1
    assert api.media[journal["media_ids"][0]]["data"] == Path(clip.path).read_bytes()
    assert list(api.tweets) == [delivered.external_id]


def test_media_past_their_expiry_are_uploaded_again(api, http, tmp_path):
    photo = jpeg(tmp_path)
    journal = DictJournal(media_ids=["999"], media_expires_at=time.time() - 1)
    delivered = connector(api, http).publish(post(photo), journal)
    assert journal["media_ids"] != ["999"]
    assert api.tweets[delivered.external_id]["media_ids"] == journal["media_ids"]


# -- withdraw and check ---------------------------------------------------------------------------
def test_withdraw_deletes_the_post(api, http):
    x = connector(api, http)
    delivered = x.publish(post(), DictJournal())
    x.withdraw(delivered, DictJournal())
    assert api.tweets == {}
    (request,) = api.calls("DELETE", r"^/2/tweets/")
    assert request.path == f"/2/tweets/{delivered.external_id}"

    with pytest.raises(ChannelError) as caught:
        x.withdraw(delivered, DictJournal())
    assert caught.value.kind == ErrorKind.NOT_FOUND


def test_check_names_the_account(api, http):
    assert connector(api, http).check() == "Akun X @dinsosdiy (Dinas Sosial DIY)"
    assert api.calls("GET", r"^/2/users/me$")


def test_check_with_an_expired_token(api, http):
    x = connector(api, http)
    api.expire_token()
    with pytest.raises(ChannelError) as caught:
        x.check()
    assert caught.value.kind == ErrorKind.AUTH


# -- limits ---------------------------------------------------------------------------------------
def test_caption_length_is_counted_the_way_x_counts(tmp_path):
    link = "https://dinsos.jogjaprov.go.id/berita/2026/11/penyaluran-bantuan-sosial-tahap-empat"
    fits = post(text="a" * 256 + " " + link)  # 256 + 1 + 23 = 280, though len() is 341
    assert len(fits.text) > 280
    assert limits.problems(X, fits) == []

    cjk = post(text="故" * 141)  # 141 characters weigh 282
    assert limits.problems(X, cjk) == [
        "X (Twitter): keterangan 282 karakter berbobot, paling banyak 280. Persingkat teksnya "
        "atau tulis varian khusus kanal ini."
    ]


def test_photo_and_video_limits(tmp_path):
    photos = [jpeg(tmp_path, f"f{i}.jpg") for i in range(5)]
    assert limits.problems(X, post(*photos)) == ["X (Twitter): 5 foto, paling banyak 4."]

    mixed = post(jpeg(tmp_path), video(tmp_path))
    assert limits.problems(X, mixed) == [
        "X (Twitter): foto dan video tidak dapat digabung dalam satu tayangan."
    ]

    bmp = dataclasses.replace(jpeg(tmp_path), content_type="image/bmp", filename="peta.bmp")
    big = dataclasses.replace(jpeg(tmp_path), size=6 * MB, filename="besar.jpg")
    assert limits.problems(X, post(bmp, big)) == [
        "X (Twitter): foto peta.bmp: jenis image/bmp tidak diterima (GIF, JPEG, PNG, WEBP).",
        "X (Twitter): foto besar.jpg: 6,0 MB, paling besar 5,0 MB.",
    ]

    long_clip = video(tmp_path, seconds=150)
    mov = dataclasses.replace(video(tmp_path), content_type="video/quicktime",
                              filename="rekaman.mov")
    assert limits.problems(X, post(long_clip)) == [
        "X (Twitter): video video.mp4: durasi 2 menit 30 detik, paling lama 2 menit 20 detik."
    ]
    assert limits.problems(X, post(mov)) == [
        "X (Twitter): video rekaman.mov: jenis video/quicktime tidak diterima (MP4)."
    ]


def test_alt_text_longer_than_x_accepts(tmp_path):
    photo = jpeg(tmp_path, "foto.jpg", alt="a" * 1001)
    assert limits.problems(X, post(photo)) == [
        "X (Twitter): foto foto.jpg: teks alternatif 1001 karakter, paling banyak 1.000."
    ]


def test_animated_gif_must_go_alone(tmp_path):
    from PIL import Image

    path = tmp_path / "animasi.gif"
    frames = [Image.new("RGB", (20, 20), color) for color in ("red", "blue")]
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100, loop=0)
    gif = dataclasses.replace(jpeg(tmp_path), path=str(path), filename="animasi.gif",
                              content_type="image/gif", size=path.stat().st_size)
    assert limits.problems(X, post(gif)) == []
    assert limits.problems(X, post(gif, jpeg(tmp_path))) == [
        "X (Twitter): GIF bergerak harus dikirim sendiri, tanpa foto lain."
    ]


def test_an_empty_post_is_refused():
    assert limits.problems(X, post(text="  ")) == [
        "X (Twitter): teks kosong; X memerlukan teks atau sedikitnya satu foto/video."
    ]
