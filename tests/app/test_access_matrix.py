"""Who may see and do what in an organization's workspace: every URL × every kind of visitor.

The table below has a row for each workspace URL (several for the action URL and for the pages
that are also posted to). Every row is requested in turn by an anonymous visitor, a superuser
who is no member, the admin and a role holder of another organization that runs the very same
SOP, an inactive member (once an admin and a role holder), a member without a role, the
organization's admin, and the holder of each role of the SOP. The rules:

* only active members see anything of an organization: everybody else gets the very 404 of an
  organization that does not exist (never a 403), and an anonymous visitor is sent to log in;
* only holders of the current step's role act: the others are refused with the names of the
  roles who may act, and nothing is written;
* the management pages exist for the organization's admins only;
* a file of one organization is never served to a member of another.

A new workspace URL without a row here fails ``test_every_workspace_url_has_a_row``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from tayang.accounts.models import SignInLock, TwoFactor
from tayang.channels.models import Channel
from tayang.engine.actions import (
    Action,
    ActionKind,
    Approve,
    Archive,
    Cancel,
    ChooseRoute,
    HandIn,
    Publish,
    Refuse,
    SendBack,
)
from tayang.engine.machine import Accepted, Refused, allowed_actions, decide
from tayang.exports.models import ExportJob
from tayang.exports.tasks import run_export
from tayang.items.models import Item, Publication
from tayang.items.workflow import actor_for, perform, state_of
from tayang.media.models import MediaAsset
from tayang.orgs.models import AuditEntry, ClosedDay, Invitation, Membership, Organization, Unit
from tayang.parties.accounts import save_party
from tayang.parties.models import OutsideParty
from tayang.procedures.models import Procedure, ProcedureVersion, RoleGrant
from tayang.sop.bundled import bundled_sops
from tayang.sop.model import END, Step
from tayang.workspace import urls as workspace_urls

from .world import (
    SOP_A,
    SOP_C,
    add_person,
    drive,
    jpeg_bytes,
    make_world,
    pdf_bytes,
    ready_item,
    snapshot,
    uploaded,
)

ORG = "dpmptsp-gunungkidul"
OTHER_ORG = "disnakertrans-bantul"  # runs the very same SOP, with the same role keys
ADMIN = "gunungkidul.kelola"
ROLES = [role.key for role in bundled_sops()[SOP_A].roles]
ROLE_NAMES = {role.key: role.name for role in bundled_sops()[SOP_A].roles}

MEMBERS = [ADMIN, "gunungkidul.staf", *(f"gunungkidul.{key}" for key in ROLES)]
OUTSIDERS = ["superuser", "bantul.kelola", "bantul.tim_pertimbangan", "gunungkidul.nonaktif"]
SUBJECTS = ["anonim", *OUTSIDERS, *MEMBERS]

# The organization's items, by where they stand: a step key, or a name for the others.
ITEMS = ("draf", "terima", "koreksi", "putuskan", "unggah", "dikembalikan", "selesai", "arsip")
RESPONSE = "Foto kurang tajam, mohon diganti."
CHANNEL = "manual-whatsapp"  # a publishing channel of the organization (Kelola › Kanal)


# --- two organizations, built once per module -----------------------------------------------------


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker, tmp_path_factory):
    """The organizations and their items, in one transaction rolled back after the module.

    Each test runs in a savepoint inside it (as with Django's ``setUpTestData``), and each
    request of a row in a savepoint of its own, so whatever a request changes is undone.
    """
    media = tmp_path_factory.mktemp("matrix-media")
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=fast):
        outer = transaction.atomic()
        outer._from_testcase = True  # type: ignore[attr-defined]  # as TestCase's own atomics
        outer.__enter__()
        try:
            ids = _build()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield ids, media
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def _build() -> dict[str, Any]:
    x = make_world("gunungkidul", ORG)
    y = make_world("bantul", OTHER_ORG)
    add_person(x.org, "gunungkidul.staf", None, ())
    add_person(x.org, "gunungkidul.nonaktif", x.procedure, ("tim_pertimbangan",), admin=True,
               active=False)
    get_user_model().objects.create_superuser("superuser", password="tayang-demo")

    items = {"draf": ready_item(x, "Draf sosialisasi")}
    for step in ("terima", "koreksi", "putuskan", "unggah"):
        items[step] = drive(x, ready_item(x, f"Konten di langkah {step}"), step)
    items["dikembalikan"] = drive(x, ready_item(x, "Konten dikembalikan"), "terima")
    assert perform(items["dikembalikan"].pk, x.holder("tim_pertimbangan"), SendBack(RESPONSE)).ok
    items["selesai"] = drive(x, ready_item(x, "Konten selesai"), END)
    items["arsip"] = drive(x, ready_item(x, "Konten diarsipkan"), END)
    assert perform(items["arsip"].pk, x.holder("admin_medsos"), Archive()).ok

    other_item = drive(y, ready_item(y, "Konten organisasi lain"), "terima")
    asset = MediaAsset.objects.filter(item=items["terima"]).first()
    other_asset = MediaAsset.objects.filter(item=other_item).first()
    assert asset is not None and asset.thumbnail and other_asset is not None
    # Two publishing channels besides the website, never chosen by default (publishing in
    # these rows stays on the website).
    for position, (key, name) in enumerate([(CHANNEL, "WhatsApp Dinas"),
                                            ("manual-radio", "Radio Daerah")], start=1):
        Channel.objects.create(organization=x.org, key=key, kind="manual", name=name,
                               selected_by_default=False, position=position)
    # A register export one role holder made in the background (tayang/exports).
    export = ExportJob.objects.create(
        organization=x.org, requested_by=x.holder(EXPORT_OWNER.split(".")[1]),
        kind=ExportJob.Kind.REGISTER_CSV, parameters={"query": ""}, label="Register (CSV)",
        expires_at=ExportJob.expiry(timezone.now()),
    )
    assert run_export.call(export.pk)["built"]
    publications = _publications(items["selesai"], x.holder("admin_medsos"))
    # Kelola › Keamanan and the members page: an open invitation, a locked member with 2FA.
    staf = get_user_model().objects.get(username="gunungkidul.staf")
    invitation = Invitation.objects.create(organization=x.org, username="orang.luar",
                                           invited_by=x.admin)
    party = save_party(x.org, name="Kepaniteraan Perdata", office="PN Contoh",
                       email="perdata@pn-contoh.go.id", grants=())
    SignInLock.objects.create(user=staf, until=timezone.now() + timezone.timedelta(hours=1))
    TwoFactor.objects.create(user=staf, sealed_secret="-", confirmed_at=timezone.now())
    sessions = {}
    for subject in SUBJECTS[1:]:  # signed in once: each request then only shows its cookie
        client = Client()
        client.force_login(get_user_model().objects.get(username=subject))
        sessions[subject] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {
        "sessions": sessions,
        "items": {name: item.pk for name, item in items.items()},
        "draf_author": items["draf"].created_by_id,
        "asset": asset.pk,
        "other_asset": other_asset.pk,
        "staf_membership": Membership.objects.get(user__username="gunungkidul.staf").pk,
        "response": items["dikembalikan"].responses.get().pk,
        "approval": items["selesai"].approvals.first().pk,
        "channel": CHANNEL,
        "export": export.pk,
        "publications": publications,
        "invitation": invitation.pk,
        "party": party.pk,
    }


def _publications(item: Item, user: AbstractUser) -> dict[str, int]:
    """The finished item on channels besides its website: published with a poster (to
    withdraw), waiting for a proof link, failed (to retry). Not on ``CHANNEL``, which the
    management rows delete (a channel something was published to cannot be deleted)."""
    made = {}
    for name, key, state in (("tayang", "manual-radio", Publication.State.PUBLISHED),
                             ("antre", "manual-tv", Publication.State.QUEUED),
                             ("gagal", "manual-lama", Publication.State.FAILED)):
        publication = Publication.objects.create(
            item=item, channel=key, state=state, revision=item.revision, requested_by=user,
            requested_at=timezone.now(),
            error="Kanal ini sudah dihapus." if name == "gagal" else "",
        )
        made[name] = publication.pk
    poster = Publication.objects.get(pk=made["tayang"])
    poster.document.save("poster.pdf", ContentFile(pdf_bytes()))
    return made


@dataclass
class Ctx:
    ids: dict[str, Any]

    def item(self, name: str) -> Item:
        return Item.objects.select_related("procedure", "procedure_version", "organization").get(
            pk=self.ids["items"][name]
        )

    def url(self, name: str, **kwargs: object) -> str:
        return reverse(f"workspace:{name}", kwargs={"org": ORG, **kwargs})


@pytest.fixture
def ctx(built, db, settings) -> Ctx:
    ids, media = built
    settings.MEDIA_ROOT = media  # the module's files, not the fresh folder of this test
    return Ctx(ids)


def _user(subject: str) -> AbstractUser | None:
    if subject == "anonim":
        return None
    return get_user_model().objects.get(username=subject)


def _client(subject: str, sessions: dict[str, str] | None = None) -> Client:
    client = Client()
    if subject in (sessions or {}):
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[subject]  # type: ignore[index]
    elif (user := _user(subject)) is not None:
        client.force_login(user)
    return client


# --- what a request did ---------------------------------------------------------------------------


@dataclass
class Probe:
    """What stood before a request, and which rows the request wrote."""

    counts: dict[str, Any] = field(default_factory=dict)
    item: dict[str, object] = field(default_factory=dict)
    allowed: set[ActionKind] = field(default_factory=set)
    outcome: Accepted | Refused | None = None  # the engine's verdict on this person's action
    writes: list[str] = field(default_factory=list)


@contextmanager
def recording_writes(probe: Probe) -> Iterator[None]:
    """Every INSERT, UPDATE or DELETE of the request, sessions aside (logging in writes one,
    and a signed-in session records when it was last seen)."""
    with CaptureQueriesContext(connection) as queries:
        yield
    probe.writes = [
        query["sql"] for query in queries.captured_queries
        if query["sql"].lstrip().split(None, 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}
        and "django_session" not in query["sql"]
        and "accounts_signedinsession" not in query["sql"]  # the session's last-seen time
    ]


def counts() -> dict[str, Any]:
    return {
        **{model.__name__: model.objects.count()
           for model in (Item, MediaAsset, Membership, RoleGrant, Unit, Procedure,
                         ProcedureVersion, ClosedDay, Invitation, AuditEntry, SignInLock,
                         TwoFactor, OutsideParty)},
        "memberships": list(Membership.objects.order_by("pk").values_list(
            "pk", "is_admin", "is_active")),
        "procedures": list(Procedure.objects.order_by("pk").values_list("pk", "is_active")),
    }


def messages_of(response: HttpResponse) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def page(response: HttpResponse) -> str:
    return response.content.decode()


def names_who_may_act(step: Step, text: str) -> None:
    names = ", ".join(ROLE_NAMES[key] for key in step.roles)
    sentence = f"Langkah {step.number} hanya dapat dikerjakan oleh {names}."
    assert sentence in text or escape(sentence) in text, f"{sentence!r} not in {text[:3000]}"


def roles_of(ctx: Ctx, user: AbstractUser) -> set[str]:
    return set(actor_for(user, ctx.item("draf").procedure).roles)


# --- what a member must get, row by row -----------------------------------------------------------

type Expect = Callable[[Ctx, AbstractUser, HttpResponse, Probe], None]


def ok_for_members(ctx: Ctx, user: AbstractUser, response: HttpResponse, probe: Probe) -> None:
    assert response.status_code == 200
    assert not probe.writes


def admins_only(ctx: Ctx, user: AbstractUser, response: HttpResponse, probe: Probe) -> None:
    assert response.status_code == (200 if user.username == ADMIN else 404)
    assert not probe.writes


def admins_only_post(changed: Callable[[dict[str, Any], dict[str, Any]], bool]) -> Expect:
    def expect(ctx: Ctx, user: AbstractUser, response: HttpResponse, probe: Probe) -> None:
        if user.username == ADMIN:
            assert response.status_code == 302, page(response)
            assert changed(probe.counts, counts())
        else:
            assert response.status_code == 404
            assert not probe.writes

    return expect


def served_file(variant: str) -> Expect:
    def expect(ctx: Ctx, user: AbstractUser, response: HttpResponse, probe: Probe) -> None:
        assert response.status_code == 200
        # Reading the stream to its end closes the response (and the file), as a server would.
        body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
        asset = MediaAsset.objects.get(pk=ctx.ids["asset"])
        stored = asset.thumbnail if variant == "kecil" else asset.file
        with stored.open("rb") as handle:
            assert body == handle.read()
        assert response["Content-Type"] == (
            "image/jpeg" if variant == "kecil" else asset.content_type
        )
        assert response["Cache-Control"].startswith("private")

    return expect


# The dashboard and the evaluation report: admins, the PPID and holders of an approving role
# (the roles of seed A's decision step "putuskan"); the other members get the workspace's 404.
EVALUATORS = {ADMIN, "gunungkidul.sekretaris_ppid", "gunungkidul.atasan_ppid"}


def evaluators_only(content_type: str = "text/html") -> Expect:
    def expect(ctx: Ctx, user: AbstractUser, response: HttpResponse, probe: Probe) -> None:
        if user.username in EVALUATORS:
            assert response.status_code == 200, page(response)
            assert response["Content-Type"].startswith(content_type)
        else:
            assert response.status_code == 404
        if content_type == "application/pdf" and user.username in EVALUATORS:
            # A printed report writes its verification entry, and nothing else.
            assert all("records_issuedrecord" in sql for sql in probe.writes), probe.writes
        else:
            assert not probe.writes

    return expect


def evaluation_note_expect(ctx: Ctx, user: AbstractUser, response: HttpResponse,
                           probe: Probe) -> None:
    from tayang.evaluation.models import EvaluationNote

    if user.username in EVALUATORS:
        assert response.status_code == 302
        assert EvaluationNote.objects.get().conclusions == "Langkah putuskan sering terlambat."
    else:
        assert response.status_code == 404
        assert not probe.writes

def formats_expect(ctx: Ctx, user: AbstractUser, response: HttpResponse, probe: Probe) -> None:
    """Making the accessible formats (again): holders of the SOP's roles and admins only."""
    from tayang.accessible.models import AccessibleFormat

    assert response.status_code == 302
    if user.username == ADMIN or roles_of(ctx, user):
        made = AccessibleFormat.objects.filter(item=ctx.item("selesai"))
        assert sorted(made.values_list("state", flat=True)) == ["queued"] * 3
    else:
        assert not probe.writes
        assert any("pemegang peran SOP-nya atau admin" in m for m in messages_of(response))


def stale_suggestion(ctx: Ctx, user: AbstractUser, response: HttpResponse, probe: Probe
                     ) -> None:
    """A suggestion the text no longer has changes nothing, whoever sends it."""
    assert response.status_code == 302
    assert not probe.writes
    assert any("Saran ini tidak berlaku lagi" in m for m in messages_of(response))


# Adding a word to the organization's accepted words: admins and holders of a reviewing role
# (review, decision, publish steps of seed A); the author alone and members without a role
# are told why, and nothing is written.
WORD_ACCEPTERS = {ADMIN, *(f"gunungkidul.{key}" for key in (
    "tim_pertimbangan", "sekretaris_ppid", "atasan_ppid", "admin_medsos"))}


def accept_word_expect(ctx: Ctx, user: AbstractUser, response: HttpResponse, probe: Probe
                       ) -> None:
    from tayang.language.models import AcceptedWord

    assert response.status_code == 302
    if user.username in WORD_ACCEPTERS:
        assert AcceptedWord.objects.filter(key="palangka").exists()
        AcceptedWord.objects.filter(key="palangka").delete()  # for the next subject
    else:
        assert not probe.writes
        assert any("Hanya admin dan peninjau" in m for m in messages_of(response))


def language_check_expect(ctx: Ctx, user: AbstractUser, response: HttpResponse, probe: Probe
                          ) -> None:
    """*Periksa bahasa* while writing: every member gets the findings; nothing is written."""
    assert response.status_code == 200, page(response)
    assert "«merubah»" in page(response) and "Ganti dengan «mengubah»" in page(response)
    assert not probe.writes


def stale_captions(ctx: Ctx, user: AbstractUser, response: HttpResponse, probe: Probe
                   ) -> None:
    """Captions for a file the content does not have change nothing, whoever sends them."""
    assert response.status_code == 302
    assert not probe.writes
    assert any("tidak ada lagi di konten" in m for m in messages_of(response))


def words_post_expect(ctx: Ctx, user: AbstractUser, response: HttpResponse, probe: Probe
                      ) -> None:
    from tayang.language.models import AcceptedWord

    if user.username == ADMIN:
        assert response.status_code == 302, page(response)
        assert AcceptedWord.objects.filter(key="betang").exists()
    else:
        assert response.status_code == 404
        assert not probe.writes


def not_made_yet(ctx: Ctx, user: AbstractUser, response: HttpResponse, probe: Probe) -> None:
    assert response.status_code == 404  # an SOP A item has no audio until asked for
    assert not probe.writes


def create_expect(ctx: Ctx, user: AbstractUser, response: HttpResponse, probe: Probe) -> None:
    first = ctx.item("draf").procedure_version.sop.first_step
    if set(first.roles) & roles_of(ctx, user):
        if response.request["REQUEST_METHOD"] == "GET":
            assert response.status_code == 200
            assert not probe.writes
        else:
            assert response.status_code == 302
            assert counts()["Item"] == probe.counts["Item"] + 1
        return
    assert response.status_code == 302
    assert response["Location"] == ctx.url("inbox")
    assert any(ROLE_NAMES["tim_pelaksana"] in message for message in messages_of(response))
    assert not probe.writes


def schedule_expect(ctx: Ctx, user: AbstractUser, response: HttpResponse, probe: Probe) -> None:
    """Nothing of the finished item waits for a time: nothing to move or hold, for anyone."""
    assert response.status_code == 302
    assert response["Location"] == ctx.url("item", pk=ctx.item("selesai").pk)
    said = " ".join(messages_of(response))
    if "admin_medsos" in roles_of(ctx, user):
        assert "Tidak ada penayangan terjadwal" in said
    else:
        assert "Hanya Admin" in said
    assert not probe.writes


def correct_expect(item_name: str) -> Expect:
    """Seed A names nobody to correct a published item: everyone is sent back, told why."""

    def expect(ctx: Ctx, user: AbstractUser, response: HttpResponse, probe: Probe) -> None:
        item = ctx.item(item_name)
        assert ActionKind.CORRECT not in probe.allowed
        assert response.status_code == 302
        assert response["Location"] == ctx.url("item", pk=item.pk)
        assert "tidak mengatur koreksi" in " ".join(messages_of(response))
        assert not probe.writes

    return expect


def edit_expect(item_name: str) -> Expect:
    def expect(ctx: Ctx, user: AbstractUser, response: HttpResponse, probe: Probe) -> None:
        item = ctx.item(item_name)
        step = item.procedure_version.sop.step(item.step)
        if ActionKind.EDIT in probe.allowed:
            if response.request["REQUEST_METHOD"] == "GET":
                assert response.status_code == 200
                assert not probe.writes
            else:
                assert response.status_code == 302
                assert item.title == "Judul dikoreksi"
            return
        assert response.status_code == 302
        assert response["Location"] == ctx.url("item", pk=item.pk)
        assert not probe.writes
        if not set(step.roles) & roles_of(ctx, user):
            names_who_may_act(step, " ".join(messages_of(response)))

    return expect


def upload_expect(ctx: Ctx, user: AbstractUser, response: HttpResponse, probe: Probe) -> None:
    item = ctx.item("draf")
    step = item.procedure_version.sop.step(item.step)
    if set(step.roles) & roles_of(ctx, user):
        assert response.status_code == 302
        assert counts()["MediaAsset"] == probe.counts["MediaAsset"] + 1
        return
    assert response.status_code in (302, 422), response.status_code
    assert not probe.writes
    assert counts() == probe.counts
    names_who_may_act(step, " ".join([page(response), *messages_of(response)]))


def chunks_expect(ctx: Ctx, user: AbstractUser, response: HttpResponse, probe: Probe) -> None:
    """Starting a chunked upload: a part for those who may add files, nothing in the database
    either way; the others are told who may act."""
    item = ctx.item("draf")
    step = item.procedure_version.sop.step(item.step)
    assert not probe.writes
    assert counts() == probe.counts
    if set(step.roles) & roles_of(ctx, user):
        assert response.status_code == 201, response.status_code
        assert response.json()["offset"] == 0
        return
    assert response.status_code == 422, response.status_code
    names_who_may_act(step, response.json()["rejected"][0]["message"])


def chunk_expect(ctx: Ctx, user: AbstractUser, response: HttpResponse, probe: Probe) -> None:
    """A part that is not one's own is as missing as one that does not exist."""
    assert response.status_code == 404, response.status_code
    assert not probe.writes


def document_expect(content_type: str) -> Expect:
    def expect(ctx: Ctx, user: AbstractUser, response: HttpResponse, probe: Probe) -> None:
        assert response.status_code == 200
        assert response["Content-Type"].startswith(content_type)
        assert not probe.writes

    return expect


def printed_expect(content_type: str) -> Expect:
    """A printed record: served, and its verification entry is the only row written."""
    def expect(ctx: Ctx, user: AbstractUser, response: HttpResponse, probe: Probe) -> None:
        assert response.status_code == 200
        assert response["Content-Type"].startswith(content_type)
        assert probe.writes and all(
            sql.lstrip().upper().startswith("INSERT") and "records_issuedrecord" in sql
            for sql in probe.writes), probe.writes

    return expect


def letter_issue_expect(ctx: Ctx, user: AbstractUser, response: HttpResponse, probe: Probe
                        ) -> None:
    """Only the response's author and the admins give a letter its number."""
    from tayang.items.models import WrittenResponse
    from tayang.records.models import Letter

    author = WrittenResponse.objects.get(pk=ctx.ids["response"]).author_id
    if user.username == ADMIN or user.pk == author:
        assert response.status_code == 302, page(response)
        assert Letter.objects.filter(response_id=ctx.ids["response"]).exists()
    else:
        assert response.status_code == 200
        assert not probe.writes, probe.writes


def not_found_for_members(ctx: Ctx, user: AbstractUser, response: HttpResponse, probe: Probe
                          ) -> None:
    assert response.status_code == 404
    assert not probe.writes


def act_expect(item_name: str, action: str) -> Expect:
    """Exactly what the engine decides for this person: done and saved once, or refused."""

    def expect(ctx: Ctx, user: AbstractUser, response: HttpResponse, probe: Probe) -> None:
        item = ctx.item(item_name)
        if probe.outcome is None:  # "edit" goes through the form; an unknown action
            assert response.status_code == 404
            assert not probe.writes
            return
        if isinstance(probe.outcome, Accepted):
            assert response.status_code == 302, page(response)
            after = snapshot(item)
            assert after["version"] == probe.item["version"] + 1  # type: ignore[operator]
            assert after["log"] == probe.item["log"] + 1  # type: ignore[operator]
            return
        assert response.status_code == 422
        text = page(response)
        for refusal in probe.outcome.refusals:
            for message in [u.message for u in refusal.unmet] or [refusal.message]:
                assert escape(message) in text
        assert not probe.writes
        assert snapshot(item) == probe.item
        holds = roles_of(ctx, user)
        sop = item.procedure_version.sop
        if action == "cancel":
            pass  # only its author may cancel: the refusal says so (checked above)
        elif item.step and not set(sop.step(item.step).roles) & holds:
            names_who_may_act(sop.step(item.step), text)
        elif item.status == "finished" and action == "archive" and "admin_medsos" not in holds:
            assert escape(f"Hanya {ROLE_NAMES['admin_medsos']} yang dapat mengarsipkan") in text

    return expect


def engine_action(item: Item, action: str) -> Action | None:
    """The action the view makes of the row's form data (see ``act_data``)."""
    sop = item.procedure_version.sop
    step = sop.step(item.step) if item.step else None
    ticked = frozenset(r.text for r in step.requirements if r.is_checklist) if step else frozenset()
    return {
        "hand_in": HandIn(ticked),
        "approve": Approve(confirmed=ticked, response=RESPONSE),
        "send_back": SendBack(RESPONSE),
        "choose_route": ChooseRoute("", ""),
        "publish": Publish(confirmed=ticked),
        "archive": Archive(),
        "refuse": Refuse(RESPONSE),
        "cancel": Cancel(RESPONSE),
    }.get(action)


def act_data(item_name: str) -> Callable[[Ctx], dict[str, Any]]:
    def data(ctx: Ctx) -> dict[str, Any]:
        item = ctx.item(item_name)
        step = item.procedure_version.sop.step(item.step) if item.step else None
        ticked = [r.text for r in step.requirements if r.is_checklist] if step else []
        return {"version": item.version, "confirmed": ticked, "note": "",
                "response": RESPONSE, "reason": RESPONSE, "field": "", "value": ""}

    return data


def delete_expect(item_name: str) -> Expect:
    """Only the author of a draft never handed in deletes it; everyone else changes nothing."""

    def expect(ctx: Ctx, user: AbstractUser, response: HttpResponse, probe: Probe) -> None:
        item = ctx.item(item_name) if Item.objects.filter(
            pk=ctx.ids["items"][item_name]).exists() else None
        assert response.status_code == 302
        if item is None:
            assert item_name == "draf" and user.pk == ctx.ids["draf_author"]
            assert response["Location"] == ctx.url("inbox")
            return
        assert response["Location"] == ctx.url("item", pk=item.pk)
        assert not probe.writes, probe.writes

    return expect


WITHDRAW_REASON = "Foto memuat data pribadi warga, ditarik atas permintaan."


def withdraw_expect(item_name: str) -> Expect:
    """Only the publish step's role (Admin Medsos) takes a published item off the website."""

    def expect(ctx: Ctx, user: AbstractUser, response: HttpResponse, probe: Probe) -> None:
        item = ctx.item(item_name)
        assert response.status_code == 302
        assert response["Location"] == ctx.url("item", pk=item.pk)
        publication = Publication.objects.filter(item=item, channel="website").first()
        said = " ".join(messages_of(response))
        if "admin_medsos" not in roles_of(ctx, user):
            assert f"Penayangan hanya dapat ditarik oleh {ROLE_NAMES['admin_medsos']}." in said
        elif publication is not None:
            assert publication.state == Publication.State.WITHDRAWN
            assert snapshot(item)["log"] == probe.item["log"] + 1  # type: ignore[operator]
            return
        else:
            assert "Konten ini tidak sedang tayang di situs web." in said
        assert not probe.writes, probe.writes
        assert publication is None or publication.state == Publication.State.PUBLISHED

    return expect


def publication_expect(publication: str, done: str) -> Expect:
    """A channel's publication is taken care of by the publish step's role and the admins."""

    def expect(ctx: Ctx, user: AbstractUser, response: HttpResponse, probe: Probe) -> None:
        assert response.status_code == 302
        assert response["Location"] == ctx.url("item", pk=ctx.ids["items"]["selesai"])
        state = Publication.objects.get(pk=ctx.ids["publications"][publication]).state
        said = " ".join(messages_of(response))
        if user.username == ADMIN or "admin_medsos" in roles_of(ctx, user):
            assert state == done, said
            return
        assert (f"Tayangan di kanal publikasi hanya dapat diurus oleh "
                f"{ROLE_NAMES['admin_medsos']} atau admin organisasi.") in said
        assert not probe.writes, probe.writes

    return expect


def served_poster(ctx: Ctx, user: AbstractUser, response: HttpResponse, probe: Probe) -> None:
    assert response.status_code == 200
    poster = Publication.objects.get(pk=ctx.ids["publications"]["tayang"]).document
    with poster.open("rb") as handle:
        assert b"".join(response.streaming_content) == handle.read()  # type: ignore[attr-defined]
    assert response["Content-Type"] == "application/pdf"
    assert not probe.writes


EXPORT_OWNER = "gunungkidul.tim_pelaksana"


def export_started(ctx: Ctx, user: AbstractUser, response: HttpResponse, probe: Probe) -> None:
    """Every member may start an export; it is theirs, and it waits for a worker."""
    assert response.status_code == 302, page(response)
    job = ExportJob.objects.exclude(pk=ctx.ids["export"]).get()
    assert response["Location"] == ctx.url("export", pk=job.pk)
    assert job.requested_by == user and job.state == ExportJob.State.QUEUED


def export_owner_or_admin(served: bool) -> Expect:
    """A job is seen by whoever asked for it and by the admins; by other members, a 404."""

    def expect(ctx: Ctx, user: AbstractUser, response: HttpResponse, probe: Probe) -> None:
        assert not probe.writes
        if user.username not in (EXPORT_OWNER, ADMIN):
            assert response.status_code == 404
            return
        assert response.status_code == 200
        if served:
            job = ExportJob.objects.get(pk=ctx.ids["export"])
            with job.file.open("rb") as handle:
                assert b"".join(response.streaming_content) == handle.read()  # type: ignore[attr-defined]
            assert response["Content-Type"] == "text/csv; charset=utf-8"
            assert response["Cache-Control"] == "private, no-store"

    return expect


def _taking_data(item_name: str, to: str = "") -> Callable[[Ctx], dict[str, Any]]:
    def data(ctx: Ctx) -> dict[str, Any]:
        item = ctx.item(item_name)
        values: dict[str, Any] = {"version": item.version, "holder": item.taken_by_id or ""}
        if to:
            values["kepada"] = get_user_model().objects.get(username=to).pk
        return values

    return data


def take_expect(ctx: Ctx, user: AbstractUser, response: HttpResponse, probe: Probe) -> None:
    """Holders of the step's role take the item (tayang/items/taking.py); others are told who
    may, and nothing is written."""
    item = ctx.item("terima")
    assert response.status_code == 302
    if "tim_pertimbangan" in roles_of(ctx, user):
        assert item.taken_by == user
        assert snapshot(item)["log"] == probe.item["log"] + 1  # type: ignore[operator]
        return
    assert item.taken_by is None
    assert not probe.writes, probe.writes
    who_may = f"Langkah 2 hanya dapat ditangani oleh {ROLE_NAMES['tim_pertimbangan']}."
    assert who_may in " ".join(messages_of(response))


def release_expect(ctx: Ctx, user: AbstractUser, response: HttpResponse, probe: Probe) -> None:
    assert response.status_code == 302
    assert "Konten ini tidak sedang ditangani siapa pun." in " ".join(messages_of(response))
    assert not probe.writes, probe.writes


def _taken_by(username: str) -> bool:
    return Item.objects.get(title="Konten di langkah terima").taken_by.username == username  # type: ignore[union-attr]


# --- the table ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One request: which URL, how, and what a member of the organization must get."""

    name: str  # the URL name in tayang/workspace/urls.py
    label: str
    url: Callable[[Ctx], str]
    expect: Expect
    method: str = "get"
    data: Callable[[Ctx], dict[str, Any]] = field(default=lambda ctx: {})
    item: str | None = None  # the item acted on
    counted: bool = False  # compare counts of rows before and after
    # Requested by members only: another row with the same URL already shows that
    # non-members get nothing (the action URL is checked on every item by members).
    members_only: bool = False

    def __str__(self) -> str:
        return self.label


def _act_rows() -> list[Row]:
    """Every action on every item; "edit" (done through the form) and an unknown action are
    no actions here whatever the item's state, so they are tried on one item only."""
    cases = [(name, kind.value) for name in ITEMS for kind in ActionKind
             if kind is not ActionKind.EDIT or name == "terima"]
    return [
        Row("item-act", f"act-{action}@{name}",
            lambda ctx, n=name, a=action: ctx.url("item-act", pk=ctx.ids["items"][n], action=a),
            act_expect(name, action), method="post", data=act_data(name), item=name,
            members_only=name != "terima")
        for name, action in [*cases, ("terima", "terbang")]
    ]


def _edit_data(ctx: Ctx) -> dict[str, Any]:
    item = ctx.item("draf")
    return {"version": item.version, "title": "Judul dikoreksi",
            **{key: item.values[key] for key in ("narrative", "caption", "place",
                                                  "activity_date")}}


def _item_url(name: str, item: str, **kwargs: object) -> Callable[[Ctx], str]:
    return lambda ctx: ctx.url(name, pk=ctx.ids["items"][item], **kwargs)


def _publication_url(name: str, publication: str) -> Callable[[Ctx], str]:
    return lambda ctx: ctx.url(name, pk=ctx.ids["items"]["selesai"],
                               pub=ctx.ids["publications"][publication])


def _channel(key: str = CHANNEL) -> Channel:
    return Channel.objects.get(organization__slug=ORG, key=key)


def _has_channel(key: str) -> bool:
    return Channel.objects.filter(organization__slug=ORG, key=key).exists()


def _channel_url(name: str) -> Callable[[Ctx], str]:
    return lambda ctx: ctx.url(name, key=ctx.ids["channel"])


ROWS: list[Row] = [
    Row("inbox", "inbox", lambda ctx: ctx.url("inbox"), ok_for_members),
    Row("item-create", "create", lambda ctx: ctx.url("item-create", procedure=SOP_A),
        create_expect),
    Row("item-create", "create-post", lambda ctx: ctx.url("item-create", procedure=SOP_A),
        create_expect, method="post", data=lambda ctx: {"title": "Konten baru"}, counted=True),
    *(Row("item", f"item@{name}", _item_url("item", name), ok_for_members) for name in ITEMS),
    Row("item-edit", "edit@draf", _item_url("item-edit", "draf"), edit_expect("draf"),
        item="draf"),
    Row("item-edit", "edit@koreksi", _item_url("item-edit", "koreksi"), edit_expect("koreksi"),
        item="koreksi"),
    Row("item-edit", "edit-post@draf", _item_url("item-edit", "draf"), edit_expect("draf"),
        method="post", data=_edit_data, item="draf"),
    *(Row(name, f"{name}@selesai", _item_url(name, "selesai"), schedule_expect, method="post",
          item="selesai", data=lambda ctx: {"waktu": "2030-01-02T08:00", "tahan": "1"})
      for name in ("item-reschedule", "item-pause")),
    *(Row("item-correct", f"correct@{name}", _item_url("item-correct", name), correct_expect(name),
          item=name) for name in ("selesai", "terima")),
    Row("item-upload", "upload@draf", _item_url("item-upload", "draf"), upload_expect,
        method="post", item="draf", counted=True,
        data=lambda ctx: {"field": "media",
                          "files": uploaded("foto-baru.jpg", jpeg_bytes(), "image/jpeg")}),
    Row("item-chunks", "chunks@draf", _item_url("item-chunks", "draf"), chunks_expect,
        method="post", item="draf", counted=True,
        data=lambda ctx: {"field": "media", "name": "foto-baru.jpg", "size": "2048"}),
    Row("item-chunk", "chunk@draf", _item_url("item-chunk", "draf", part="bukan-milik-anda"),
        chunk_expect, item="draf"),
    *_act_rows(),
    *(Row("item-delete", f"delete@{name}", _item_url("item-delete", name), delete_expect(name),
          method="post", item=name, data=lambda ctx, n=name: {"version": ctx.item(n).version})
      for name in ("draf", "terima")),
    *(Row("item-withdraw", f"withdraw@{name}", _item_url("item-withdraw", name),
          withdraw_expect(name), method="post", item=name,
          data=lambda ctx: {"reason": WITHDRAW_REASON}) for name in ("selesai", "draf")),
    Row("item-revision", "revision", _item_url("item-revision", "terima", number=1),
        ok_for_members),
    Row("item-publications", "publications-table", _item_url("item-publications", "selesai"),
        ok_for_members),
    Row("item-text", "plain-text", _item_url("item-text", "selesai"), ok_for_members),
    Row("item-format", "format-audio", _item_url("item-format", "selesai", kind="audio"),
        not_made_yet),
    Row("item-formats", "formats-make", _item_url("item-formats", "selesai"), formats_expect,
        method="post", item="selesai"),
    Row("item-language-fix", "language-fix@draf", _item_url("item-language-fix", "draf"),
        stale_suggestion, method="post", item="draf",
        data=lambda ctx: {"version": ctx.item("draf").version, "field": "narrative",
                          "start": 0, "found": "dikantor"}),
    Row("item-accept-word", "accept-word@draf", _item_url("item-accept-word", "draf"),
        accept_word_expect, method="post", item="draf", data=lambda ctx: {"word": "Palangka"}),
    Row("item-language-check", "language-check@draf", _item_url("item-language-check", "draf"),
        language_check_expect, method="post", item="draf",
        data=lambda ctx: {"narrative": "Panitia merubah jadwal."}),
    Row("procedure-language-check", "language-check-new",
        lambda ctx: ctx.url("procedure-language-check", procedure=SOP_A), language_check_expect,
        method="post", data=lambda ctx: {"narrative": "Panitia merubah jadwal."}),
    Row("procedure-accept-word", "accept-word-new",
        lambda ctx: ctx.url("procedure-accept-word", procedure=SOP_A), accept_word_expect,
        method="post", data=lambda ctx: {"word": "Palangka"}),
    Row("item-captions", "captions@draf", _item_url("item-captions", "draf"), stale_captions,
        method="post", item="draf",
        data=lambda ctx: {"version": ctx.item("draf").version, "field": "media",
                          "asset": 999999, "transkrip": "Halo."}),
    Row("publication-retry", "publication-retry", _publication_url("publication-retry", "gagal"),
        publication_expect("gagal", Publication.State.QUEUED), method="post"),
    Row("publication-proof", "publication-proof", _publication_url("publication-proof", "antre"),
        publication_expect("antre", Publication.State.PUBLISHED), method="post",
        data=lambda ctx: {"url": "https://radio.example/siaran/12"}),
    Row("publication-withdraw", "publication-withdraw",
        _publication_url("publication-withdraw", "tayang"),
        publication_expect("tayang", Publication.State.WITHDRAWN), method="post",
        data=lambda ctx: {"reason": WITHDRAW_REASON}),
    Row("publication-poster", "publication-poster",
        _publication_url("publication-poster", "tayang"), served_poster),
    Row("procedure-document", "sop-document",
        lambda ctx: ctx.url("procedure-document", procedure=SOP_A), document_expect("text/html")),
    Row("procedure-document-pdf", "sop-document-pdf",
        lambda ctx: ctx.url("procedure-document-pdf", procedure=SOP_A),
        document_expect("application/pdf")),
    Row("asset", "asset", lambda ctx: ctx.url("asset", pk=ctx.ids["asset"]), served_file("asli")),
    Row("asset-variant", "asset-thumbnail",
        lambda ctx: ctx.url("asset-variant", pk=ctx.ids["asset"], variant="kecil"),
        served_file("kecil")),
    Row("register", "register", lambda ctx: ctx.url("register"), ok_for_members),
    Row("overdue", "overdue", lambda ctx: ctx.url("overdue"), admins_only),
    Row("dashboard", "dashboard", lambda ctx: ctx.url("dashboard"), evaluators_only()),
    Row("evaluation", "evaluation", lambda ctx: ctx.url("evaluation"), evaluators_only()),
    Row("evaluation", "evaluation-notes", lambda ctx: ctx.url("evaluation"),
        evaluation_note_expect, method="post",
        data=lambda ctx: {"kesimpulan": "Langkah putuskan sering terlambat."}),
    *(Row("evaluation-file", f"evaluation-{fmt}",
          lambda ctx, f=fmt: ctx.url("evaluation-file", fmt=f), evaluators_only(kind))
      for fmt, kind in (("pdf", "application/pdf"),
                        ("xlsx", "application/vnd.openxmlformats"))),
    Row("item-take", "take@terima", _item_url("item-take", "terima"), take_expect,
        method="post", item="terima", data=_taking_data("terima")),
    Row("item-release", "release@terima", _item_url("item-release", "terima"), release_expect,
        method="post", item="terima", data=_taking_data("terima")),
    Row("item-assign", "assign@terima", _item_url("item-assign", "terima"),
        admins_only_post(lambda b, a: _taken_by("gunungkidul.tim_pertimbangan")),
        method="post", item="terima", counted=True,
        data=_taking_data("terima", to="gunungkidul.tim_pertimbangan")),
    *(Row("register-export", f"register-{fmt}",
          lambda ctx, f=fmt: ctx.url("register-export", fmt=f), document_expect(kind))
      for fmt, kind in (("csv", "text/csv"), ("xlsx", "application/vnd.openxmlformats"))),
    Row("register-export", "register-pdf", lambda ctx: ctx.url("register-export", fmt="pdf"),
        printed_expect("application/pdf")),
    Row("response-official-letter", "official-letter",
        lambda ctx: ctx.url("response-official-letter", pk=ctx.ids["items"]["dikembalikan"],
                            response=ctx.ids["response"]), ok_for_members),
    Row("response-official-letter", "official-letter-post",
        lambda ctx: ctx.url("response-official-letter", pk=ctx.ids["items"]["dikembalikan"],
                            response=ctx.ids["response"]), letter_issue_expect, method="post",
        data=lambda ctx: {"addressee": "Tim Pelaksana", "subject": "Perbaikan konten",
                          "place": "Wonosari", "dated": "2026-12-06", "signer_name": "Ketua",
                          "signer_position": "Ketua Tim Pertimbangan"}),
    Row("letters", "letters", lambda ctx: ctx.url("letters"), ok_for_members),
    # No letter has been issued in this world: the file is not found, for every member.
    Row("response-official-letter-pdf", "official-letter-pdf",
        lambda ctx: ctx.url("response-official-letter-pdf",
                            pk=ctx.ids["items"]["dikembalikan"], response=ctx.ids["response"]),
        not_found_for_members),
    Row("response-letter", "response-letter",
        lambda ctx: ctx.url("response-letter", pk=ctx.ids["items"]["dikembalikan"],
                            response=ctx.ids["response"]),
        document_expect("application/pdf")),
    Row("approval-record", "approval-record",
        lambda ctx: ctx.url("approval-record", pk=ctx.ids["items"]["selesai"],
                            approval=ctx.ids["approval"]),
        document_expect("text/html")),
    Row("approval-record-pdf", "approval-record-pdf",
        lambda ctx: ctx.url("approval-record-pdf", pk=ctx.ids["items"]["selesai"],
                            approval=ctx.ids["approval"]),
        printed_expect("application/pdf")),
    # Its approval records are printed with their verification entries.
    Row("item-dossier", "dossier", _item_url("item-dossier", "selesai"),
        printed_expect("application/zip")),
    Row("item-dossier-start", "dossier-start", _item_url("item-dossier-start", "selesai"),
        export_started, method="post"),
    Row("register-export-start", "register-export-start",
        lambda ctx: ctx.url("register-export-start") + "?tahun=2026", export_started,
        method="post", data=lambda ctx: {"format": "pdf"}),
    Row("exports", "exports", lambda ctx: ctx.url("exports"), ok_for_members),
    Row("export", "export", lambda ctx: ctx.url("export", pk=ctx.ids["export"]),
        export_owner_or_admin(served=False)),
    Row("export-file", "export-file", lambda ctx: ctx.url("export-file", pk=ctx.ids["export"]),
        export_owner_or_admin(served=True)),
    Row("procedure-document", "sop-document",
        lambda ctx: ctx.url("procedure-document", procedure=SOP_A), ok_for_members),
    Row("procedure-document-pdf", "sop-document-pdf",
        lambda ctx: ctx.url("procedure-document-pdf", procedure=SOP_A), ok_for_members),
    Row("manage", "manage", lambda ctx: ctx.url("manage"), admins_only),
    Row("manage-members", "members", lambda ctx: ctx.url("manage-members"), admins_only),
    Row("manage-members", "members-post", lambda ctx: ctx.url("manage-members"),
        admins_only_post(lambda b, a: a["Membership"] == b["Membership"] + 1),
        method="post", counted=True,
        data=lambda ctx: {"action": "create", "baru-local_name": "baru",
                          "baru-full_name": "Anggota Baru",
                          "baru-password": "sandi-awal-yang-panjang-7"}),
    Row("manage-members", "members-invite", lambda ctx: ctx.url("manage-members"),
        admins_only_post(lambda b, a: a["Invitation"] == b["Invitation"] + 1
                         and a["Membership"] == b["Membership"]),
        method="post", counted=True,
        data=lambda ctx: {"action": "invite", "undang-username": "bantul.kelola"}),
    Row("manage-invitation-withdraw", "invitation-withdraw",
        lambda ctx: ctx.url("manage-invitation-withdraw", pk=ctx.ids["invitation"]),
        admins_only_post(lambda b, a: a["AuditEntry"] == b["AuditEntry"] + 1),
        method="post", counted=True),
    Row("manage-history", "history", lambda ctx: ctx.url("manage-history"), admins_only),
    Row("manage-security", "security", lambda ctx: ctx.url("manage-security"), admins_only),
    Row("manage-security", "security-post", lambda ctx: ctx.url("manage-security"),
        admins_only_post(lambda b, a: a["AuditEntry"] == b["AuditEntry"] + 1),
        method="post", counted=True, data=lambda ctx: {"require_two_factor": "on"}),
    Row("manage-lift-lock", "lift-lock",
        lambda ctx: ctx.url("manage-lift-lock", pk=ctx.ids["staf_membership"]),
        admins_only_post(lambda b, a: a["SignInLock"] == b["SignInLock"] - 1),
        method="post", counted=True),
    Row("manage-reset-2fa", "reset-2fa",
        lambda ctx: ctx.url("manage-reset-2fa", pk=ctx.ids["staf_membership"]),
        admins_only_post(lambda b, a: a["TwoFactor"] == b["TwoFactor"] - 1),
        method="post", counted=True),
    Row("manage-member", "member",
        lambda ctx: ctx.url("manage-member", pk=ctx.ids["staf_membership"]), admins_only),
    Row("manage-member", "member-post",
        lambda ctx: ctx.url("manage-member", pk=ctx.ids["staf_membership"]),
        admins_only_post(lambda b, a: a["memberships"] != b["memberships"]
                         and a["RoleGrant"] == b["RoleGrant"] + 1),
        method="post", counted=True,
        data=lambda ctx: {"is_admin": "on", "is_active": "on",
                          f"roles_{ctx.item('draf').procedure_id}": ["admin_medsos"]}),
    Row("manage-units", "units", lambda ctx: ctx.url("manage-units"), admins_only),
    Row("manage-units", "units-post", lambda ctx: ctx.url("manage-units"),
        admins_only_post(lambda b, a: a["Unit"] == b["Unit"] + 1), method="post", counted=True,
        data=lambda ctx: {"name": "Bidang Baru", "kind": "bidang"}),
    Row("manage-words", "words", lambda ctx: ctx.url("manage-words"), admins_only),
    Row("manage-words", "words-post", lambda ctx: ctx.url("manage-words"), words_post_expect,
        method="post", data=lambda ctx: {"words": "Betang"}),
    Row("manage-word-delete", "word-delete", lambda ctx: ctx.url("manage-word-delete",
                                                                  pk=999999),
        admins_only_post(lambda b, a: a == b), method="post", counted=True),
    Row("manage-profile", "profile", lambda ctx: ctx.url("manage-profile"), admins_only),
    Row("manage-profile", "profile-post", lambda ctx: ctx.url("manage-profile"),
        admins_only_post(lambda b, a: Organization.objects.filter(
            telephone="(0274) 391000").exists()), method="post",
        data=lambda ctx: {"name": "Dinas Contoh Gunungkidul", "telephone": "(0274) 391000",
                          "letter_number_pattern": "{klasifikasi}/{nomor}/{unit}/{tahun}"}),
    Row("manage-calendar", "calendar", lambda ctx: ctx.url("manage-calendar"), admins_only),
    Row("manage-calendar", "calendar-post", lambda ctx: ctx.url("manage-calendar"),
        admins_only_post(lambda b, a: a["ClosedDay"] == b["ClosedDay"] + 1), method="post",
        counted=True, data=lambda ctx: {"day": "2026-12-08", "reason": "Hari Jadi Kabupaten"}),
    Row("manage-parties", "parties", lambda ctx: ctx.url("manage-parties"), admins_only),
    Row("manage-parties", "parties-post", lambda ctx: ctx.url("manage-parties"),
        admins_only_post(lambda b, a: a["OutsideParty"] == b["OutsideParty"] + 1),
        method="post", counted=True,
        data=lambda ctx: {"name": "Satreskrim", "office": "Polres Contoh",
                          "email": "satreskrim@polres-contoh.go.id", "is_active": "on"}),
    Row("manage-party", "party", lambda ctx: ctx.url("manage-party", pk=ctx.ids["party"]),
        admins_only),
    Row("manage-party", "party-post", lambda ctx: ctx.url("manage-party", pk=ctx.ids["party"]),
        admins_only_post(lambda b, a: OutsideParty.objects.get(
            email="perdata@pn-contoh.go.id").office == "PN Sleman"),
        method="post", counted=True,
        data=lambda ctx: {"name": "Kepaniteraan Perdata", "office": "PN Sleman",
                          "email": "perdata@pn-contoh.go.id", "is_active": "on"}),
    Row("manage-procedures", "procedures", lambda ctx: ctx.url("manage-procedures"),
        admins_only),
    Row("manage-procedures", "procedures-adopt", lambda ctx: ctx.url("manage-procedures"),
        admins_only_post(lambda b, a: a["Procedure"] == b["Procedure"] + 1), method="post",
        counted=True, data=lambda ctx: {"adopt": "1", "bundled_key": SOP_C}),
    Row("manage-procedure", "procedure",
        lambda ctx: ctx.url("manage-procedure", procedure=SOP_A), admins_only),
    Row("manage-procedure", "procedure-toggle",
        lambda ctx: ctx.url("manage-procedure", procedure=SOP_A),
        admins_only_post(lambda b, a: a["procedures"] != b["procedures"]), method="post",
        counted=True, data=lambda ctx: {"toggle": "1"}),
    Row("manage-identity", "identity",
        lambda ctx: ctx.url("manage-identity", procedure=SOP_A), admins_only),
    Row("manage-identity", "identity-post",
        lambda ctx: ctx.url("manage-identity", procedure=SOP_A),
        admins_only_post(lambda b, a: a["ProcedureVersion"] == b["ProcedureVersion"] + 1),
        method="post", counted=True,
        data=lambda ctx: {"organization": "Dinas Komunikasi dan Informatika Kabupaten Contoh",
                          "name": "Alur Upload Konten Website & Media Sosial"}),
    Row("manage-channels", "channels", lambda ctx: ctx.url("manage-channels"), admins_only),
    Row("manage-channel-add", "channel-add",
        lambda ctx: ctx.url("manage-channel-add", kind="manual"), admins_only),
    Row("manage-channel-add", "channel-add-post",
        lambda ctx: ctx.url("manage-channel-add", kind="manual"),
        admins_only_post(lambda b, a: _has_channel("manual-kanal-baru")), method="post",
        data=lambda ctx: {"name": "Kanal Baru", "enabled": "on"}),
    Row("manage-channel", "channel", _channel_url("manage-channel"), admins_only),
    Row("manage-channel", "channel-post", _channel_url("manage-channel"),
        admins_only_post(lambda b, a: _channel().name == "WhatsApp Humas"),
        method="post", data=lambda ctx: {"name": "WhatsApp Humas", "enabled": "on"}),
    Row("manage-channel-toggle", "channel-toggle", _channel_url("manage-channel-toggle"),
        admins_only_post(lambda b, a: not _channel().enabled),
        method="post"),
    Row("manage-channel-move", "channel-move", _channel_url("manage-channel-move"),
        admins_only_post(lambda b, a: _channel().position > _channel("manual-radio").position),
        method="post", data=lambda ctx: {"arah": "turun"}),
    Row("manage-channel-delete", "channel-delete", _channel_url("manage-channel-delete"),
        admins_only),
    Row("manage-channel-delete", "channel-delete-post", _channel_url("manage-channel-delete"),
        admins_only_post(lambda b, a: not _has_channel(CHANNEL)), method="post"),
]


def test_every_workspace_url_has_a_row():
    names = {pattern.name for pattern in workspace_urls.urlpatterns}
    assert names == {row.name for row in ROWS}
    assert all(not row.members_only for row in ROWS if row.name != "item-act")


def test_every_action_has_a_row_on_every_item():
    labels = {row.label for row in ROWS}
    assert {f"act-{kind.value}@{name}" for kind in ActionKind for name in ITEMS
            if kind is not ActionKind.EDIT} <= labels
    assert {row.label.split("@")[0] for row in ROWS if not row.members_only} >= {
        f"act-{kind.value}" for kind in ActionKind
    }


# --- the matrix -----------------------------------------------------------------------------------


@pytest.mark.parametrize("row", ROWS, ids=str)
def test_access(ctx, row):
    """One row, requested by every subject in turn; each request is undone before the next."""
    failures = []
    for subject in SUBJECTS:
        if row.members_only and subject not in MEMBERS:
            continue
        try:
            with transaction.atomic():
                _check(ctx, row, subject)
                transaction.set_rollback(True)
        except AssertionError as error:
            failures.append(f"{subject}: {error}")
    assert not failures, "\n\n".join(failures)


def _request(client: Client, row: Row, ctx: Ctx, url: str) -> HttpResponse:
    if row.method == "post":
        return client.post(url, row.data(ctx))
    return client.get(url)


def _check(ctx: Ctx, row: Row, subject: str) -> None:
    client = _client(subject, ctx.ids["sessions"])
    user = _user(subject)
    probe = Probe(counts=counts() if row.counted else {})
    if row.item is not None and user is not None and subject in MEMBERS:
        item = ctx.item(row.item)
        sop = item.procedure_version.sop
        actor = actor_for(user, item.procedure)
        state = state_of(item, sop)
        probe.item = snapshot(item)
        probe.allowed = set(allowed_actions(sop, state, actor))
        if row.name == "item-act" and (action := engine_action(item, row.label[4:].split("@")[0])):
            probe.outcome = decide(sop, state, action, actor, timezone.now(),
                                   item.organization.zone)
    url = row.url(ctx)
    with recording_writes(probe):
        response = _request(client, row, ctx, url)
    assert response.status_code != 403, "a refusal never confirms anything with a 403"

    if subject == "anonim":
        assert response.status_code == 302, response.status_code
        assert response["Location"] == f"/masuk/?next={quote(url)}"
        assert not probe.writes, probe.writes
        return
    if subject in OUTSIDERS:
        assert response.status_code == 404, response.status_code
        assert not probe.writes, probe.writes
        # Word for word the 404 of an organization that does not exist (Tayang's own page,
        # whose sign-out form carries a fresh CSRF token each time).
        missing = _request(client, row, ctx, url.replace(f"/{ORG}/", "/tidak-ada/"))
        assert missing.status_code == 404
        assert _without_csrf(response.content) == _without_csrf(missing.content)
        return
    assert user is not None
    row.expect(ctx, user, response, probe)


# --- ids of another organization under one's own address ------------------------------------------

FOREIGN = [
    ("item", lambda ids: {"pk": ids["items"]["terima"]}, "get"),
    ("item-edit", lambda ids: {"pk": ids["items"]["draf"]}, "get"),
    ("item-upload", lambda ids: {"pk": ids["items"]["draf"]}, "post"),
    ("item-chunks", lambda ids: {"pk": ids["items"]["draf"]}, "post"),
    ("item-act", lambda ids: {"pk": ids["items"]["terima"], "action": "approve"}, "post"),
    ("item-revision", lambda ids: {"pk": ids["items"]["terima"], "number": 1}, "get"),
    ("asset", lambda ids: {"pk": ids["asset"]}, "get"),
    ("asset-variant", lambda ids: {"pk": ids["asset"], "variant": "kecil"}, "get"),
    ("manage-member", lambda ids: {"pk": ids["staf_membership"]}, "post"),
    ("manage-channel", lambda ids: {"key": ids["channel"]}, "post"),
    ("response-letter",
     lambda ids: {"pk": ids["items"]["dikembalikan"], "response": ids["response"]}, "get"),
    ("response-official-letter",
     lambda ids: {"pk": ids["items"]["dikembalikan"], "response": ids["response"]}, "post"),
    ("response-official-letter-pdf",
     lambda ids: {"pk": ids["items"]["dikembalikan"], "response": ids["response"]}, "get"),
    ("approval-record",
     lambda ids: {"pk": ids["items"]["selesai"], "approval": ids["approval"]}, "get"),
    ("approval-record-pdf",
     lambda ids: {"pk": ids["items"]["selesai"], "approval": ids["approval"]}, "get"),
    ("item-dossier", lambda ids: {"pk": ids["items"]["selesai"]}, "get"),
    ("item-publications", lambda ids: {"pk": ids["items"]["selesai"]}, "get"),
    ("publication-retry",
     lambda ids: {"pk": ids["items"]["selesai"], "pub": ids["publications"]["gagal"]}, "post"),
    ("publication-poster",
     lambda ids: {"pk": ids["items"]["selesai"], "pub": ids["publications"]["tayang"]}, "get"),
    ("item-dossier-start", lambda ids: {"pk": ids["items"]["selesai"]}, "post"),
    ("export", lambda ids: {"pk": ids["export"]}, "get"),
    ("export-file", lambda ids: {"pk": ids["export"]}, "get"),
]


@pytest.mark.parametrize("subject", ["bantul.kelola", "bantul.tim_pertimbangan"])
@pytest.mark.parametrize(("name", "kwargs", "method"), FOREIGN, ids=[f[0] for f in FOREIGN])
def test_ids_of_another_organization_are_not_found_under_ones_own(
    ctx, name, kwargs, method, subject
):
    """A member of Bantul asks Bantul's workspace for Gunungkidul's item, file or member."""
    client = _client(subject)
    url = reverse(f"workspace:{name}", kwargs={"org": OTHER_ORG, **kwargs(ctx.ids)})
    data = {"version": ctx.item("terima").version, "field": "media", "is_admin": "on",
            "is_active": "on", "files": uploaded("foto.jpg", jpeg_bytes(), "image/jpeg")}
    probe = Probe()
    with recording_writes(probe):
        response = client.post(url, data) if method == "post" else client.get(url)
    assert response.status_code == 404
    assert not probe.writes


def test_each_organization_gets_its_own_files_only(ctx):
    """The same view serves Bantul its own file: the 404s are about whose file it is."""
    response = _client("bantul.tim_pertimbangan").get(
        reverse("workspace:asset", kwargs={"org": OTHER_ORG, "pk": ctx.ids["other_asset"]})
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content)  # type: ignore[attr-defined]
    for pk in (ctx.ids["other_asset"],):
        response = _client("gunungkidul.tim_pertimbangan").get(ctx.url("asset", pk=pk))
        assert response.status_code == 404


def test_an_unknown_file_variant_is_not_found(ctx):
    response = _client("gunungkidul.staf").get(
        ctx.url("asset-variant", pk=ctx.ids["asset"], variant="besar")
    )
    assert response.status_code == 404


def test_a_member_made_inactive_loses_access_at_once(ctx):
    client = _client("gunungkidul.tim_pertimbangan")
    item = ctx.item("terima")
    assert client.get(ctx.url("item", pk=item.pk)).status_code == 200
    Membership.objects.filter(user__username="gunungkidul.tim_pertimbangan").update(
        is_active=False
    )
    assert client.get(ctx.url("item", pk=item.pk)).status_code == 404
    before = snapshot(item)
    response = client.post(ctx.url("item-act", pk=item.pk, action="approve"),
                           {"version": item.version})
    assert response.status_code == 404
    assert snapshot(item) == before


def _without_csrf(body: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", body)
