"""The organization's own public website, built into Tayang (:mod:`tayang.public`).

Nothing goes over the network: publishing is writing the publication as published in the
database, which the public site shows in the same transaction. The outbox does that at once,
or the delivery at the scheduled time (:func:`tayang.channels.delivery.deliver`); this class
gives the channel its name and limits.
"""

from __future__ import annotations

from tayang.channels.connectors.base import ChannelKind, Limits


class Website(ChannelKind):
    kind = "website"
    label = "Situs web organisasi"
    description = "Situs publik bawaan Tayang; semua kanal lain menautkan beritanya ke sini."
    limits = Limits(photo_types=frozenset({"image/jpeg", "image/png", "image/webp"}),
                    needs_alt_text=True)
    can_withdraw = True
