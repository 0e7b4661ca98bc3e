"""How many queries the busiest requests make: a fixed number, whatever the data.

Guards the work of issue 16 (docs/performance.md): a list or an action that starts to query per
row, per SOP or per photo shows here long before a benchmark would notice. Each list is asked
for with few rows and with more, and must make the same number of queries both times.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tayang.demo.channels import build_channels
from tayang.engine.actions import HandIn
from tayang.items import fulltext_query
from tayang.items.models import Item
from tayang.items.workflow import perform
from tayang.public.middleware import forget_hostnames
from tayang.sop.model import END

from .public_world import IMMEDIATE_TASKS
from .world import World, drive, make_world, ready_item

pytestmark = pytest.mark.django_db

ORG = "dpmptsp-gunungkidul"


@pytest.fixture
def world(db) -> World:
    made = make_world("gunungkidul", ORG)
    build_channels(made.org)  # the notice board and a manual channel, as the demo has
    return made


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(world: World, name: str, **kwargs: object) -> str:
    return reverse(f"workspace:{name}", kwargs={"org": world.slug, **kwargs})


def queries_of(client: Client, path: str, **data: object) -> list[str]:
    client.get(path, data)  # the session and the host table, as a returning visitor has them
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, data)
    assert response.status_code == 200, response.status_code
    return [query["sql"] for query in captured.captured_queries]


def handed_in(world: World, count: int, target: str = "terima") -> list[Item]:
    items = []
    for n in range(count):
        item = ready_item(world, f"Kegiatan nomor {n}")
        assert perform(item.pk, item.created_by, HandIn()).ok
        items.append(drive(world, item, target))
    return items


def action_queries(world: World, item: Item, action: str) -> list[str]:
    """The statements of one action's POST by the person of the item's step (whose session
    and host table are read once before, as a person's are)."""
    step = world.sop.step(item.step)
    client = login(world.holder(step.roles[0]))
    client.get(url(world, "inbox"))
    data: dict[str, object] = {
        "version": item.version,
        "confirmed": [r.text for r in step.requirements if r.is_checklist],
    }
    if step.accept_response:
        data["response"] = "Konten sudah diperiksa dan layak ditayangkan."
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url(world, "item-act", pk=item.pk, action=action), data)
    assert response.status_code == 302, response.status_code
    return [query["sql"] for query in captured.captured_queries]


def test_the_publish_post(world):
    item = drive(world, ready_item(world), "unggah")
    found = action_queries(world, item, "publish")
    item.refresh_from_db()
    assert item.status == "finished"
    # 61 before issue 16's work; 34 here on 2026-12-06 (with the evaluation's three tallies).
    # -1 since the item is read once, locked, by the action (not first for the access check,
    # workspace.views.items.act). Here the test's transaction adds a savepoint and the
    # organization's first publish makes its site-state row. What would take it to 15:
    # docs/performance.md, issue 16.
    # +1 for the publications' tallies (channels/transitions.py, issue 13): the channels'
    # states and the website's hand-in-to-publication hours, one upsert for all of them.
    # -4 since the site's state is raised by one upsert (was an update, then a get-or-create
    # on the site's first publication); +1 for the public search's words (issue 16).
    # 31 → 23 (issue 16, publish POST): the approval found by the publications' INSERT (a
    # subquery); for an item never published before (the engine's PublishRequested.first) its
    # publications and article not looked for; the website's address written with its row
    # (no second UPDATE); the revision's date read by the article's INSERT; the channels and
    # the item's choices in one query; notify handed the publications just written; the
    # visit's UPDATE returns what the tallies add (no re-read); the person's roles read with
    # the locked item (a subquery).
    # -2 (issue 16, every signed-in request): the person, their signed-in session and their
    # membership read by one statement (tayang.accounts.signed_in), not three.
    # -1 (issue 16, the effects): the wake-ups of the visit left are no longer marked stale by
    # the action (the sweep marks them once due: notify/wakeups.py).
    assert not any('"notify_wakeup"' in sql for sql in found), found
    # -1 (issue 16): the item's files read with the locked item (a JSON subquery).
    # -3 (issue 16, the tallies): the step, day and publication tallies are no longer written
    # by the action; the visit's UPDATE, the history's and the publication's INSERT carry the
    # ``untallied`` mark the worker's sweep clears (evaluation/sweep.py).
    # -1 (issue 16, every signed-in request): the session's row read with the person, their
    # signed-in session and membership (tayang.accounts.signed_in): one statement, not two.
    # +1 here, none in a real request: the tasks' rows (one INSERT) are written inside the
    # action's transaction, just before it ends (tayang/outbox/batch.py atomic); they were
    # written after its commit, in a transaction of their own, unseen by this test.
    assert len(found) == 15, "\n".join(q[:150] for q in found)
    assert not any("evaluation_" in sql for sql in found), found
    assert sum('FROM "items_item"' in sql for sql in found) == 1, found
    assert tasks_written_in_the_action(found)


def tasks_written_in_the_action(found: list[str]) -> bool:
    """One INSERT of task rows, inside the action's block (before its savepoint's release)."""
    [written] = [n for n, sql in enumerate(found)
                 if sql.startswith("INSERT") and "dbtaskresult" in sql]
    return any(sql.startswith("RELEASE SAVEPOINT") for sql in found[written:])


def test_the_hand_in_and_approval_posts(world):
    """Pinned: each was read or written again by a part of the action (issue 16)."""
    item = ready_item(world)
    handing_in = action_queries(world, item, "hand_in")
    item.refresh_from_db()
    approving = action_queries(world, item, "approve")
    # Hand-in 37 → 23 here (36 → 25 in bench.flowprofile's flow): the item read once; the
    # register number by one upsert (was a locked get_or_create, an UPDATE and a re-read)
    # and the item's row written once (was twice); the wake-ups of the visit just entered
    # not looked for, and the stale ones marked by one UPDATE; the arrival's notification
    # neither looked for nor written in a savepoint, the people told read with their message
    # choices, and the organization's messaging read only for someone choosing Telegram or
    # WhatsApp. +1 here for the item's late sum (evaluation.LateItem, issue 13): the visit it
    # leaves closes past its limit (a visit closed in time writes nothing there).
    # -3 (issue 16): the channels and the item's choices in one query; the visit closed
    # returned by its UPDATE to the tallies (not read again); the person's roles read with
    # the locked item.
    # -2 (issue 16, every signed-in request): the person, their signed-in session and their
    # membership read by one statement (tayang.accounts.signed_in), not three.
    # -1 (issue 16, the effects): the wake-ups of the visit left not marked stale.
    # -1 (issue 16): the item's files read with the locked item (a JSON subquery).
    # -3 (issue 16, the tallies): the step and day tallies and the item's late sum are the
    # worker's sweep's (evaluation/sweep.py); the visit's UPDATE carries the mark.
    # -1 (issue 16, every signed-in request): the session's row read with the person, their
    # signed-in session and membership (tayang.accounts.signed_in): one statement, not two.
    assert len(handing_in) == 13, "\n".join(q[:150] for q in handing_in)
    # Approval 23 → 20 in the benchmark's flow (the item read once, the wake-ups, the
    # notification).
    # -2 (issue 16): the visit closed returned by its UPDATE to the tallies; the roles read
    # with the locked item.
    # -2: the signed-in prefix, as above.
    # -1 (issue 16, the effects): the wake-ups of the visit left not marked stale.
    # -1 (issue 16, the tallies): the step tallies are the worker's sweep's.
    # -1 (issue 16, every signed-in request): the session's row read with the person, their
    # signed-in session and membership (tayang.accounts.signed_in): one statement, not two.
    assert len(approving) == 12, "\n".join(q[:150] for q in approving)
    for found in (handing_in, approving):
        assert sum('FROM "items_item"' in sql for sql in found) == 1, found
        # No tally written; the visit closed carries the sweep's mark in its own UPDATE.
        assert not any("evaluation_" in sql for sql in found), found
        assert any(sql.startswith('UPDATE "items_stepvisit"') and "untallied" in sql
                   for sql in found), found
        # Only the columns the action changed: the content (compressed JSON) is left alone.
        assert not any(sql.startswith('UPDATE "items_item"') and '"values"' in sql
                       for sql in found), found
        # The action's own transaction only (a savepoint here: the test runs in one).
        assert sum(sql.startswith("SAVEPOINT") for sql in found) == 1, found
        assert sum('UPDATE "items_item"' in sql for sql in found) == 1, found
        # The new visit's wake-ups, one INSERT; those of the visit left stay pending.
        assert sum('"notify_wakeup"' in sql for sql in found) == 1, found


def test_the_create_post(world):
    """*Konten baru* sent (the benchmark's first POST)."""
    client = login(world.holder(world.sop.first_step.roles[0]))
    client.get(url(world, "inbox"))
    data = {"title": "Sosialisasi perizinan daring", "activity_date": "2026-03-02",
            "place": "Balai Desa Wonosari", "narrative": "Kegiatan berjalan lancar. " * 20,
            "caption": "Sosialisasi perizinan di Wonosari"}
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url(world, "item-create", procedure=world.procedure.key), data)
    assert response.status_code == 302, response.status_code
    assert Item.objects.filter(title="Sosialisasi perizinan daring").exists()
    found = [query["sql"] for query in captured.captured_queries]
    # 28 → 17 in the benchmark's flow (27 → 16 here): the SOP version and the person's roles
    # read once, no DIP entries or channels read for a form that does not show them, no
    # savepoint inside the form's transaction; and for a new item no previous revision,
    # spelling check or wake-ups looked for or marked stale.
    # -2 (issue 16, every signed-in request): the person, their signed-in session and their
    # membership read by one statement (tayang.accounts.signed_in), not three.
    # -2 (issue 16): the SOP, its current version and the person's roles in one statement
    # (workflow.starting).
    # -1 (issue 16, every signed-in request): the session's row read with the person, their
    # signed-in session and membership (tayang.accounts.signed_in): one statement, not two.
    # +1 here, none in a real request: the spelling check's task row are written inside the
    # action's transaction, just before it ends (tayang/outbox/batch.py atomic); they were
    # written after its commit, in a transaction of their own, unseen by this test.
    assert len(found) == 12, "\n".join(q[:150] for q in found)
    assert tasks_written_in_the_action(found)
    assert sum("procedures_procedureversion" in sql for sql in found) == 1, found
    assert sum("procedures_rolegrant" in sql for sql in found) == 1, found
    assert sum("procedures_procedure\"" in sql for sql in found) == 1, found
    assert not any('UPDATE "notify_wakeup"' in sql or "language_spellingcheck\" WHERE" in sql
                   for sql in found), found


def test_the_edit_form_post(world):
    """Alt texts corrected on the edit form (the benchmark's second POST)."""
    item = ready_item(world)
    client = login(item.created_by)
    client.get(url(world, "inbox"))
    data: dict[str, object] = {key: value for key, value in item.values.items()
                               if isinstance(value, str)}
    data["version"] = item.version
    for entry in item.values["media"]:
        data[f"media__present__{entry['id']}"] = "1"
        data[f"media__keep__{entry['id']}"] = "on"
        data[f"media__alt__{entry['id']}"] = f"Peserta pelatihan di aula, foto nomor {entry['id']}"
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url(world, "item-edit", pk=item.pk), data)
    assert response.status_code == 302, response.status_code
    item.refresh_from_db()
    assert item.values["media"][0]["alt"].startswith("Peserta pelatihan di aula, foto nomor")
    found = [query["sql"] for query in captured.captured_queries]
    # 32 → 20 in the benchmark's flow: besides the action's own savings, no savepoint inside
    # the form's transaction, the files read once for the engine, the checks and the photos'
    # names, no DIP entries for an SOP without a DIP field, the channel fieldset's channels and
    # choices not read when the fieldset was not sent, and the search index left alone when
    # the words did not change. -1 (issue 16): the roles read with the locked item.
    # -2 (issue 16, every signed-in request): the person, their signed-in session and their
    # membership read by one statement (tayang.accounts.signed_in), not three.
    # -1 (issue 16, the effects): the wake-ups re-asked by one upsert (they were read, then
    # each moved one updated), the spelling check's row by one upsert that writes nothing
    # when the text was already asked for (it was a read).
    # -3 (issue 16): the form is checked and filled from the item as the action reads it,
    # locked (workflow.lock): the item, its files and the person's roles read once.
    # -1: its files read with it (a JSON subquery).
    # -1 (issue 16, every signed-in request): the session's row read with the person, their
    # signed-in session and membership (tayang.accounts.signed_in): one statement, not two.
    assert len(found) == 11, "\n".join(q[:150] for q in found)
    assert sum('FROM "items_item"' in sql for sql in found) == 1, found
    assert not any(sql.startswith('SELECT "media_mediaasset"') for sql in found), found
    assert not any(sql.startswith('SELECT "procedures_rolegrant"') for sql in found), found
    assert not any("channels_channel" in sql or "dip_entry" in sql or "items_search" in sql
                   for sql in found), found


def test_the_member_check_where_two_factor_sign_in_is_required(world):
    """A member who has it on costs the check nothing more, whatever their grants."""
    from django.utils import timezone

    from tayang.accounts.models import TwoFactor

    reviewer = world.holder("tim_pertimbangan")
    client = login(reviewer)
    TwoFactor.objects.create(user=reviewer, sealed_secret="-", confirmed_at=timezone.now())
    free = queries_of(client, url(world, "inbox"))
    world.org.require_two_factor = True
    world.org.save(update_fields=["require_two_factor"])
    required = queries_of(client, url(world, "inbox"))
    # Was 4 more: the member's grants, each SOP's current version, the user again, the 2FA row;
    # then 1 (the 2FA row); now none: whether it is on is read with the membership.
    assert len(required) == len(free), required
    assert sum("accounts_twofactor" in sql for sql in required) == 1, required


def test_the_inbox_does_not_query_per_row(world):
    reviewer = login(world.holder("tim_pertimbangan"))
    author = login(world.holder("tim_pelaksana"))
    handed_in(world, 2)
    few = (queries_of(reviewer, url(world, "inbox")), queries_of(author, url(world, "inbox")))
    handed_in(world, 6)
    more = (queries_of(reviewer, url(world, "inbox")), queries_of(author, url(world, "inbox")))
    assert [len(q) for q in few] == [len(q) for q in more]
    # 13 with the header's unread-notification count (one indexed count, tayang.notify), and
    # one for the written responses of the rows that were sent back (issue 15), and one for
    # whether the navigation offers the dashboard to a member who is neither admin nor PPID
    # (tayang.evaluation.access, issue 13): 15 then. 12 since the session is read with the
    # person (issue 16, tayang.accounts.signed_in) and the bound was made tight.
    assert len(more[0]) <= 12, more[0]
    # The content and the SOP texts are not what a list reads.
    assert not any('"items_item"."values"' in sql for sql in more[0] + more[1])


def test_the_register_does_not_query_per_row(world):
    admin = login(world.admin)
    handed_in(world, 2)
    few = queries_of(admin, url(world, "register"))
    handed_in(world, 6, END)
    more = queries_of(admin, url(world, "register"))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE items_search")  # as autovacuum does to a used table
        fulltext_query.forget_sizes()
        fulltext_query.asked("items_search", ["kegiatan"])  # its size read, as every 10 min
    searched = queries_of(admin, url(world, "register"), q="kegiatan", status="finished")
    # A search on SQLite also reads how many items its words are in (the index's vocabulary,
    # tayang.items.fulltext_query): one statement for the page and its count, whatever the
    # number of words or rows; and, to choose how to count, the organization's share of the
    # index (its register counters). On PostgreSQL: the planner's estimate of the matches
    # and, as they are few, the matches read once for the page and its count.
    vocabulary = 2
    assert len(few) == len(more) == len(searched) - vocabulary
    # 13 with the header's unread-notification count; 8 since the session is read with the
    # person (issue 16, tayang.accounts.signed_in) and the bound was made tight.
    assert len(more) <= 8, more
    # A filtered count stops at a limit and does not compute the page's step counts; on
    # PostgreSQL the collected matches are counted with the page's ids taken from them, in
    # one statement (tayang.workspace.collected_page).
    [counting] = [sql for sql in searched
                  if "COUNT(*)" in sql.upper() and "notify_notification" not in sql]
    assert "items_stepvisit" not in counting, counting
    if connection.vendor == "postgresql":
        assert "array_agg" in counting, counting
    else:
        assert "LIMIT 1001" in counting, counting
    assert not any('"items_item"."values"' in sql or "procedureversion\".\"text" in sql
                   for sql in more)


def public_queries_of(path: str) -> list[str]:
    """The statements of an uncached public page asked for a second time, the host table
    forgotten just before it (kept 5 s per process: read or not depending on how long the
    first request took on a loaded machine)."""
    client = Client()
    assert client.get(path).status_code == 200  # what is kept per state of the site
    forget_hostnames()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, response.status_code
    return [query["sql"] for query in captured.captured_queries]


def test_the_news_list_neither_groups_nor_counts_the_articles(world, settings):
    settings.TASKS = IMMEDIATE_TASKS
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    handed_in(world, 3, END)
    few = public_queries_of(f"/situs/{world.slug}/berita/")
    handed_in(world, 4, END)
    more = public_queries_of(f"/situs/{world.slug}/berita/")
    # The host table (no cache here), the site's state, the page's articles with their
    # covers: the category counts are read once per state of the site (tayang.public.per_state,
    # by the first request). Before: the state, the counts and the page (issue 16).
    assert len(few) == len(more) == 3, more
    assert not any("GROUP BY" in sql.upper() or "COUNT(" in sql.upper() for sql in more), more
    html = Client().get(f"/situs/{world.slug}/berita/").content.decode()
    assert '<span class="count">(7 berita)</span>' in html


def test_the_article_page(world, settings):
    settings.TASKS = IMMEDIATE_TASKS
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    [item] = handed_in(world, 1, END)
    path = f"/situs/{world.slug}/berita/{item.pk}/{item.article.slug}/"
    found = public_queries_of(path)
    # The host table (no cache here), the site's state (the cache key), the article with its
    # stored body; the related links are read once per state of the site (by the first
    # request). 7 before the stored body and the process's memo of the host table, then the
    # state, the article and the related links (issue 16).
    assert len(found) == 3, found
    assert not any(table in sql for sql in found for table in (
        "procedureversion", "items_itemrevision", "public_articlemedia", "media_mediaasset",
        "items_item\""))


def test_the_item_page(world):
    [item] = handed_in(world, 1, "putuskan")
    client = login(world.holder("sekretaris_ppid"))
    client.get(url(world, "item", pk=item.pk))
    found = queries_of(client, url(world, "item", pk=item.pk))
    # 16 when each part read the files again; +1 for the signed-in session's check, +1 for
    # the header's unread-notification count, +1 for whether the navigation offers the
    # dashboard (issue 13), +1 for the accessible formats' states (issue 14), +1 for the
    # stored spelling findings (issue 14; the accepted words are read only when any is found);
    # 19 then; 16 since the session is read with the person (issue 16,
    # tayang.accounts.signed_in) and the bound was made tight.
    assert len(found) <= 16, found
    # The revisions are listed, not read.
    assert not any('"items_itemrevision"."values"' in sql for sql in found)

