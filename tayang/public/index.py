"""Keeping the website's articles exactly in step with the website publications.

:func:`sync` runs inside the transaction that publishes or withdraws an item (through the
``publication_changed`` signal), so the website changes exactly when the publication does: a
rolled-back publish shows nothing, a withdrawal hides the item in the same commit. The media
derivatives are enqueued on commit, never before, so a worker never looks for an article that
is not there yet.
"""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from tayang.items.content import asset_ids
from tayang.items.models import Item, ItemRevision, Publication
from tayang.items.records import WEBSITE_CHANNEL
from tayang.media.models import MediaAsset
from tayang.public.categories import category_of
from tayang.public.content import PublicContent, public_content
from tayang.public.models import Article, ArticleMedia, SiteState
from tayang.public.sites import canonical_url
from tayang.public.tasks import prepare_article
from tayang.sop.model import FieldKind, Sop


def sync(publication: Publication) -> Article | None:
    """Show the item as its website publication says, or hide it; inside the caller's atomic."""
    if publication.channel != WEBSITE_CHANNEL:
        return None
    item = Item.objects.select_related(
        "organization", "procedure", "procedure_version", "unit"
    ).get(pk=publication.item_id)
    if publication.state != Publication.State.PUBLISHED:
        deleted, _ = Article.objects.filter(item=item).delete()
        if deleted:
            bump(item.organization_id)
        return None
    revision = ItemRevision.objects.get(item=item, number=publication.revision)
    sop = item.procedure_version.sop
    # Only the item's own files, whatever the stored content says.
    assets = {
        asset.pk: asset
        for asset in MediaAsset.objects.filter(pk__in=asset_ids(sop, revision.values), item=item)
    }
    content = public_content(sop, _with_routing(sop, revision.values, item.values), assets)
    previous = Article.objects.filter(item=item).only("revision", "media_ready").first()
    article = _save_article(item, publication, revision, content, previous)
    ArticleMedia.objects.filter(article=article).delete()
    ArticleMedia.objects.bulk_create(
        ArticleMedia(article=article, asset=attachment.asset, field_key=attachment.field_key,
                     position=position, alt=attachment.alt[:1000])
        for position, attachment in enumerate(content.attachments)
    )
    url = canonical_url(item.organization, "public:article", pk=item.pk, slug=article.slug)
    Publication.objects.filter(pk=publication.pk).update(url=url[:500])
    bump(item.organization_id)
    if not article.media_ready:
        transaction.on_commit(partial(prepare_article.enqueue, item.pk))
    return article


def reindex(organization_id: int | None = None) -> tuple[int, int]:
    """Rebuild every article from the publications: (shown, hidden). For upgrades and repairs."""
    publications = Publication.objects.filter(channel=WEBSITE_CHANNEL)
    stale = Article.objects.exclude(publication__state=Publication.State.PUBLISHED)
    if organization_id is not None:
        publications = publications.filter(item__organization_id=organization_id)
        stale = stale.filter(organization_id=organization_id)
    shown = 0
    for publication in publications.filter(state=Publication.State.PUBLISHED).iterator():
        with transaction.atomic():
            shown += sync(publication) is not None
    hidden = 0
    for article in stale.select_related("publication"):
        with transaction.atomic():
            sync(article.publication)
            hidden += 1
    return shown, hidden


def bump(organization_id: int) -> None:
    """Everything the organization's site showed may have changed: new cache keys and ETags."""
    now = timezone.now()
    changed = SiteState.objects.filter(organization_id=organization_id).update(
        generation=F("generation") + 1, changed_at=now
    )
    if not changed:
        SiteState.objects.get_or_create(
            organization_id=organization_id, defaults={"generation": 1, "changed_at": now}
        )


def _with_routing(
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


def _save_article(
    item: Item, publication: Publication, revision: ItemRevision, content: PublicContent,
    previous: Article | None,
) -> Article:
    title = content.title or item.title or f"Berita #{item.pk}"
    category_slug, category_label = category_of(content, item.procedure)
    photos = content.photos
    cover = photos[0] if photos else None
    unit = item.unit.name if item.unit else ""
    article, _ = Article.objects.update_or_create(
        item=item,
        defaults={
            "organization_id": item.organization_id,
            "publication": publication,
            "revision": revision.number,
            "slug": slugify(title)[:100].strip("-") or "berita",
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
            "revised_at": revision.created_at,
            # Same revision again (a re-index): its derivatives are still there.
            "media_ready": bool(previous and previous.revision == revision.number
                                and previous.media_ready),
        },
    )
    return article
