"""Passwords and accounts (issue 11, finding 7): throttled sign-in and lock-outs, password
change and reset by e-mail (a real local SMTP server), password rules, two-factor sign-in,
sessions that end."""

from __future__ import annotations

import email
import email.policy
import re
import socket
import time
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tayang.accounts import totp, twofactor
from tayang.accounts.models import SignedInSession, TwoFactor
from tayang.channels import crypto
from tayang.orgs.models import AuditEntry, Membership
from tests.notify.smtp import smtp_mailers

from .world import make_world

pytestmark = pytest.mark.django_db
GOOD = "Kopi-Tubruk-Pagi-77"
LOCKED = "dikunci sementara"


class CountingHasher(MD5PasswordHasher):
    """MD5 (fast, as in every test) that counts how often a password is checked."""

    algorithm = "counting_md5"
    checked = 0

    def verify(self, password: str, encoded: str) -> bool:
        type(self).checked += 1
        return super().verify(password, encoded)


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    world = make_world("gunungkidul", "dpmptsp-gunungkidul")
    for user in [world.admin, *world.people.values()]:
        user.set_password(GOOD)
        user.save()
    return world


def sign_in(client: Client, username: str, password: str, **extra: str):
    return client.post(reverse("login"), {"username": username, "password": password},
                       **extra)


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def carries_its_key(client: Client) -> bool:
    """The signed-in session's row carries the session's current key (what lets one statement
    read the session with the person: tests/app/test_signed_in.py)."""
    session = client.session
    row = SignedInSession.objects.get(token=session["tayang_session_token"])
    return row.session_key == session.session_key is not None


# --- throttling ------------------------------------------------------------------------------


def test_the_101st_password_is_refused_even_when_right(world):
    """100 wrong passwords in a row, then the right one: refused until the lock-out ends."""
    client = Client()
    username = world.people["tim_pelaksana"].username
    for _ in range(100):
        response = sign_in(client, username, "salah-sekali-lagi")
        assert response.status_code == 200 and not signed_in(client)
    hashed_before = CountingHasher.checked
    response = sign_in(client, username, GOOD)
    assert not signed_in(client)
    assert LOCKED in response.content.decode()
    # Refused before hashing: the lock-out is no way to load the server either.
    assert CountingHasher.checked == hashed_before
    assert CountingHasher.checked <= 10  # only the attempts before the lock were hashed


def test_the_lock_ends_by_itself_and_an_admin_can_lift_it(world, settings):
    user = world.people["tim_pelaksana"]
    for _ in range(settings.TAYANG_SIGNIN_MAX_FAILURES):
        sign_in(Client(), user.username, "salah")
    assert LOCKED in sign_in(Client(), user.username, GOOD).content.decode()
    # The organization's admin sees the lock and lifts it; the history says so.
    admin = Client()
    admin.force_login(world.admin)
    page = admin.get(reverse("workspace:manage-security", kwargs={"org": world.slug}))
    assert "Terkunci sampai" in page.content.decode()
    membership = Membership.objects.get(user=user, organization=world.org)
    admin.post(reverse("workspace:manage-lift-lock", kwargs={"org": world.slug,
                                                             "pk": membership.pk}))
    assert world.org.audit_entries.filter(action=AuditEntry.Action.LOCK_LIFTED,
                                          subject=user).exists()
    client = Client()
    sign_in(client, user.username, GOOD)
    assert signed_in(client)


def test_a_lock_reads_the_same_for_a_name_that_does_not_exist(world, settings):
    answers = []
    for name in (world.people["tim_pelaksana"].username, "tidak.ada.orangnya"):
        for _ in range(settings.TAYANG_SIGNIN_MAX_FAILURES):
            first = sign_in(Client(), name, "salah").content.decode()
        locked = sign_in(Client(), name, "salah").content.decode()
        answers.append((re.sub(r"csrfmiddlewaretoken\" value=\"[^\"]+", "", first)
                        .replace(name, "NAMA"),
                        re.sub(r"csrfmiddlewaretoken\" value=\"[^\"]+", "", locked)
                        .replace(name, "NAMA")))
    assert answers[0] == answers[1]
    assert LOCKED in answers[0][1]


def test_one_address_guessing_many_names_is_stopped(world, settings):
    settings.TAYANG_SIGNIN_ADDRESS_MAX_FAILURES = 5
    for number in range(5):
        sign_in(Client(), f"tebakan.{number}", "salah", REMOTE_ADDR="203.0.113.9")
    client = Client()
    response = sign_in(client, world.admin.username, GOOD, REMOTE_ADDR="203.0.113.9")
    assert not signed_in(client)
    assert "dari jaringan ini" in response.content.decode()
    # Another address is not affected.
    sign_in(client, world.admin.username, GOOD, REMOTE_ADDR="198.51.100.7")
    assert signed_in(client)


# --- passwords -------------------------------------------------------------------------------


def test_changing_the_password_ends_the_other_sessions(world):
    user = world.people["tim_pelaksana"]
    phone, laptop = Client(), Client()
    sign_in(phone, user.username, GOOD)
    sign_in(laptop, user.username, GOOD)
    response = laptop.post(reverse("accounts:password-change"), {
        "old_password": GOOD, "new_password1": "Teh-Manis-Sore-2026",
        "new_password2": "Teh-Manis-Sore-2026",
    })
    assert response.status_code == 302
    assert carries_its_key(laptop)  # the key cycled (update_session_auth_hash): followed
    assert laptop.get(reverse("accounts:profile")).status_code == 200  # this one stays
    assert phone.get(reverse("accounts:profile")).status_code == 302  # the other is out
    assert not signed_in(phone)


def test_password_rules(world, settings):
    user = world.admin
    settings.DEMO_MODE = False
    for weak in ("tayang-demo", "Tayang-Demo-2026", "Gunungkidul2026!", "dpmptspgunungkidul"):
        with pytest.raises(ValidationError):
            validate_password(weak, user=user)
    with pytest.raises(ValidationError):
        validate_password("pendek-1")  # under 12 characters
    validate_password("Kopi-Tubruk-Pagi-77", user=user)
    settings.DEMO_MODE = True  # the demo accounts keep their printed password
    with pytest.raises(ValidationError):
        validate_password("Gunungkidul2026!", user=user)


class Inbox:
    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.content)
        return "250 OK"


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = smtp_mailers(port)
    settings.TAYANG_PUBLIC_BASE_URL = "https://tayang.example.go.id"
    yield inbox
    controller.stop()


def test_password_reset_by_email(world, smtp):
    user = world.people["tim_pelaksana"]
    user.email = "tim@example.go.id"
    user.save()
    old = Client()
    sign_in(old, user.username, GOOD)
    for address in ("tim@example.go.id", "tidak.terdaftar@example.go.id"):
        response = Client().post(reverse("password_reset"), {"email": address}, follow=True)
        assert "Periksa e-mail Anda" in response.content.decode()  # the same either way
    assert len(smtp.messages) == 1
    message = email.message_from_bytes(smtp.messages[0], policy=email.policy.default)
    assert message["Subject"] == "Atur ulang kata sandi Tayang"
    assert message["To"] == "tim@example.go.id"
    mail = message.get_content()
    found = re.search(r"https://tayang\.example\.go\.id(/masuk/atur-ulang/\S+/)", mail)
    assert found, mail
    link = found.group(1)
    client = Client()
    form = client.get(link, follow=True)
    assert "Kata sandi baru" in form.content.decode()
    response = client.post(form.redirect_chain[-1][0], {
        "new_password1": "Teh-Manis-Sore-2026", "new_password2": "Teh-Manis-Sore-2026",
    })
    assert response.status_code == 302
    assert old.get(reverse("accounts:profile")).status_code == 302  # old sessions ended
    fresh = Client()
    sign_in(fresh, user.username, "Teh-Manis-Sore-2026")
    assert signed_in(fresh)


# --- two-factor sign-in ----------------------------------------------------------------------


def test_totp_matches_rfc_6238():
    key = b"12345678901234567890"
    vectors = {59: "94287082", 1111111109: "07081804", 1111111111: "14050471",
               1234567890: "89005924", 2000000000: "69279037", 20000000000: "65353130"}
    for moment, code in vectors.items():
        assert totp.hotp(key, totp.step_at(moment), digits=8) == code


def _enrol(client: Client, user) -> list[str]:
    client.get(reverse("accounts:two-factor"))
    secret = crypto.decrypt(TwoFactor.objects.get(user=user).sealed_secret)["totp"]
    response = client.post(reverse("accounts:two-factor"),
                           {"code": totp.code_at(secret, time.time())})
    assert response.status_code == 200
    codes = re.findall(r"<code>([0-9a-f]{6}-[0-9a-f]{6})</code>", response.content.decode())
    assert len(codes) == 10
    return codes


def test_two_factor_sign_in(world):
    user = world.admin
    client = Client()
    sign_in(client, user.username, GOOD)
    codes = _enrol(client, user)
    assert twofactor.enabled(user)
    secret = crypto.decrypt(TwoFactor.objects.get(user=user).sealed_secret)["totp"]
    TwoFactor.objects.filter(user=user).update(last_step=0)

    other = Client()
    response = sign_in(other, user.username, GOOD)
    assert response["Location"] == reverse("signin-code")
    assert not signed_in(other)  # the password alone does not sign in
    assert other.post(reverse("signin-code"), {"code": "000000"}).status_code == 422
    code = totp.code_at(secret, time.time())
    other.post(reverse("signin-code"), {"code": code})
    assert signed_in(other) and carries_its_key(other)
    # The same code is never accepted twice.
    again = Client()
    sign_in(again, user.username, GOOD)
    again.post(reverse("signin-code"), {"code": code})
    assert not signed_in(again)
    # A recovery code works once.
    again.post(reverse("signin-code"), {"code": codes[0]})
    assert signed_in(again)
    once_more = Client()
    sign_in(once_more, user.username, GOOD)
    once_more.post(reverse("signin-code"), {"code": codes[0]})
    assert not signed_in(once_more)


def test_an_organization_can_require_two_factor_of_its_admins(world):
    world.org.require_two_factor = True
    world.org.save()
    client = Client()
    client.force_login(world.admin)
    response = client.get(reverse("workspace:inbox", kwargs={"org": world.slug}))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:two-factor")
    _enrol(client, world.admin)
    assert client.get(reverse("workspace:inbox", kwargs={"org": world.slug})).status_code == 200


def test_resetting_two_factor_ends_every_session(world):
    user = world.people["tim_pelaksana"]
    phone = Client()
    sign_in(phone, user.username, GOOD)
    _enrol(phone, user)
    admin = Client()
    admin.force_login(world.admin)
    membership = Membership.objects.get(user=user, organization=world.org)
    admin.post(reverse("workspace:manage-reset-2fa", kwargs={"org": world.slug,
                                                             "pk": membership.pk}))
    assert not twofactor.enabled(user)
    assert phone.get(reverse("accounts:profile")).status_code == 302
    assert world.org.audit_entries.filter(action=AuditEntry.Action.TWO_FACTOR_RESET).exists()


# --- sessions --------------------------------------------------------------------------------


def test_an_idle_session_ends(world):
    client = Client()
    sign_in(client, world.admin.username, GOOD)
    assert client.get(reverse("accounts:profile")).status_code == 200
    SignedInSession.objects.update(last_seen_at=timezone.now() - timedelta(hours=1))
    assert client.get(reverse("accounts:profile")).status_code == 302
    assert not signed_in(client)


def test_the_profile_lists_sessions_and_ends_the_others(world):
    phone, laptop = Client(), Client()
    sign_in(phone, world.admin.username, GOOD, HTTP_USER_AGENT="Ponsel Android")
    sign_in(laptop, world.admin.username, GOOD, HTTP_USER_AGENT="Laptop Kantor")
    page = laptop.get(reverse("accounts:profile")).content.decode()
    assert "Ponsel Android" in page and "Laptop Kantor" in page and "Sesi ini" in page
    laptop.post(reverse("accounts:end-other-sessions"))
    assert phone.get(reverse("accounts:profile")).status_code == 302
    assert laptop.get(reverse("accounts:profile")).status_code == 200
    assert get_user_model().objects.filter(pk=world.admin.pk).exists()


def test_the_django_admin_signs_in_through_the_throttled_sign_in(world, settings):
    superuser = get_user_model().objects.create_superuser("admin", password=GOOD)
    response = Client().get("/admin/")
    assert response.status_code == 302
    follow = Client().get(response["Location"])
    assert follow.status_code == 302 and follow["Location"].startswith(reverse("login"))
    # No second door: posting a password to the admin's old form signs nobody in.
    client = Client()
    client.post("/admin/login/", {"username": "admin", "password": GOOD})
    assert not signed_in(client)
    for _ in range(settings.TAYANG_SIGNIN_MAX_FAILURES):
        sign_in(Client(), "admin", "salah")
    assert LOCKED in sign_in(Client(), "admin", GOOD).content.decode()
    # A member who is not staff is told so, not sent round in circles.
    member = Client()
    member.force_login(world.admin)
    assert member.get("/admin/login/?next=/admin/").status_code == 403
    assert superuser.is_staff
