"""Background work of the public site, through Django's Tasks interface.

``prepare_article`` is enqueued on commit when an item is published on the website
(:func:`tayang.public.index.sync`). It takes the item's id, not the article, because the item
may have been withdrawn, or published again in a newer revision, before a worker picks the task
up: it always works on what is published when it runs, and does nothing for what is not.
Running it twice makes nothing twice (derivatives that exist are skipped), so a retry or a
second worker is harmless. Pages name the web sizes before they exist (their addresses lead
to the original until then), so marking them ready changes no page: the site's generation
stays as it is and its page cache stays warm.
"""

from __future__ import annotations

from django.tasks import task

from tayang.media.derivatives import ensure
from tayang.media.models import MediaAsset
from tayang.media.posters import ensure_poster
from tayang.public.models import Article, ArticleMedia


@task()
def prepare_article(item_id: int) -> dict[str, int]:
    """Web sizes of the published photos and poster frames of the videos; marks them ready."""
    article = (
        Article.objects.filter(item_id=item_id).only("pk", "organization_id", "revision").first()
    )
    if article is None:
        return {"photos": 0, "posters": 0}  # withdrawn before the worker got to it
    assets = [
        shown.asset
        for shown in ArticleMedia.objects.filter(article=article).select_related("asset")
    ]
    made = {
        "photos": sum(ensure(a) for a in assets if a.kind == MediaAsset.Kind.PHOTO),
        "posters": sum(ensure_poster(a) for a in assets if a.kind == MediaAsset.Kind.VIDEO),
    }
    # Only the revision worked on: a newer one published meanwhile has its own task.
    Article.objects.filter(
        pk=article.pk, revision=article.revision, media_ready=False
    ).update(media_ready=True)
    return made
