"""What the public site does when the rest of Tayang changes something it shows."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from tayang.accessible.signals import format_made
from tayang.items.models import Item, Publication
from tayang.items.signals import publication_changed
from tayang.orgs.models import Organization
from tayang.public import index
from tayang.public.middleware import forget_hostnames
from tayang.public.models import Article


@receiver(publication_changed, sender=Publication)
def _publication_changed(publication: Publication, first: bool = False,
                         **kwargs: object) -> None:
    index.sync(publication, first=first)


@receiver(post_save, sender=Organization)
@receiver(post_delete, sender=Organization)
def _organization_changed(instance: Organization, **kwargs: object) -> None:
    # A new host name, or a new name in every page's header.
    forget_hostnames()
    if kwargs.get("signal") is post_save and not kwargs.get("created"):
        index.bump(instance.pk)


@receiver(format_made)
def _format_made(item: Item, **kwargs: object) -> None:
    # A published page offers the item's audio, Braille and large print once they are made.
    if Article.objects.filter(item=item).exists():
        index.bump(item.organization_id)
