"""Bringing every article in step with the website publications, in bulk.

For upgrades (items published before the public site existed), repairs, and after renaming a
procedure (``full``: its name is the category of items without a choice field). It works per
organization, in one transaction each: which publications are published and which articles
exist are read in two queries, and only what is missing or stale is built — an article whose
publication and revision are those shown already is left alone, so a site of 20,000 articles
that is in step is checked in milliseconds, not rebuilt at every start. What is built is built
in batches (a few queries per 500 articles); the category counts are counted again, and the
site's generation goes up once, only when something changed.
"""

from __future__ import annotations

import json
from collections import defaultdict
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import Count

from tayang.items.content import asset_ids
from tayang.items.fields import text_of
from tayang.items.models import Item, ItemRevision, Publication
from tayang.items.records import WEBSITE_CHANNEL
from tayang.items.revisions import resolved
from tayang.media.models import MediaAsset
from tayang.orgs.models import Organization
from tayang.outbox.batch import enqueue_all
from tayang.public import body
from tayang.public.content import public_content
from tayang.public.index import (
    article_fields,
    body_fields,
    bump,
    forget_articles_gone,
    forget_words,
    index_words,
    kept_search_text,
    media_rows,
    with_routing,
)
from tayang.public.models import Article, ArticleMedia, CategoryCount
from tayang.public.sites import canonical_url
from tayang.public.tasks import prepare_article
from tayang.rows.updating import update_by_id

BATCH = 500


def reindex(organization_id: int | None = None, *, full: bool = False,
            bodies: bool = True) -> tuple[int, int]:
    """(articles built, articles hidden) over one organization or all.

    ``bodies``: also build the articles whose stored body an earlier version rendered
    (:mod:`tayang.public.body`). A start of ``make run`` leaves them to the page, which renders
    a stale body on its first visit and stores it, so a start after an upgrade stays within
    seconds (rendering 20,000 bodies takes minutes)."""
    organizations = (
        [organization_id] if organization_id is not None
        else list(Organization.objects.order_by("pk").values_list("pk", flat=True))
    )
    shown = hidden = 0
    if full and organization_id is None:
        if kept_search_text("") is None:
            # PostgreSQL: the articles keep no words to index again; the rebuild below
            # writes each article's words, and the index forgets those of articles gone.
            forget_articles_gone()
        else:
            rebuild_search()
    for pk in organizations:
        with transaction.atomic():
            built, removed = _organization(pk, full=full, bodies=bodies)
        shown, hidden = shown + built, hidden + removed
    return shown, hidden


def rebuild_search(apps: Any = None) -> int:
    """Index every article's words again, from the words each article keeps, in one
    transaction (after a restore, or when the index was made); returns how many. A migration
    passes its ``apps``. On PostgreSQL an article keeps no words (``kept_search_text``): they
    are made again from each article's published content, by rebuilding every article
    (:func:`reindex` with ``full``); a migration reads the words its articles kept then."""
    from django.apps import apps as installed

    if apps is None and kept_search_text("") is None:
        forget_articles_gone()
        organizations = Organization.objects.order_by("pk").values_list("pk", flat=True)
        return sum(reindex(pk, full=True)[0] for pk in organizations)

    from tayang.items import fulltext
    from tayang.public.models import SEARCH_INDEX

    articles = (apps or installed).get_model("public", "Article").objects.order_by("item_id")
    done = last = 0
    with transaction.atomic():
        fulltext.clear(SEARCH_INDEX)
        while batch := list(articles.filter(item_id__gt=last)
                            .values_list("item_id", "search_text")[:BATCH * 4]):
            fulltext.write(SEARCH_INDEX, [(item_id, text, None) for item_id, text in batch
                                          if text is not None])
            done += len(batch)
            last = batch[-1][0]
    return done


def _organization(organization_id: int, *, full: bool, bodies: bool) -> tuple[int, int]:
    publications = {
        row["item_id"]: row
        for row in Publication.objects.filter(
            channel=WEBSITE_CHANNEL, item__organization_id=organization_id,
            state=Publication.State.PUBLISHED,
        ).values("pk", "item_id", "revision", "published_at", "requested_at", "url")
    }
    articles = {
        row["item_id"]: row
        for row in Article.objects.filter(organization_id=organization_id).values(
            "pk", "item_id", "publication_id", "revision", "media_ready",
            "category_slug", "category_label", "body_version")
    }
    gone = [item_id for item_id in articles if item_id not in publications]
    forget_words(list(_search_texts(gone).items()))
    Article.objects.filter(item_id__in=gone).delete()
    todo = [
        publication for item_id, publication in publications.items()
        if full or item_id not in articles
        or articles[item_id]["revision"] != publication["revision"]
        or articles[item_id]["publication_id"] != publication["pk"]
        # A body made by another version of its template is never served: made again.
        or (bodies and articles[item_id]["body_version"] != body.VERSION)
    ]
    for start in range(0, len(todo), BATCH):
        _build(todo[start:start + BATCH], articles)
    if todo or gone:
        _recount(organization_id)
        bump(organization_id)
    waiting = list(Article.objects.filter(organization_id=organization_id, media_ready=False)
                   .values_list("item_id", flat=True))
    # Enqueued in rows of ``BATCH`` per statement, not one each: a site of 670,000 articles
    # rebuilt took minutes of single INSERTs after its transaction.
    for start in range(0, len(waiting), BATCH):
        transaction.on_commit(partial(enqueue_all, [
            (prepare_article, (item_id,), None) for item_id in waiting[start:start + BATCH]]))
    return len(todo), len(gone)


def _published_contents(items: dict[int, Item], published: dict[int, int]
                        ) -> dict[tuple[int, int], tuple[Any, Any]]:
    """The content and time of each item's published revision, by (item, number): the
    revisions from it up to the latest, as an older one is stored against the next
    (``items.revisions``); the usual published revision is the latest, borrowing the item's."""
    by_item: dict[int, list[tuple[int, Any, Any]]] = defaultdict(list)
    for item_id, number, values, created_at in (
        ItemRevision.objects.filter(item_id__in=list(published),
                                    number__gte=min(published.values(), default=0))
        .order_by("item_id", "-number").values_list("item_id", "number", "values", "created_at")
    ):
        if number >= published[item_id]:
            by_item[item_id].append((number, values, created_at))
    found: dict[tuple[int, int], tuple[Any, Any]] = {}
    for item_id, rows in by_item.items():
        number, item = published[item_id], items[item_id]
        texts = resolved([(n, values) for n, values, _ in rows],
                         lambda item=item: text_of(item.values))
        found[(item_id, number)] = (json.loads(texts[number]), rows[-1][2])
    return found


def _build(publications: list[dict[str, Any]], articles: dict[int, dict[str, Any]]) -> None:
    ids = [publication["item_id"] for publication in publications]
    items = Item.objects.select_related(
        "organization", "procedure", "procedure_version", "unit").in_bulk(ids)
    revisions = _published_contents(items, {row["item_id"]: row["revision"]
                                            for row in publications})
    assets: dict[int, dict[int, MediaAsset]] = defaultdict(dict)
    for asset in MediaAsset.objects.filter(item_id__in=ids):
        assets[asset.item_id][asset.pk] = asset  # type: ignore[index]
    made: list[tuple[Article, Any, str]] = []
    urls: list[Publication] = []
    for row in publications:
        item = items[row["item_id"]]
        values, revised_at = revisions[(item.pk, row["revision"])]
        sop = item.procedure_version.sop
        own = {pk: asset for pk, asset in assets[item.pk].items()
               if pk in asset_ids(sop, values)}
        content = public_content(sop, with_routing(sop, values, item.values), own)
        publication = Publication(pk=row["pk"], item=item, revision=row["revision"],
                                  published_at=row["published_at"],
                                  requested_at=row["requested_at"])
        previous = articles.get(item.pk)
        fields = article_fields(item, publication, revised_at, content, previous)
        fields.update(body_fields(item, fields["title"], sop, values, content))
        words = fields["search_text"]
        fields["search_text"] = kept_search_text(words)
        article = Article(pk=previous["pk"] if previous else None, item=item, **fields)
        made.append((article, content, words))
        url = canonical_url(item.organization, "public:article", pk=item.pk, slug=article.slug)
        if row["url"] != url[:500]:  # a full rebuild rewrites no publication it leaves as is
            urls.append(Publication(pk=row["pk"], url=url[:500]))
    existing = [article for article, _, _ in made if article.pk is not None]
    indexed = _search_texts([article.item_id for article in existing])  # before it changes
    update_by_id(Article, existing, [
        "organization_id", "publication_id", "revision", "slug", "title", "lead", "place",
        "unit_name", "activity_date", "category_slug", "category_label", "cover",
        "cover_alt", "search_text", "published_at", "revised_at", "media_ready",
        "body", "body_version",
    ])
    ArticleMedia.objects.filter(article__in=existing).delete()
    Article.objects.bulk_create([article for article, _, _ in made if article.pk is None],
                                batch_size=BATCH)
    ArticleMedia.objects.bulk_create(
        [media for article, content, _ in made for media in media_rows(article.pk, content)],
        batch_size=BATCH)
    update_by_id(Publication, urls, ["url"])
    index_words([(article.item_id, words, indexed.get(article.item_id))
                 for article, _, words in made])


def _search_texts(item_ids: list[int]) -> dict[int, str | None]:
    """The words the public search holds for these items' articles (to forget them)."""
    found: dict[int, str | None] = {}
    for start in range(0, len(item_ids), BATCH):
        found.update(Article.objects.filter(item_id__in=item_ids[start:start + BATCH])
                     .values_list("item_id", "search_text"))
    return found


def _recount(organization_id: int) -> None:
    CategoryCount.objects.filter(organization_id=organization_id).delete()
    CategoryCount.objects.bulk_create(
        CategoryCount(organization_id=organization_id, slug=row["category_slug"],
                      label=row["category_label"], count=row["n"])
        for row in Article.objects.filter(organization_id=organization_id)
        .values("category_slug", "category_label").annotate(n=Count("pk")).order_by()
    )
