"""Start-up repair of the public index: only what is missing or stale, never a full rebuild.

``scripts/run.sh`` used to rebuild every article at every start (84 s on 20,000 items). The
index is written in the transaction that publishes or withdraws, so on a working installation
nothing is ever missing; what start-up must still catch is an older database (items published
before the public site existed) or a repair left half-done. Two indexed queries find exactly
those rows, and only they are synced. A change in *how* articles are derived from
publications is shipped as a data migration that calls :func:`tayang.public.index.reindex`,
so it runs once, at ``migrate``, not at every start.
"""

from __future__ import annotations

from django.db import transaction

from tayang.items.models import Publication
from tayang.items.records import WEBSITE_CHANNEL
from tayang.public.index import sync
from tayang.public.models import Article


def reindex_missing() -> tuple[int, int]:
    """Sync website publications without an article, and articles no longer published:
    (shown, hidden)."""
    missing = Publication.objects.filter(
        channel=WEBSITE_CHANNEL, state=Publication.State.PUBLISHED, article__isnull=True
    )
    shown = 0
    for publication in missing.iterator():
        with transaction.atomic():
            shown += sync(publication) is not None
    hidden = 0
    stale = Article.objects.exclude(publication__state=Publication.State.PUBLISHED)
    for article in stale.select_related("publication"):
        with transaction.atomic():
            sync(article.publication)
            hidden += 1
    return shown, hidden
