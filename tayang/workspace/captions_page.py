"""The item page's *Takarir dan transkrip*: each video's captions and each audio file's
transcript (WebVTT), stored with the file's entry in its media field (``"captions"``), so
that every revision records them and the public page plays exactly what was published."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tayang.items.content import media_entries
from tayang.items.models import Item
from tayang.media.captions import transcript_of
from tayang.media.models import MediaAsset
from tayang.sop.model import CheckKind, FieldKind, Sop

TIMED_KINDS = (MediaAsset.Kind.VIDEO, MediaAsset.Kind.AUDIO)


@dataclass(frozen=True)
class CaptionedFile:
    field_key: str
    field_label: str
    asset: MediaAsset
    vtt: str  # "" when none yet
    cues: int

    @property
    def is_video(self) -> bool:
        return self.asset.kind == MediaAsset.Kind.VIDEO


def captions_context(item: Item, sop: Sop, assets: dict[int, MediaAsset]) -> dict[str, Any]:
    files = []
    for item_field in sop.fields:
        if item_field.kind is not FieldKind.MEDIA:
            continue
        for entry in media_entries(item.values, item_field.key):
            asset = assets.get(int(entry["id"]))  # type: ignore[call-overload]
            if asset is None or asset.kind not in TIMED_KINDS:
                continue
            vtt = entry.get("captions")
            vtt = vtt if isinstance(vtt, str) else ""
            files.append(CaptionedFile(item_field.key, item_field.label, asset, vtt,
                                       len(transcript_of(vtt)) if vtt else 0))
    required = any(requirement.check is CheckKind.CAPTIONS
                   for step in sop.steps for requirement in step.requirements)
    return {"captioned_files": files, "captions_required": required}
