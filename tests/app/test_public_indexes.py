"""The website's article table has the indexes its queries read, and no others.

Every article query reads an article by its item (unique) or a site's articles in order through
``article_latest_idx`` / ``article_category_idx``, both leading with the organization: Django's
default single-column indexes on the organization, the slug and the category served nothing
(PostgreSQL also doubled the slugs' for ``LIKE``): 5 MB of 60 at 20,000 articles.
"""

from __future__ import annotations

import pytest
from django.db import connection

from tayang.public.models import Article


def _indexes() -> dict[str, tuple[str, ...]]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, Article._meta.db_table)
    return {name: tuple(details["columns"]) for name, details in found.items()
            if (details["index"] or details["unique"]) and not details["primary_key"]}


@pytest.mark.django_db
def test_no_index_of_the_article_table_is_one_no_query_reads():
    columns = _indexes().values()
    for unused in (("organization_id",), ("slug",), ("category_slug",)):
        assert unused not in columns


@pytest.mark.django_db
def test_the_indexes_the_site_lists_read_are_there():
    indexes = _indexes()
    assert indexes["article_latest_idx"] == ("organization_id", "published_at")
    assert indexes["article_category_idx"] == ("organization_id", "category_slug",
                                               "published_at")
    assert ("item_id",) in indexes.values()  # an article read by its item (unique)
