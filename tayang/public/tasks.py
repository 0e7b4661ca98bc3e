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

from datetime import timedelta

from django.tasks import default_task_backend, task
from django.utils import timezone

from tayang.media.derivatives import ensure_all
from tayang.media.errors import StorageFailed
from tayang.media.models import MediaAsset
from tayang.media.posters import ensure_poster
from tayang.public.models import Article, ArticleMedia

# When the storage cannot be written, the article keeps showing the originals and the task
# tries again this much later, a few times (then the next publication or ``public_reindex``).
RETRY_AFTER = timedelta(minutes=10)
MAX_ATTEMPTS = 6


@task()
def prepare_article(item_id: int, attempt: int = 1) -> dict[str, int]:
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
    made = {"photos": 0, "posters": 0}
    # Every photo's web sizes in one child process (tayang/media/websizes.py); a photo whose
    # sizes the storage refused is counted, the others are still stored.
    made["photos"], failed = ensure_all(assets)
    for asset in assets:
        try:
            if asset.kind == MediaAsset.Kind.VIDEO:
                made["posters"] += ensure_poster(asset)
        except StorageFailed:  # logged where it failed; the others are still made
            failed += 1
    if failed:
        if attempt < MAX_ATTEMPTS and default_task_backend.supports_defer:
            prepare_article.using(run_after=timezone.now() + RETRY_AFTER).enqueue(
                item_id, attempt + 1)
        return {**made, "failed": failed}
    # Only the revision worked on: a newer one published meanwhile has its own task. Pages
    # name the web sizes by fixed addresses, so their being ready changes no page: the site's
    # generation stays (tayang.public.images).
    Article.objects.filter(
        pk=article.pk, revision=article.revision, media_ready=False
    ).update(media_ready=True)
    return made
