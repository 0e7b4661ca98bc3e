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
from tayang.items.models import Item
from tayang.items.workflow import perform
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


def test_the_publish_post(world, django_assert_max_num_queries):
    item = drive(world, ready_item(world), "unggah")
    client = login(world.holder("admin_medsos"))
    client.get(url(world, "inbox"))  # the session and the host table, as a person has them
    step = world.sop.step(item.step)
    # +1 since sessions are tracked (tayang.accounts.sessions checks the signed-in session);
    # +2 since notifications: the item's publications, read to tell the authors once every
    # channel settled, and the item's pending wake-ups, marked stale as it leaves the step.
    # -2 since the action's files are read once (items/assets.py), not by the engine, the
    # channels' limits and the article each.
    # +3 for the evaluation's tallies (issue 13, point 4), in the action's transaction: the
    # item's visits at the step it leaves, read once, one upsert of the step sums, and one of
    # the day's count of publications (hand-ins, send-backs and refusals count there too).
    # -4 since the site's state is raised by one upsert (was an update, then a get-or-create
    # on the site's first publication); +1 for the public search's words (issue 16).
    with django_assert_max_num_queries(31):
        response = client.post(url(world, "item-act", pk=item.pk, action="publish"), {
            "version": item.version,
            "confirmed": [r.text for r in step.requirements if r.is_checklist],
        })
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "finished"


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
    # (tayang.evaluation.access, issue 13).
    assert len(more[0]) <= 15, more[0]
    # The content and the SOP texts are not what a list reads.
    assert not any('"items_item"."values"' in sql for sql in more[0] + more[1])


def test_the_register_does_not_query_per_row(world):
    admin = login(world.admin)
    handed_in(world, 2)
    few = queries_of(admin, url(world, "register"))
    handed_in(world, 6, END)
    more = queries_of(admin, url(world, "register"))
    searched = queries_of(admin, url(world, "register"), q="kegiatan", status="finished")
    assert len(few) == len(more) == len(searched)
    assert len(more) <= 13, more  # 13 with the header's unread-notification count
    # A filtered count stops at a limit and does not compute the page's step counts.
    [counting] = [sql for sql in searched
                  if "COUNT(*)" in sql.upper() and "notify_notification" not in sql]
    assert "LIMIT 1001" in counting and "items_stepvisit" not in counting, counting
    assert not any('"items_item"."values"' in sql or "procedureversion\".\"text" in sql
                   for sql in more)


def test_the_news_list_neither_groups_nor_counts_the_articles(world, settings):
    settings.TASKS = IMMEDIATE_TASKS
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    handed_in(world, 3, END)
    client = Client()
    few = queries_of(client, f"/situs/{world.slug}/berita/")
    handed_in(world, 4, END)
    more = queries_of(client, f"/situs/{world.slug}/berita/")
    assert len(few) == len(more) <= 6, more  # with no cache, the host table is read too
    assert not any("GROUP BY" in sql.upper() or "COUNT(" in sql.upper() for sql in more), more
    html = client.get(f"/situs/{world.slug}/berita/").content.decode()
    assert '<span class="count">(7 berita)</span>' in html


def test_the_article_page(world, settings):
    settings.TASKS = IMMEDIATE_TASKS
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    [item] = handed_in(world, 1, END)
    path = f"/situs/{world.slug}/berita/{item.pk}/{item.article.slug}/"
    found = queries_of(Client(), path)
    # The site's state (the cache key), the article with its stored body, the related links:
    # 7 before the stored body and the process's memo of the host table (issue 16).
    assert len(found) <= 3, found
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
    # stored spelling findings (issue 14; the accepted words are read only when any is found).
    assert len(found) <= 19, found
    # The revisions are listed, not read.
    assert not any('"items_itemrevision"."values"' in sql for sql in found)

