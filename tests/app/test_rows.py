"""``tayang.rows.updating.update_by_id`` writes what ``bulk_update`` wrote: the chosen
columns of each row, prepared by their fields (JSON, dates, foreign keys by id), and nothing
else."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tayang.public.models import Article
from tayang.rows.updating import update_by_id

from .public_world import IMMEDIATE_TASKS, Sites, make_sites

pytestmark = pytest.mark.django_db


@pytest.fixture
def sites(db, settings, django_capture_on_commit_callbacks) -> Sites:
    settings.TASKS = IMMEDIATE_TASKS
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    return make_sites(django_capture_on_commit_callbacks)


def test_each_row_gets_its_own_values_of_the_chosen_columns_only(sites):
    first = Article.objects.get(item=sites.published("Berita pertama"))
    second = Article.objects.get(item=sites.published("Berita kedua"))
    untouched_lead = second.lead
    first.title, first.body = "Judul baru", {"html": "<p>Isi “baru”</p>", "token": "t"}
    first.published_at += timedelta(days=3)
    second.title, second.lead = "Judul lain", "tidak ditulis"
    with CaptureQueriesContext(connection) as queries:
        assert update_by_id(Article, [first, second], ["title", "body", "published_at"]) == 2
    assert len(queries.captured_queries) == 1  # one statement, executed per row
    again = {article.pk: article for article in Article.objects.filter(
        pk__in=[first.pk, second.pk])}
    assert again[first.pk].title == "Judul baru"
    assert again[first.pk].body == {"html": "<p>Isi “baru”</p>", "token": "t"}
    assert again[first.pk].published_at == first.published_at
    assert again[second.pk].title == "Judul lain"
    assert again[second.pk].lead == untouched_lead  # a column not chosen is not written


def test_nothing_to_write_sends_nothing(sites):
    with CaptureQueriesContext(connection) as queries:
        assert update_by_id(Article, [], ["title"]) == 0
    assert queries.captured_queries == []
