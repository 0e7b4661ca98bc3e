"""A step's requirements (*Kelengkapan*), each possibly checked by the machine."""

from __future__ import annotations

import re

from tayang.sop.model import CheckKind, ItemField, Requirement
from tayang.sop.reading import keys
from tayang.sop.reading.context import ReadContext
from tayang.sop.yamlnodes import Mapping, mappings, suggestion


def read_requirements(
    ctx: ReadContext, entry: Mapping, fields: dict[str, ItemField], notes: str = "",
    *, handin: bool = False,
) -> tuple[Requirement, ...]:
    requirements = []
    nodes = entry.sequence("requirements")
    for _, item in mappings(nodes, entry.sub("requirements"), ctx.problems, keys.REQUIREMENT):
        check = ctx.enum(item, "check", CheckKind)
        field_key = item.text("field") or None
        if check is not None and field_key is None:
            item.missing("field", f"isian yang diperiksa oleh «{check.value}»")
        if field_key is not None and fields:  # no fields at all: reported already
            if field_key not in fields:
                expected = ", ".join(sorted(fields))
                ctx.problems.add(
                    item.node_of("field"), item.sub("field"),
                    f"isian «{field_key}» tidak dikenal; yang diharapkan salah satu dari: "
                    f"{expected}{suggestion(field_key, fields)}",
                )
            elif check is not None:
                _check_fits_field(ctx, item, check, fields[field_key])
        if check is CheckKind.ACCESSIBLE_FORMATS and handin:
            # The files are made from the content once it is handed in: at hand-in they can
            # never be ready, and the item could never be handed in.
            ctx.problems.add(
                item.node_of("check"), item.sub("check"),
                "accessible_formats dibuat dari konten yang telah diserahkan, jadi tidak dapat "
                "diperiksa pada langkah handin; yang diharapkan: letakkan pada langkah "
                "sesudahnya, misalnya langkah publish",
            )
        confirm = item.boolean("confirm")
        if confirm and check is not None:
            # The engine checks a machine check itself; a tick box beside it would be
            # ignored, and the agency would believe a person confirmed it.
            ctx.problems.add(
                item.node_of("confirm"), item.sub("confirm"),
                "confirm hanya untuk butir daftar periksa (tanpa check); yang diharapkan: "
                "hapus confirm atau hapus check",
            )
        text = item.text("text", required="teks persyaratan seperti tertulis di SOP")
        in_notes = item.boolean("in_notes")
        if in_notes and text and _plain(text) not in _plain(notes):
            # Printed only in Keterangan: a duty missing there would be printed nowhere.
            ctx.problems.add(
                item.node_of("in_notes"), item.sub("in_notes"),
                "teks persyaratan ini tidak tertulis di notes (Keterangan) langkah ini, jadi "
                "tidak tercetak di mana pun; yang diharapkan: tulis teks yang sama di notes, "
                "atau hapus in_notes agar tercetak di Kelengkapan",
            )
        requirements.append(
            Requirement(
                text=text, check=check, field=field_key, confirm=confirm, in_notes=in_notes,
            )
        )
    return tuple(requirements)


def _plain(text: str) -> str:
    """Text compared as a reader sees it: case and line breaks do not matter."""
    return re.sub(r"\s+", " ", text).strip().casefold()


def _check_fits_field(
    ctx: ReadContext, item: Mapping, check: CheckKind, field: ItemField
) -> None:
    if field.kind not in keys.CHECK_FIELD_KINDS[check]:
        kinds = ", ".join(sorted(k.value for k in keys.CHECK_FIELD_KINDS[check]))
        ctx.problems.add(
            item.node_of("field"), item.sub("field"),
            f"pemeriksaan «{check.value}» butuh isian berjenis {kinds}; "
            f"«{field.key}» berjenis {field.kind.value}",
        )
    elif (field.key, check.value) in ctx.invalid_limits:
        pass  # the limit itself was reported as invalid
    elif check is CheckKind.MAX_LENGTH and field.max_length is None:
        ctx.problems.add(
            item.node_of("check"), item.sub("check"),
            f"isian «{field.key}» tidak punya max_length (bilangan), jadi panjangnya tidak "
            "dapat diperiksa",
        )
    elif check is CheckKind.MAX_COUNT and field.max_count is None:
        ctx.problems.add(
            item.node_of("check"), item.sub("check"),
            f"isian «{field.key}» tidak punya max_count (bilangan), jadi jumlahnya tidak "
            "dapat diperiksa",
        )
    elif check is CheckKind.MIN_COUNT and field.min_count is None:
        ctx.problems.add(
            item.node_of("check"), item.sub("check"),
            f"isian «{field.key}» tidak punya min_count (bilangan), jadi jumlahnya tidak "
            "dapat diperiksa",
        )
