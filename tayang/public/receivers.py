"""What the public site does when the rest of Tayang changes something it shows."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from tayang.items.models import Publication
from tayang.items.signals import publication_changed
from tayang.orgs.models import Organization
from tayang.public import index
from tayang.public.middleware import forget_hostnames


@receiver(publication_changed, sender=Publication)
def _publication_changed(publication: Publication, **kwargs: object) -> None:
    index.sync(publication)


@receiver(post_save, sender=Organization)
@receiver(post_delete, sender=Organization)
def _organization_changed(instance: Organization, **kwargs: object) -> None:
    # A new host name, or a new name in every page's header.
    forget_hostnames()
    if kwargs.get("signal") is post_save and not kwargs.get("created"):
        index.bump(instance.pk)
