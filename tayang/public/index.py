"""Keeping the website's articles exactly in step with the website publications.

:func:`sync` runs inside the transaction that publishes or withdraws an item (through the
``publication_changed`` signal), so the website changes exactly when the publication does: a
rolled-back publish shows nothing, a withdrawal hides the item in the same commit. The media
derivatives are enqueued on commit, never before, so a worker never looks for an article that
is not there yet.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any

from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils import timezone

from tayang.items import fulltext, public_words
from tayang.items.assets import named_assets
from tayang.items.models import Item, ItemRevision, Publication
from tayang.items.records import WEBSITE_CHANNEL
from tayang.items.revisions import content_and_time
from tayang.outbox.batch import enqueue_on_commit
from tayang.public import body
from tayang.public.addresses import address_of_article, article_slug
from tayang.public.categories import category_of
from tayang.public.content import PublicContent, public_content
from tayang.public.models import SEARCH_INDEX, Article, ArticleMedia
from tayang.public.tasks import prepare_article
from tayang.rows.inserting import insert
from tayang.rows.inserting import new as new_row
from tayang.sop.model import FieldKind, Sop


def sync(publication: Publication, *, first: bool = False) -> Article | None:
    """Show the item as its website publication says, or hide it; inside the caller's atomic.

    ``first``: the publish action of an item never published before (the engine's
    ``PublishRequested.first``): it has no article yet, none is looked for."""
    if publication.channel != WEBSITE_CHANNEL:
        return None
    # The publish action hands over the item it has just saved (with its organization,
    # procedure and version); anything else reads it once.
    item = (publication.item if Publication.item.is_cached(publication)  # type: ignore[attr-defined]
            else Item.objects.select_related("organization", "procedure", "procedure_version")
            .get(pk=publication.item_id))
    previous = None if first else (
        Article.objects.filter(item_id=item.pk)
        .values("pk", "revision", "media_ready", "category_slug", "category_label",
                "search_text")
        .first())
    if publication.state != Publication.State.PUBLISHED:
        if previous is not None:
            Article.objects.filter(pk=previous["pk"]).delete()
            forget_words([(item.pk, previous["search_text"])])
            count_category(item.organization_id, previous["category_slug"],
                           previous["category_label"], -1)
            bump(item.organization_id)
        return None
    published, revised_at = _published_revision(item, publication)
    sop = item.procedure_version.sop
    # Only the item's own files, whatever the stored content says.
    assets = named_assets(item, sop, published, own=True)
    content = public_content(sop, with_routing(sop, published, item.values), assets)
    fields = article_fields(item, publication, revised_at, content, previous)
    fields.update(body_fields(item, fields["title"], sop, published, content))
    words = fields["search_text"]
    fields["search_text"] = kept_search_text(words)
    if previous is None:
        # Prepared INSERTs (tayang/rows/inserting.py): the ORM's compiler cost more than the SQL.
        article = Article(item=item, **fields)
        insert([article])
    else:
        Article.objects.filter(pk=previous["pk"]).update(**fields)
        article = Article(pk=previous["pk"], item=item, **fields)
        ArticleMedia.objects.filter(article_id=article.pk).delete()
    insert(media_rows(article.pk, content))
    index_words([(item.pk, words, previous["search_text"] if previous else None)])
    _count_change(item.organization_id, previous, fields)
    # The publish action writes the address with the row (``channels/outbox.py``); it is
    # written here when the article's title names another one, or for any other caller.
    url = address_of_article(item, fields["slug"])
    if publication.url != url:
        Publication.objects.filter(pk=publication.pk).update(url=url)
        publication.url = url
    bump(item.organization_id)
    if not article.media_ready:
        enqueue_on_commit(prepare_article, item.pk)  # with the action's other tasks
    return article


def body_fields(item: Item, title: str, sop: Sop, published: dict[str, Any],
                content: PublicContent) -> dict[str, Any]:
    """The article's stored body (:mod:`tayang.public.body`) for its published content."""
    return {"body": body.rendered(item.organization, item.pk, title, sop, published, content),
            "body_version": body.VERSION}


def index_words(rows: list[tuple[int, str, str | None]]) -> None:
    """Set the public search's words of articles: (item id, search text, the search text
    indexed before or None). The index is keyed by item, as an article is at most one per
    item; a contentless index forgets words only when told them, hence the previous text.
    PostgreSQL keeps them in the item's row of the register's index
    (:mod:`tayang.items.public_words`)."""
    if connection.vendor == "postgresql":
        public_words.write((item_id, text) for item_id, text, _ in rows)
    else:
        fulltext.write(SEARCH_INDEX, rows)


def kept_search_text(words: str) -> str | None:
    """What the article row keeps of the words its search indexed: only SQLite's contentless
    index needs them, to be told them again to forget them; PostgreSQL forgets by the item's
    id and keeps the words in the index's own vector (the article table's 10 MB at 20,000
    articles, docs/performance.md, "The PostgreSQL database's own size")."""
    return None if connection.vendor == "postgresql" else words


def forget_articles_gone() -> None:
    """Take out of the public search every item that has no article, before a rebuild that
    writes the words of those that have (PostgreSQL: SQLite's contentless index forgets only
    the rows it is told the words of)."""
    public_words.forget_without(Article._meta.db_table)


def forget_all_words() -> None:
    """Empty the public search (before its words are written again)."""
    if connection.vendor == "postgresql":
        public_words.forget_all()
    else:
        fulltext.clear(SEARCH_INDEX)


def forget_words(rows: list[tuple[int, str | None]]) -> None:
    """Take withdrawn articles out of the public search: (item id, search text indexed)."""
    if connection.vendor == "postgresql":
        public_words.forget([item_id for item_id, _ in rows])
    else:
        fulltext.forget(SEARCH_INDEX, rows)


def count_category(organization_id: int, slug: str, label: str, delta: int) -> None:
    """Add ``delta`` to a category's count, making its row on first use (one statement)."""
    with connection.cursor() as cursor:
        if delta > 0:
            cursor.execute(
                "INSERT INTO public_categorycount (organization_id, slug, label, count) "
                "VALUES (%s, %s, %s, %s) ON CONFLICT (organization_id, slug, label) "
                "DO UPDATE SET count = public_categorycount.count + excluded.count",
                [organization_id, slug, label, delta],
            )
        else:
            cursor.execute(
                "UPDATE public_categorycount SET count = count - %s WHERE organization_id = %s "
                "AND slug = %s AND label = %s AND count >= %s",
                [-delta, organization_id, slug, label, -delta],
            )


def _count_change(organization_id: int, previous: dict[str, Any] | None,
                  fields: dict[str, Any]) -> None:
    new = (fields["category_slug"], fields["category_label"])
    if previous is not None:
        old = (previous["category_slug"], previous["category_label"])
        if old == new:
            return
        count_category(organization_id, *old, -1)
    count_category(organization_id, *new, 1)


def _published_revision(item: Item, publication: Publication
                        ) -> tuple[dict[str, Any], datetime | RawSQL]:
    """The published revision's content and time; its content is the item's own when the
    item has not changed since (the usual publish), so the kilobytes are not read twice,
    and its time is then read by the article's own INSERT or UPDATE (a subquery, written out)."""
    if publication.revision == item.revision:
        return item.values, RawSQL(_revision_date_sql(), (item.pk, publication.revision))
    return content_and_time(item.pk, publication.revision)


@lru_cache(maxsize=1)
def _revision_date_sql() -> str:
    revisions = connection.ops.quote_name(ItemRevision._meta.db_table)
    return f"SELECT r.created_at FROM {revisions} AS r WHERE r.item_id = %s AND r.number = %s"


def bump(organization_id: int) -> None:
    """Everything the organization's site showed may have changed: new cache keys and ETags.

    One statement whether or not the site's state row exists yet (an update, then a
    get-or-create, were five on an organization's first publication)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO public_sitestate (organization_id, generation, changed_at) "
            "VALUES (%s, 1, %s) ON CONFLICT (organization_id) DO UPDATE SET "
            "generation = public_sitestate.generation + 1, changed_at = excluded.changed_at",
            [organization_id, connection.ops.adapt_datetimefield_value(timezone.now())],
        )


def with_routing(
    sop: Sop, published: dict[str, object], current: dict[str, object]
) -> dict[str, object]:
    """The published content plus the choices made on the item's route (seed C's category).

    A route choice is recorded on the item, not as a revision of its content (choosing who
    approves does not change what is approved), so the published revision may lack it.
    """
    routing = {
        item_field.key for item_field in sop.fields
        if item_field.kind is FieldKind.CHOICE and not published.get(item_field.key)
    }
    return {**published, **{key: current[key] for key in routing if current.get(key)}}


def article_fields(
    item: Item, publication: Publication, revised_at: datetime | RawSQL,
    content: PublicContent,
    previous: dict[str, Any] | None,
) -> dict[str, Any]:
    """An article's columns (all but the item) for the content of one published revision."""
    title = content.title or item.title or f"Berita #{item.pk}"
    category_slug, category_label = category_of(
        content, item.procedure, item.procedure_version.sop.website_section
    )
    photos = content.photos
    cover = photos[0] if photos else None
    unit = item.unit.name if item.unit else ""
    return {
        "organization_id": item.organization_id,
        "publication_id": publication.pk,
        "revision": publication.revision,
        "slug": article_slug(title),
        "title": title[:300],
        "lead": content.lead,
        "place": content.place[:300],
        "unit_name": unit[:200],
        "activity_date": content.activity_date or item.activity_date,
        "category_slug": category_slug,
        "category_label": category_label,
        "cover": cover.asset if cover else None,
        "cover_alt": cover.alt[:1000] if cover else "",
        "search_text": content.search_text(unit, category_label),
        "published_at": publication.published_at or publication.requested_at,
        "revised_at": revised_at,
        # Same revision again (a re-index): its derivatives are still there.
        "media_ready": bool(previous and previous["revision"] == publication.revision
                            and previous["media_ready"]),
    }


def media_rows(article_id: int, content: PublicContent) -> list[ArticleMedia]:
    return [
        new_row(ArticleMedia, article_id=article_id, asset=attachment.asset,
                     field_key=attachment.field_key, position=position,
                     alt=attachment.alt[:1000])
        for position, attachment in enumerate(content.attachments)
    ]
