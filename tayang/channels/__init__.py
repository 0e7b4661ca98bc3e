"""Publishing an item to every channel of its organization, once each, in the background.

The website is one channel among several (social networks, the agency's WordPress, the Portal
Satu Data's CKAN, a manual channel, the notice board). Each channel's publication is its own
row (:class:`tayang.items.models.Publication`) written in the publishing transaction: that row
is the outbox. A background task carries it out through the channel's connector
(:mod:`tayang.channels.connectors`), records what happened, and retries with back-off.
"""
