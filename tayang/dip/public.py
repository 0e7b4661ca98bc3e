"""The DIP as the public sees it: public entries by classification, with their announcements.

Exempt (*dikecualikan*) entries never leave :meth:`EntryQuerySet.public`; everything here is
built on it. An announcement (an item of an SOP with a DIP-link field) is listed under the
entry it links to once it is published on the website.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from tayang.dip.models import PUBLIC_CLASSIFICATIONS, Classification, Entry
from tayang.orgs.models import Organization
from tayang.public.models import Article
from tayang.sop.model import FieldKind


@dataclass
class PublicEntry:
    entry: Entry
    announcements: list[Article] = field(default_factory=list)


@dataclass
class ClassificationGroup:
    value: str
    label: str
    entries: list[PublicEntry]


def public_list(organization: Organization) -> list[ClassificationGroup]:
    entries = list(
        Entry.objects.filter(organization=organization).public()
        .prefetch_related("documents").select_related("decree").order_by("number")
    )
    linked = announcements_by_entry(organization)
    groups = []
    for classification in PUBLIC_CLASSIFICATIONS:
        shown = [PublicEntry(entry, linked.get(entry.number, []))
                 for entry in entries if entry.classification == classification]
        groups.append(ClassificationGroup(classification.value,
                                          Classification(classification).label, shown))
    return groups


def announcements_by_entry(organization: Organization) -> dict[str, list[Article]]:
    """Published articles by the DIP entry number their item links to."""
    linked: dict[str, list[Article]] = defaultdict(list)
    articles = (
        Article.objects.filter(organization=organization)
        .select_related("item__procedure_version").order_by("-published_at")
    )
    for article in articles:
        sop = article.item.procedure_version.sop
        for item_field in sop.fields:
            if item_field.kind is FieldKind.DIP_ENTRY:
                number = article.item.values.get(item_field.key)
                if isinstance(number, str) and number:
                    linked[number].append(article)
    return linked
