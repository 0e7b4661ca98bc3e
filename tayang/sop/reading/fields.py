"""The roles (executor columns) and the fields an item carries."""

from __future__ import annotations

from tayang.sop.model import FieldKind, ItemField, MediaKind, Role
from tayang.sop.reading import keys
from tayang.sop.reading.context import ReadContext
from tayang.sop.yamlnodes import Mapping, mappings


def read_roles(ctx: ReadContext, top: Mapping) -> list[Role]:
    nodes = top.sequence("roles", required="daftar pelaksana (roles)")
    seen: set[str] = set()
    roles = [
        Role(
            key=ctx.key(entry, seen, "pelaksana"),
            name=entry.text("name", required="nama pelaksana"),
            description=entry.text("description"),
        )
        for _, entry in mappings(nodes, "roles", ctx.problems, keys.ROLE)
    ]
    if top.has("roles") and not roles:
        ctx.problems.add(top.node_of("roles"), "roles", "paling sedikit satu pelaksana")
    return roles


def read_fields(ctx: ReadContext, top: Mapping) -> list[ItemField]:
    nodes = top.sequence("fields", required="daftar isian konten (fields)")
    seen: set[str] = set()
    entries = list(mappings(nodes, "fields", ctx.problems, keys.FIELD))
    fields = [_field(ctx, entry, seen) for _, entry in entries]
    if top.has("fields") and not entries:
        ctx.problems.add(top.node_of("fields"), "fields", "paling sedikit satu isian")
    # The engine counts "Hari H" from one date and names an item by one title.
    for flag, what in (("activity_date", "tanggal kegiatan"), ("title", "judul")):
        flagged = [
            (entry, item_field)
            for (_, entry), item_field in zip(entries, fields, strict=True)
            if _flag(item_field, flag)
        ]
        for entry, _ in flagged[1:]:
            ctx.problems.add(
                entry.node_of(flag), entry.sub(flag),
                f"hanya satu isian yang boleh bertanda {flag}: true ({what}); sudah ada "
                f"«{flagged[0][1].key}»",
            )
    return fields


def _flag(item_field: ItemField, flag: str) -> bool:
    return item_field.is_activity_date if flag == "activity_date" else item_field.is_title


def _field(ctx: ReadContext, entry: Mapping, seen: set[str]) -> ItemField:
    key = ctx.key(entry, seen, "isian")
    kind = ctx.enum(entry, "kind", FieldKind, required=True) or FieldKind.TEXT
    choices: tuple[tuple[str, str], ...] = ()
    choice_block = entry.mapping("choices", None)
    if choice_block is not None:
        choices = tuple(
            (value, choice_block.text(value) or value) for value in choice_block.entries
        )
    if kind is FieldKind.CHOICE and not choices:
        entry.missing("choices", "pilihan untuk isian berjenis choice")
    _only_for(ctx, entry, "choices", kind, {FieldKind.CHOICE})
    media_kinds = tuple(
        media_kind
        for value in entry.texts("media_kinds")
        if (media_kind := ctx.enum_value(entry, "media_kinds", value, MediaKind)) is not None
    )
    _only_for(ctx, entry, "media_kinds", kind, {FieldKind.MEDIA})
    if kind is FieldKind.MEDIA and not media_kinds:
        media_kinds = (MediaKind.PHOTO, MediaKind.VIDEO)
    min_count = _limit(ctx, entry, key, "min_count", "jumlah minimal berkas", minimum=0)
    max_count = _limit(ctx, entry, key, "max_count", "jumlah maksimal berkas", minimum=1)
    if min_count is not None and max_count is not None and max_count < min_count:
        ctx.problems.add(
            entry.node_of("max_count"), entry.sub("max_count"),
            f"jumlah maksimal ({max_count}) lebih kecil dari jumlah minimal ({min_count})",
        )
    _only_for(ctx, entry, "min_count", kind, {FieldKind.MEDIA, FieldKind.DOCUMENT})
    _only_for(ctx, entry, "max_count", kind, {FieldKind.MEDIA, FieldKind.DOCUMENT})
    max_length = _limit(ctx, entry, key, "max_length", "batas panjang (karakter)", minimum=1)
    _only_for(ctx, entry, "max_length", kind, {FieldKind.TEXT, FieldKind.LONGTEXT})
    is_activity_date = entry.boolean("activity_date")
    if is_activity_date and kind not in (FieldKind.DATE, FieldKind.DATETIME):
        ctx.problems.add(
            entry.node_of("activity_date"), entry.sub("activity_date"),
            "hanya isian berjenis date atau datetime yang dapat menjadi tanggal kegiatan",
        )
    is_title = entry.boolean("title")
    if is_title and kind is not FieldKind.TEXT:
        ctx.problems.add(
            entry.node_of("title"), entry.sub("title"),
            "hanya isian berjenis text yang dapat menjadi judul",
        )
    internal = entry.boolean("internal")
    if internal and is_title:
        ctx.problems.add(
            entry.node_of("internal"), entry.sub("internal"),
            "judul tidak dapat bersifat internal: setiap konten yang tayang ditampilkan dengan "
            "judulnya",
        )
    return ItemField(
        key=key,
        label=entry.text("label", required="label isian"),
        kind=kind,
        help=entry.text("help"),
        choices=choices,
        max_length=max_length,
        min_count=min_count,
        max_count=max_count,
        media_kinds=media_kinds,
        is_activity_date=is_activity_date,
        is_title=is_title,
        internal=internal and not is_title,
    )


def _limit(
    ctx: ReadContext, entry: Mapping, field_key: str, key: str, what: str, *, minimum: int
) -> int | None:
    value = entry.integer(key, what, minimum=minimum)
    if value is None and entry.has(key):
        ctx.invalid_limits.add((field_key, key))
    return value


def _only_for(
    ctx: ReadContext, entry: Mapping, key: str, kind: FieldKind, kinds: set[FieldKind]
) -> None:
    """Refuse an option the field's kind ignores: the agency would believe it is enforced."""
    if entry.has(key) and kind not in kinds:
        names = " atau ".join(sorted(k.value for k in kinds))
        ctx.problems.add(
            entry.node_of(key), entry.sub(key),
            f"hanya berlaku untuk isian berjenis {names}, bukan {kind.value}",
        )
