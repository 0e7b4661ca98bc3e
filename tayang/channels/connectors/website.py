"""The organization's own public website, built into Tayang (:mod:`tayang.public`).

Nothing goes over the network: publishing is writing the publication as published in the
database, which the public site shows in the same transaction. The delivery does that itself
(:func:`tayang.channels.delivery.deliver`); this class gives the channel its name and limits.
"""

from __future__ import annotations

from tayang.channels.connectors.base import Connector, Delivered, Journal, Limits, Post


class Website(Connector):
    kind = "website"
    label = "Situs web organisasi"
    description = "Situs publik bawaan Tayang; semua kanal lain menautkan beritanya ke sini."
    limits = Limits(photo_types=frozenset({"image/jpeg", "image/png", "image/webp"}),
                    needs_alt_text=True)
    can_withdraw = True

    def publish(self, post: Post, journal: Journal) -> Delivered:  # pragma: no cover
        raise NotImplementedError("the website is published by the delivery itself")
