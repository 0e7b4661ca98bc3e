"""Many published items quickly: copies of a demo item that the product really published.

The demo builds every organization with items at each step through the product's own
services; one finished item with its website publication is then copied ``count`` times, row
by row (the item, its revisions, history, step visits, approvals, publications, public
article and its media), each copy with a register number of its own. Files are shared with
the original (an article's media rows point at the same assets): what is measured here is the
database, not the disk.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from datetime import timedelta

from django.db import models, transaction
from django.db.models import Max

BATCH = 500


def clone_published(count: int, *, organization_slug: str = "dinsos-diy") -> int:
    """Add ``count`` published copies of one published item of the organization."""
    from tayang.items.models import (
        Approval,
        Item,
        ItemRevision,
        LogEntry,
        Publication,
        RegisterCounter,
        StepVisit,
        WrittenResponse,
    )
    from tayang.public.models import Article, ArticleMedia

    template = (
        Item.objects.filter(organization__slug=organization_slug, article__isnull=False)
        .order_by("pk").first()
    )
    if template is None:
        raise RuntimeError(f"{organization_slug} has no published item to copy")
    children = [
        list(model.objects.filter(item=template))
        for model in (ItemRevision, LogEntry, StepVisit, WrittenResponse)
    ]
    approvals = list(Approval.objects.filter(item=template).order_by("pk"))
    publications = list(Publication.objects.filter(item=template).order_by("pk"))
    article = Article.objects.get(item=template)
    media = list(ArticleMedia.objects.filter(article=article))
    year = template.register_year
    first = (Item.objects.filter(organization_id=template.organization_id, register_year=year)
             .aggregate(Max("register_number"))["register_number__max"] or 0) + 1
    made = 0
    while made < count:
        size = min(BATCH, count - made)
        with transaction.atomic():
            items = Item.objects.bulk_create(
                _copy(template, register_number=first + made + n, title=f"{template.title} {n}",
                      published_at=template.published_at - timedelta(minutes=made + n))
                for n in range(size)
            )
            for rows in filter(None, children):
                type(rows[0]).objects.bulk_create(
                    _copy(row, item_id=item.pk) for item in items for row in rows
                )
            new_approvals = Approval.objects.bulk_create(
                _copy(row, item_id=item.pk) for item in items for row in approvals
            )
            approval_of = _mapping(items, approvals, new_approvals)
            new_publications = Publication.objects.bulk_create(
                _copy(row, item_id=item.pk,
                      approval_id=approval_of.get((item.pk, row.approval_id)),
                      idempotency_key=f"{row.idempotency_key}-{item.pk}")
                for item in items for row in publications
            )
            website = {p.item_id: p.pk for p in new_publications if p.channel == "website"}
            articles = Article.objects.bulk_create(
                _copy(article, item_id=item.pk, publication_id=website[item.pk],
                      title=item.title, published_at=item.published_at)
                for item in items
            )
            ArticleMedia.objects.bulk_create(
                _copy(row, article_id=new.pk) for new in articles for row in media
            )
        made += size
    RegisterCounter.objects.filter(organization_id=template.organization_id, year=year).update(
        last_number=first + count - 1
    )
    from tayang.evaluation.tallies import rebuild

    rebuild(template.organization_id)  # the copied step visits, in the evaluation's tallies
    return made


def _copy(row: models.Model, **changes: object) -> models.Model:
    clone = copy.copy(row)
    clone.pk = None
    clone._state = copy.copy(row._state)
    clone._state.adding = True
    for name, value in changes.items():
        setattr(clone, name, value)
    return clone


def _mapping(items: Iterable[models.Model], old: list[models.Model],
             new: list[models.Model]) -> dict[tuple[int, int], int]:
    """(new item id, old row id) → new row id, for rows made in the order of ``items``."""
    mapping = {}
    position = 0
    for item in items:
        for row in old:
            mapping[(item.pk, row.pk)] = new[position].pk
            position += 1
    return mapping
