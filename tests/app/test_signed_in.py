"""The fixed part of every signed-in staff request (issue 16): the session's row, the person,
their signed-in session and membership by one statement (:mod:`tayang.accounts.signed_in`)
— and every rule the four ORM queries enforced before."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import HASH_SESSION_KEY, get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.models import Session
from django.db import connection
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import path
from django.utils import timezone

from tayang.accounts import signed_in
from tayang.accounts.models import SignedInSession, TwoFactor
from tayang.accounts.sessions import TOUCH_EVERY
from tayang.orgs.models import Membership, Organization
from tayang.urls import urlpatterns as project
from tayang.workspace.access import OrgRequest, member_required

from .world import PASSWORD, World, make_world

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


@member_required
def bare(request: OrgRequest) -> HttpResponse:
    """A workspace view that does nothing: what it costs is the fixed part."""
    return HttpResponse(f"{request.user.get_username()} @ {request.organization.slug}")


@member_required
def person_kind(request: OrgRequest) -> HttpResponse:
    """What a workspace view is given as ``request.user``."""
    return HttpResponse(f"{type(request.user).__name__} {request.user.pk}")


def who(request: HttpRequest) -> HttpResponse:
    """A page outside the workspace that asks who is signed in (as the profile does)."""
    return HttpResponse(request.user.get_username() if request.user.is_authenticated else "-")


urlpatterns = [path("uji-kosong/<slug:org>/", bare), path("uji-siapa/", who),
               path("uji-orang/<slug:org>/", person_kind), *project]


class FindsByEmail(ModelBackend):
    """A backend that finds people its own way: the hand-written statement must not guess."""

    def get_user(self, user_id):  # type: ignore[no-untyped-def]
        return super().get_user(user_id)


@pytest.fixture
def world(db) -> World:
    return make_world("gunungkidul", "dpmptsp-gunungkidul")


def signed_in_client(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)  # a real sign-in: its row
    return client


def bare_path(world: World) -> str:
    return f"/uji-kosong/{world.slug}/"


def statements(client: Client, method: str, where: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.post(where, {"a": "1"}) if method == "POST" else client.get(where)
    assert response.status_code == 200, response.status_code
    return [query["sql"] for query in captured.captured_queries]


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_signed_in_request_costs_one_statement(world, method):
    client = signed_in_client(world.admin)
    client.get(bare_path(world))
    found = statements(client, method, bare_path(world))
    # Was 4 (the session, the user, the signed-in session's row, the membership), then 2.
    assert len(found) == 1, found
    for table in ("django_session", "auth_user", "accounts_signedinsession",
                  "orgs_membership", "orgs_organization", "accounts_twofactor"):
        assert table in found[0], (table, found[0])
    # Outside the workspace the membership is not read.
    [person] = statements(client, "GET", "/uji-siapa/")
    assert "accounts_signedinsession" in person and "orgs_membership" not in person


def test_a_workspace_view_is_given_the_person_not_the_lazy_wrapper(world):
    """Once the workspace's check has read the person, ``request.user`` is the person itself
    (each read through ``SimpleLazyObject`` is a proxy call); anyone else is still refused."""
    response = signed_in_client(world.admin).get(f"/uji-orang/{world.slug}/")
    assert response.content.decode() == f"{get_user_model().__name__} {world.admin.pk}"
    anonymous = Client().get(f"/uji-orang/{world.slug}/")
    assert anonymous.status_code == 302 and "/masuk/" in anonymous["Location"]
    outsider = get_user_model().objects.create_user("orang-luar", password=PASSWORD)
    assert signed_in_client(outsider).get(f"/uji-orang/{world.slug}/").status_code == 404


def test_person_is_request_user_without_the_middleware():
    """A request made by hand (no middleware): its own ``user``."""
    request = HttpRequest()
    request.user = object()  # type: ignore[assignment]
    assert signed_in.person(request) is request.user


def session_key(client: Client) -> str:
    from django.conf import settings

    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_a_stale_key_on_the_row_costs_one_more_statement_once(world):
    """The join is a shortcut: a row that does not carry the session's key (from before the
    key was kept) is found by its token, and then carries it."""
    client = signed_in_client(world.admin)
    assert SignedInSession.objects.get().session_key == session_key(client)
    client.get(bare_path(world))
    SignedInSession.objects.update(session_key=None)
    found = statements(client, "GET", bare_path(world))
    assert len(found) == 3 and found[2].startswith('UPDATE "accounts_signedinsession"'), found
    assert SignedInSession.objects.get().session_key == session_key(client)
    assert len(statements(client, "GET", bare_path(world))) == 1


def test_the_row_is_matched_by_token_and_person_not_by_key_alone(world):
    """Another person's row carrying this session's key (it cannot happen by the code; a
    stale or forged row) neither signs this session in as them nor spares this one's row."""
    client = signed_in_client(world.admin)
    other = world.people["tim_pelaksana"]
    SignedInSession.objects.create(user=other, token="lain", session_key=session_key(client))
    assert client.get("/uji-siapa/").content == world.admin.username.encode()
    SignedInSession.objects.filter(user=world.admin).update(ended_at=timezone.now())
    assert client.get("/uji-siapa/").content == b"-"


def test_signing_in_again_on_the_same_session_finds_the_new_row(world):
    client = signed_in_client(world.admin)
    assert client.login(username=world.admin.username, password=PASSWORD)
    first, second = SignedInSession.objects.order_by("id")
    assert first.session_key == second.session_key == session_key(client)  # Django kept it
    client.get(bare_path(world))
    assert len(statements(client, "GET", bare_path(world))) == 1
    SignedInSession.objects.filter(pk=second.pk).update(ended_at=timezone.now())
    assert client.get(bare_path(world)).status_code == 302  # the old row does not count


def test_the_rows_read_by_hand_are_the_orms(world):
    """The instances made from the hand-written statement equal those the ORM reads."""
    client = signed_in_client(world.admin)
    request = HttpRequest()
    request.session = client.session
    identity = signed_in.attach(request)
    found = identity.member(world.slug)
    assert found is not None and found.two_factor_on is False
    user = identity.user()
    orm_membership = Membership.objects.select_related("organization").get(
        user=world.admin, organization=world.org)

    def fields(instance) -> dict:
        return {name: value for name, value in vars(instance).items() if name != "_state"}

    assert fields(user) == fields(get_user_model().objects.get(pk=world.admin.pk))
    assert fields(found.membership) == fields(orm_membership)
    assert fields(found.membership.organization) == fields(orm_membership.organization)
    assert model_to_dict(found.membership.organization) == model_to_dict(world.org)
    assert found.membership.user is user and not found.membership._state.adding


def test_an_ended_session_is_signed_out_at_once(world):
    client = signed_in_client(world.admin)
    assert client.get(bare_path(world)).status_code == 200
    SignedInSession.objects.update(ended_at=timezone.now(), ended_reason="diakhiri pemiliknya")
    response = client.get(bare_path(world))
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")
    assert "_auth_user_id" not in client.session


def test_a_session_whose_row_is_gone_is_signed_out(world):
    client = signed_in_client(world.admin)
    SignedInSession.objects.all().delete()
    assert client.get(bare_path(world)).status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("too", ["idle", "old"])
def test_an_idle_or_too_old_session_ends(world, too):
    client = signed_in_client(world.admin)
    assert client.get(bare_path(world)).status_code == 200
    long_ago = timezone.now() - timedelta(hours=13)
    column = "last_seen_at" if too == "idle" else "created_at"
    SignedInSession.objects.update(**{column: long_ago})
    assert client.get(bare_path(world)).status_code == 302
    row = SignedInSession.objects.get()
    assert row.ended_at is not None and row.ended_reason == "kedaluwarsa"
    assert client.get("/uji-siapa/").content == b"-"


def test_last_seen_is_written_at_most_every_two_minutes(world):
    client = signed_in_client(world.admin)
    client.get(bare_path(world))
    assert len(statements(client, "GET", bare_path(world))) == 1  # just seen: not written
    earlier = timezone.now() - TOUCH_EVERY - timedelta(seconds=5)
    SignedInSession.objects.update(last_seen_at=earlier)
    found = statements(client, "GET", bare_path(world))
    assert len(found) == 2 and found[1].startswith('UPDATE "accounts_signedinsession"'), found
    assert SignedInSession.objects.get().last_seen_at > earlier


def test_a_deactivated_membership_loses_access_at_once(world):
    person = world.people["tim_pelaksana"]
    client = signed_in_client(person)
    assert client.get(bare_path(world)).status_code == 200
    Membership.objects.filter(user=person).update(is_active=False)
    assert client.get(bare_path(world)).status_code == 404
    assert client.get("/uji-siapa/").content == person.username.encode()  # still signed in


def test_a_deactivated_account_is_signed_out_at_once(world):
    person = world.people["tim_pelaksana"]
    client = signed_in_client(person)
    get_user_model().objects.filter(pk=person.pk).update(is_active=False)
    assert client.get(bare_path(world)).status_code == 302
    assert client.get("/uji-siapa/").content == b"-"


def test_another_organization_is_not_found(world):
    other = Organization.objects.create(slug="dinas-lain", name="Dinas Lain")
    client = signed_in_client(world.admin)
    assert client.get(f"/uji-kosong/{other.slug}/").status_code == 404
    assert client.get("/uji-kosong/tidak-ada/").status_code == 404
    assert client.get(bare_path(world)).status_code == 200


def test_a_changed_password_signs_out_the_other_sessions(world):
    """The session's auth hash is still checked (Django's get_user does it)."""
    client = signed_in_client(world.admin)
    assert client.get(bare_path(world)).status_code == 200
    world.admin.set_password("Kata-Sandi-Baru-2026")
    world.admin.save()
    assert client.get(bare_path(world)).status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_session_without_its_hash_is_refused(world):
    client = signed_in_client(world.admin)
    session = client.session
    del session[HASH_SESSION_KEY]
    session.save()
    assert client.get(bare_path(world)).status_code == 302


def test_an_old_secret_key_still_verifies_and_the_key_is_cycled(world, settings):
    client = signed_in_client(world.admin)
    old_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-for-this-test-" + "x" * 30
    assert client.get(bare_path(world)).status_code == 200
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != old_key
    # The row follows the new key: the next request is one statement again.
    assert SignedInSession.objects.get().session_key == session_key(client)
    assert len(statements(client, "GET", bare_path(world))) == 1


def test_a_session_of_a_backend_no_longer_configured_is_anonymous(world, settings):
    client = signed_in_client(world.admin)
    settings.AUTHENTICATION_BACKENDS = [f"{__name__}.FindsByEmail"]
    assert client.get(bare_path(world)).status_code == 302


def test_another_backend_goes_through_djangos_get_user(world, settings):
    settings.AUTHENTICATION_BACKENDS = [f"{__name__}.FindsByEmail"]
    client = signed_in_client(world.admin)
    assert client.get(bare_path(world)).status_code == 200
    SignedInSession.objects.update(ended_at=timezone.now())
    assert client.get(bare_path(world)).status_code == 302


def test_two_factor_required_and_missing_sends_to_enrolment(world):
    world.org.require_two_factor = True
    world.org.save()
    client = signed_in_client(world.admin)
    response = client.get(bare_path(world))
    assert response.status_code == 302 and "dua-langkah" in response["Location"]
    TwoFactor.objects.create(user=world.admin, sealed_secret="-", confirmed_at=timezone.now())
    assert len(statements(client, "GET", bare_path(world))) == 1


def test_an_expired_session_row_is_not_read(world):
    client = signed_in_client(world.admin)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get(bare_path(world)).status_code == 302


def test_sessions_with_the_cache_in_front(world, settings):
    """The cached_db engine (production with Redis): a cache miss reads the row with the
    person by the one statement, and caches the data with the row's expiry; a hit reads the
    person side alone."""
    from django.core.cache import cache

    settings.SESSION_ENGINE = "tayang.accounts.session_backends.cached_db"
    from tayang.accounts.session_backends import stored
    from tayang.accounts.session_backends.cached_db import SessionStore

    client = signed_in_client(world.admin)
    assert client.get(bare_path(world)).status_code == 200
    key = session_key(client)
    cache.delete(SessionStore(key).cache_key)  # another process signed in, or Redis restarted
    [missed] = statements(client, "GET", bare_path(world))
    assert "django_session" in missed and "orgs_membership" in missed
    row = stored(key)
    assert row is not None and row.expire_date == Session.objects.get(pk=key).expire_date
    assert cache.get(SessionStore(key).cache_key)["_auth_user_id"] == str(world.admin.pk)
    [hit] = statements(client, "GET", bare_path(world))  # the session from the cache
    assert "django_session" not in hit and "orgs_membership" in hit
    assert stored("no-such-session-key") is None
