"""Demo channels: what works without any account (manual, notice board) and one to configure.

The manual channel and the notice-board poster need no credentials, so the demo's published
items show the whole publishing path at once: the poster made by the worker, the WhatsApp post
waiting for its proof. The Facebook Page is there disabled, for an admin to see what filling
in a real channel asks for; demo data never holds a real credential.
"""

from __future__ import annotations

from tayang.channels.models import Channel
from tayang.orgs.models import Organization

DEMO_CHANNELS = (
    ("papan-pengumuman", "noticeboard", "Papan pengumuman kantor", True, {}),
    ("whatsapp", "manual", "Saluran WhatsApp Dinas", True,
     {"instructions": "Teruskan ke saluran WhatsApp Dinas, lalu salin tautan unggahannya."}),
    ("facebook", "facebook", "Halaman Facebook", False, {}),
)


def build_channels(org: Organization) -> None:
    for position, (key, kind, name, enabled, config) in enumerate(DEMO_CHANNELS):
        Channel.objects.get_or_create(
            organization=org, key=key,
            defaults={"kind": kind, "name": name, "enabled": enabled, "config": config,
                      "selected_by_default": enabled, "position": position},
        )
