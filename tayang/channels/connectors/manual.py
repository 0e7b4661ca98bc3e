"""A channel Tayang cannot post to itself: the admin posts by hand and records the proof.

For a WhatsApp channel, a TikTok account, a local radio's site: the publication waits in
"Antre" on the item page until the admin pastes the post's address (the proof), which marks
it published with who recorded it (:func:`tayang.channels.actions.record_proof`). No worker
ever touches it.
"""

from __future__ import annotations

from tayang.channels.connectors.base import ChannelKind, ConfigField


class Manual(ChannelKind):
    kind = "manual"
    label = "Kanal manual (bukti tautan)"
    description = (
        "Untuk kanal yang diunggah sendiri oleh admin (mis. WhatsApp, TikTok); admin "
        "mencatat alamat unggahannya sebagai bukti."
    )
    config_fields = (
        ConfigField("instructions", "Petunjuk untuk admin", required=False, kind="textarea",
                    help="Mis. 'Unggah ke saluran WhatsApp Dinas, lalu salin tautannya.'"),
    )
    can_withdraw = True  # the admin takes it down by hand; Tayang records that it did
