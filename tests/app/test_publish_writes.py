"""What the actions write when they read less (issue 16): the same rows, whole.

The publications find their approval by a subquery of their INSERT, the website's carries its
article's address from the start, the article reads its revision's date in its own INSERT, an
item never published before looks for no publications or article, and the rows the
evaluation's tallies count carry their ``untallied`` mark for the worker's sweep (no tally is
written by the action); every action reads the person's roles with the locked item.
"""

from __future__ import annotations

import pytest

from tayang.demo.channels import build_channels
from tayang.items.models import Approval, Item, Publication
from tayang.public import index
from tayang.public.models import Article
from tayang.public.sites import canonical_url
from tayang.sop.model import END

from .world import World, drive, make_world, ready_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db) -> World:
    made = make_world("gunungkidul", "dpmptsp-gunungkidul")
    build_channels(made.org)
    return made


def published(world: World) -> Item:
    item = drive(world, ready_item(world, "Sosialisasi perizinan daring di Wonosari"), "unggah")
    assert item.published_at is None  # never published: the engine's PublishRequested.first
    return drive(world, item, END)


def test_a_first_publish_writes_approval_address_and_date_with_the_rows(world):
    item = published(world)
    latest = Approval.objects.filter(item=item).order_by("-created_at", "-pk").first()
    assert latest is not None
    publications = list(Publication.objects.filter(item=item))
    assert {p.channel for p in publications} >= {"website"}
    assert all(p.approval_id == latest.pk for p in publications)
    website = next(p for p in publications if p.channel == "website")
    article = Article.objects.get(item=item)
    assert article.slug == "sosialisasi-perizinan-daring-di-wonosari"
    assert website.url == canonical_url(item.organization, "public:article", pk=item.pk,
                                        slug=article.slug)
    assert article.revised_at == item.revisions.get(number=website.revision).created_at


def test_the_index_writes_the_address_when_the_row_names_another(world):
    """Any caller of ``index.sync`` (a re-index, a withdrawal undone) still gets it right."""
    item = published(world)
    website = Publication.objects.get(item=item, channel="website")
    right = website.url
    Publication.objects.filter(pk=website.pk).update(url="https://lama.example/berita/1/x/")
    website.refresh_from_db()
    index.sync(website)
    website.refresh_from_db()
    assert website.url == right
    assert Article.objects.filter(item=item).count() == 1  # found and rewritten, not doubled


def test_an_action_reads_every_role_of_the_person_with_the_item(world, monkeypatch):
    """The roles come with the locked item (a subquery): all of them, and none for a member
    made inactive, exactly as ``roles_of`` reads them."""
    from tayang.engine.actions import HandIn
    from tayang.items import workflow
    from tayang.items.workflow import perform, roles_of
    from tayang.orgs.models import Membership

    from .world import add_person

    keys = [role.key for role in world.sop.roles]
    person = add_person(world.org, "gunungkidul.serba", world.procedure, keys[:3])
    seen: list[frozenset[str]] = []
    decide = workflow.decide

    def watching(sop, state, action, actor, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(actor.roles)
        return decide(sop, state, action, actor, *args, **kwargs)

    monkeypatch.setattr(workflow, "decide", watching)
    item = ready_item(world)
    seen.clear()
    perform(item.pk, person, HandIn())
    assert seen == [frozenset(keys[:3])] == [roles_of(person, world.procedure)]
    Membership.objects.filter(user=person).update(is_active=False)
    seen.clear()
    perform(item.pk, person, HandIn())
    assert seen == [frozenset()]


def test_an_arrival_is_told_from_the_engines_state_not_a_rebuilt_one(world, monkeypatch):
    """Who is barred from the next step comes from the state the action saved (the engine's
    answer), not from the item and its files read into a state again."""
    from tayang.engine.actions import HandIn
    from tayang.items.workflow import perform
    from tayang.notify import recipients
    from tayang.notify.models import Notification

    def rebuilt(*args: object, **kwargs: object) -> None:
        raise AssertionError("the state was rebuilt")

    monkeypatch.setattr(recipients, "state_of", rebuilt)
    item = ready_item(world)
    assert perform(item.pk, item.created_by, HandIn()).ok
    item.refresh_from_db()
    told = Notification.objects.filter(item=item, kind="arrived", step=item.step)
    reviewers = {person.pk for person in recipients.holders(item, world.sop.step(item.step).roles)}
    assert reviewers and set(told.values_list("user_id", flat=True)) == reviewers


def test_the_rows_the_tallies_count_are_written_marked_and_no_tally_is(world):
    """Issue 16: the action writes no tally; each row the worker's sweep counts carries its
    mark from the statement that wrote it — every closed visit, the logged hand-in and
    publication, every publication — and nothing else is marked."""
    from tayang.evaluation.models import (
        ActivityTally,
        LateItem,
        PublicationTally,
        StepTally,
    )
    from tayang.items.models import LogEntry, StepVisit

    item = published(world)
    for model in (StepTally, ActivityTally, PublicationTally, LateItem):
        assert not model.objects.exists(), model
    visits = StepVisit.objects.filter(item=item)
    assert visits.exists()
    assert set(visits.values_list("untallied", flat=True)) == {True}  # all closed
    counted = {"handed_in", "published", "sent_back", "refused"}
    for outcome, marked in LogEntry.objects.filter(item=item).values_list("outcome",
                                                                          "untallied"):
        assert marked == (outcome in counted), outcome
    assert set(Publication.objects.filter(item=item).values_list("untallied", flat=True)) == {
        True}
    assert set(Publication.objects.filter(item=item).values_list("tallied_state",
                                                                 flat=True)) == {""}
