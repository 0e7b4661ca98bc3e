"""Connectors: one module per kind of channel, each speaking one platform's documented API.

A connector is plain Python (no Django): it gets the channel's settings and secrets, an HTTP
client and a :class:`~tayang.channels.connectors.base.Post`, and either returns where the post
now lives or raises :class:`~tayang.channels.connectors.base.ChannelError` with words an admin
understands. The registry (:mod:`tayang.channels.registry`) maps a channel kind to its class.
"""
