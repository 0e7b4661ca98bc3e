"""``public_reindex --missing`` (what ``make run`` runs at every start): only what is missing
or stale is synced, and an index that is whole is left alone — no rebuild, no new cache
generation."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from tayang.items.models import Publication
from tayang.public.models import Article, SiteState
from tayang.public.reindex import reindex

from .public_world import IMMEDIATE_TASKS, Sites, make_sites


@pytest.fixture
def sites(db, settings, django_capture_on_commit_callbacks) -> Sites:
    settings.TASKS = IMMEDIATE_TASKS
    return make_sites(django_capture_on_commit_callbacks)


def _generation(sites: Sites) -> int:
    return SiteState.objects.get(organization=sites.org).generation


def test_a_whole_index_is_left_alone(sites, django_assert_max_num_queries):
    sites.published("Kegiatan pertama")
    sites.published("Kegiatan kedua")
    before = list(Article.objects.order_by("pk").values())
    generation = _generation(sites)

    # The organizations, then per organization what is published and what is shown: a few
    # reads each, nothing written (no rebuild, no new cache generation, checked below).
    with django_assert_max_num_queries(12):
        assert reindex() == (0, 0)

    assert list(Article.objects.order_by("pk").values()) == before
    assert _generation(sites) == generation


def test_a_missing_article_is_added_and_a_stale_one_hidden(sites):
    shown = sites.published("Kegiatan yang tayang")
    withdrawn = sites.published("Kegiatan yang ditarik")
    # An older database: the first item's article was never written; the second item's
    # publication was withdrawn without its article going (a repair left half-done).
    Article.objects.filter(item=shown).delete()
    Publication.objects.filter(item=withdrawn, channel="website").update(
        state=Publication.State.WITHDRAWN)
    generation = _generation(sites)

    call_command("public_reindex", missing=True)

    assert Article.objects.filter(item=shown).exists()
    assert not Article.objects.filter(item=withdrawn).exists()
    assert _generation(sites) > generation  # the pages that showed the old index are gone
    assert reindex() == (0, 0)


def test_rebuilt_articles_wait_for_their_web_sizes_in_one_statement(
        sites, settings, django_capture_on_commit_callbacks):
    items = [sites.published(f"Kegiatan nomor {n}") for n in range(3)]
    Article.objects.filter(item__in=items).delete()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    DBTaskResult.objects.all().delete()
    with (CaptureQueriesContext(connection) as captured,
          django_capture_on_commit_callbacks(execute=True)):
        assert reindex(sites.org.pk) == (3, 0)
    waiting = DBTaskResult.objects.filter(task_path__endswith="prepare_article")
    assert sorted(row.args_kwargs["args"][0] for row in waiting) == sorted(
        item.pk for item in items)
    # One INSERT for the three, not one each (a site of 670,000 articles waited minutes).
    assert sum(query["sql"].startswith("INSERT") and "dbtaskresult" in query["sql"]
               for query in captured.captured_queries) == 1


def test_a_full_rebuild_rewrites_only_the_addresses_that_changed(sites):
    """Every article is built again, but a publication whose address stays is not written
    (on PostgreSQL each rewrite left a dead copy of the row: the whole table twice after a
    rebuild of a large site)."""
    kept = sites.published("Kegiatan pertama")
    lost = sites.published("Kegiatan kedua")
    website = Publication.objects.filter(channel="website")
    address = website.get(item=kept).url
    assert address
    website.filter(item=lost).update(url="")
    with CaptureQueriesContext(connection) as captured:
        assert reindex(sites.org.pk, full=True) == (2, 0)
    written = [query["sql"] for query in captured.captured_queries
               if "UPDATE" in query["sql"] and "items_publication" in query["sql"]]
    assert len(written) == 1 and written[0].startswith("1 times: UPDATE")
    assert website.get(item=kept).url == address
    assert website.get(item=lost).url.startswith(address.rsplit("/berita/", 1)[0])
