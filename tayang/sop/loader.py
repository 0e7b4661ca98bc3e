"""Loading an SOP definition file (YAML) into a checked :class:`~tayang.sop.model.Sop`.

A file is refused whole: every problem found is collected and raised together in one
:class:`~tayang.sop.errors.SopDefinitionError`, each naming the file, the line and the field.
The format is documented in ``docs/sop-format.md``.
"""

from __future__ import annotations

import re
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from tayang.sop import flow
from tayang.sop.errors import DefinitionProblem, SopDefinitionError
from tayang.sop.model import (
    END,
    CheckKind,
    Condition,
    Decision,
    FieldKind,
    Identity,
    ItemField,
    MediaKind,
    Official,
    Requirement,
    Role,
    Sop,
    Step,
    StepKind,
    TimeAnchor,
    TimeKind,
    TimeStandard,
)
from tayang.sop.timetext import parse_time_standard
from tayang.sop.yamlbounds import read_definition
from tayang.sop.yamlnodes import (
    Mapping,
    Problems,
    compose,
    kind_name,
    locate,
    mappings,
    suggestion,
)

FORMAT_VERSION = 1
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
SOP_KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")

_TOP = {"tayang", "key", "timezone", "description", "identity", "roles", "fields", "steps"}
_IDENTITY = {
    "organization", "unit", "name", "number", "made_on", "revised_on", "effective_on",
    "approved_by", "legal_bases", "qualifications", "related_sops", "equipment", "warnings",
    "records",
}
_OFFICIAL = {"name", "position", "nip"}
_ROLE = {"key", "name", "description"}
_FIELD = {
    "key", "label", "kind", "help", "choices", "max_length", "min_count", "max_count",
    "media_kinds", "activity_date", "title",
}
_STEP = {
    "key", "activity", "kind", "roles", "lanes", "requirements", "time", "output", "notes",
    "next", "reject", "decision", "when", "editable", "chooses",
}
_REQUIREMENT = {"text", "check", "field", "confirm"}
_TIME = {"standard", "text", "from"}
_DECISION = {"accept", "reject"}
_WHEN = {"field", "in", "text"}

# Step keys that only some kinds of step act on, after the engine's actions per kind
# (tayang/engine/machine.py, _STEP_ACTIONS): writing one elsewhere would be silently ignored.
_STEP_KEYS: dict[str, tuple[StepKind, ...]] = {
    "reject": (StepKind.REVIEW, StepKind.DECISION, StepKind.PUBLISH),
    "chooses": (StepKind.WORK, StepKind.HANDIN, StepKind.REVIEW, StepKind.DECISION),
    "editable": (StepKind.REVIEW,),
}
_STEP_KEY_WHY = {
    "reject": " (hanya langkah itu yang dapat mengembalikan konten)",
    "editable": " (pada handin dan work semua isian dapat diubah; langkah lain tidak mengubah)",
}

# Which field kinds each machine check can look at.
_CHECK_FIELD_KINDS: dict[CheckKind, set[FieldKind]] = {
    CheckKind.FILLED: set(FieldKind),
    CheckKind.MAX_LENGTH: {FieldKind.TEXT, FieldKind.LONGTEXT},
    CheckKind.MIN_COUNT: {FieldKind.MEDIA, FieldKind.DOCUMENT},
    CheckKind.FIVE_W_ONE_H: {FieldKind.FIVE_W_ONE_H},
    CheckKind.ALT_TEXT: {FieldKind.MEDIA},
    CheckKind.DIP_LINK: {FieldKind.DIP_ENTRY},
}


def load_file(path: str | Path) -> Sop:
    """Load and check the definition at ``path``."""
    path = Path(path)
    source = str(path)
    try:
        data = read_definition(path)  # refused before it is read whole when too large
    except OSError as exc:
        raise SopDefinitionError(_problem(source, 0, _unreadable(exc))) from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # Word processors on agency PCs often save as Windows-1252; say where the first
        # offending byte is so that it can be found and retyped.
        line = data[: exc.start].count(b"\n") + 1
        message = (
            f"bukan teks UTF-8: bita 0x{data[exc.start]:02X} tidak sah; yang diharapkan: "
            "berkas disimpan dengan pengodean UTF-8"
        )
        raise SopDefinitionError(_problem(source, line, message)) from exc
    return load_text(text.removeprefix("\ufeff"), source=source)


def _unreadable(exc: OSError) -> str:
    expected = "yang diharapkan: berkas definisi SOP (.yaml) yang dapat dibaca"
    if isinstance(exc, FileNotFoundError):
        return f"berkas tidak ditemukan; {expected}"
    if isinstance(exc, IsADirectoryError):
        return f"ini sebuah folder, bukan berkas; {expected}"
    if isinstance(exc, PermissionError):
        return f"tidak ada izin membaca berkas; {expected}"
    return f"tidak dapat dibaca ({exc.strerror or exc}); {expected}"


def load_text(text: str, *, source: str = "<definisi>") -> Sop:
    """Load and check a definition given as text; ``source`` names it in every problem."""
    problems = Problems(source)
    root = compose(text, problems)
    if root is None and not problems.items:
        problems.at_line(0, "", "berkas kosong; yang diharapkan: definisi SOP dalam YAML")
    if root is not None and not isinstance(root, yaml.MappingNode):
        problems.add(root, "", f"harus berupa pemetaan (kunci: nilai), bukan {kind_name(root)}")
        root = None
    sop = _Reader(problems).read(root, source) if root is not None else None
    if problems.items or sop is None:
        raise SopDefinitionError(problems.items)
    return sop


def _unique_valid(keys: list[str]) -> bool:
    return len(set(keys)) == len(keys) and all(
        KEY_PATTERN.match(key) and key != END for key in keys
    )


def _flag(item_field: ItemField, flag: str) -> bool:
    return item_field.is_activity_date if flag == "activity_date" else item_field.is_title


def _problem(source: str, line: int, message: str) -> list[DefinitionProblem]:
    problems = Problems(source)
    problems.at_line(line, "", message)
    return problems.items


class _Reader:
    """Walks the node tree once, building the model and reporting problems as it goes."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        # The flow of steps is checked only when every step has a sound key, kind and targets:
        # otherwise the flow checks would report consequences of problems already reported.
        self.flow_ready = True
        # Field limits that were given but invalid, so that checks relying on them stay quiet.
        self.invalid_limits: set[tuple[str, str]] = set()

    def read(self, root: yaml.MappingNode, source: str) -> Sop | None:
        top = Mapping(root, "", self.problems, frozenset(_TOP))
        version = top.integer("tayang", "versi format", minimum=1)
        if not top.has("tayang"):
            top.missing("tayang", f"versi format, tulis «tayang: {FORMAT_VERSION}»")
        elif version is not None and version != FORMAT_VERSION:
            self.problems.add(
                top.node_of("tayang"), "tayang",
                f"versi format {version} tidak didukung; yang didukung: {FORMAT_VERSION}",
            )
        key = top.text("key", required="kunci SOP (huruf kecil, angka, tanda hubung)")
        if key and not SOP_KEY_PATTERN.match(key):
            self.problems.add(
                top.node_of("key"), "key",
                f"«{key}» tidak sah; yang diharapkan: huruf kecil, angka dan tanda hubung, "
                "mis. «dinsos-diy-media-informasi»",
            )
        timezone = top.text("timezone", default="Asia/Jakarta")
        self._check_timezone(top, timezone)

        identity = self._identity(top)
        roles = self._roles(top)
        fields = self._fields(top)
        steps = self._steps(top, {r.key for r in roles}, {f.key: f for f in fields})
        sop = Sop(
            key=key,
            identity=identity or Identity(organization="", name=""),
            roles=tuple(roles),
            fields=tuple(fields),
            steps=tuple(steps),
            timezone=timezone,
            description=top.text("description"),
            source=source,
        )
        if steps and self.flow_ready:
            # Checked even when other parts have problems, so that one run shows them all.
            for problem in flow.check(sop):
                line = locate(root, problem.path) if problem.path else problem.line
                self.problems.at_line(line, problem.path, problem.message)
        if self.problems.items or identity is None:
            return None
        return sop

    def _check_timezone(self, top: Mapping, timezone: str) -> None:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # "Asia" is a folder: OSError
            self.problems.add(
                top.node_of("timezone"), "timezone",
                f"zona waktu «{timezone}» tidak dikenal; yang diharapkan: Asia/Jakarta (WIB), "
                "Asia/Makassar (WITA) atau Asia/Jayapura (WIT)",
            )

    # --- identity ---------------------------------------------------------------------------

    def _identity(self, top: Mapping) -> Identity | None:
        block = top.mapping("identity", _IDENTITY, required="blok identitas SOP")
        if block is None:
            return None
        official = block.mapping("approved_by", _OFFICIAL)
        return Identity(
            organization=block.text("organization", required="nama badan publik"),
            name=block.text("name", required="nama SOP"),
            unit=block.text("unit"),
            number=block.text("number"),
            made_on=block.date("made_on"),
            revised_on=block.date("revised_on"),
            effective_on=block.date("effective_on"),
            approved_by=Official(
                name=official.text("name"),
                position=official.text("position"),
                nip=official.text("nip"),
            )
            if official
            else Official(),
            legal_bases=block.texts("legal_bases"),
            qualifications=block.texts("qualifications"),
            related_sops=block.texts("related_sops"),
            equipment=block.texts("equipment"),
            warnings=block.texts("warnings"),
            records=block.texts("records"),
        )

    # --- roles and fields -------------------------------------------------------------------

    def _key(self, entry: Mapping, seen: set[str], what: str) -> str:
        key = entry.text("key", required=f"kunci {what}")
        if key and not KEY_PATTERN.match(key):
            self.problems.add(
                entry.node_of("key"), entry.sub("key"),
                f"«{key}» tidak sah; yang diharapkan: huruf kecil, angka dan garis bawah, "
                "diawali huruf, mis. «tim_pelaksana»",
            )
        elif key in seen:
            self.problems.add(
                entry.node_of("key"), entry.sub("key"),
                f"{what} «{key}» sudah ada; yang diharapkan: kunci yang berbeda untuk tiap {what}",
            )
        seen.add(key)
        return key

    def _roles(self, top: Mapping) -> list[Role]:
        nodes = top.sequence("roles", required="daftar pelaksana (roles)")
        seen: set[str] = set()
        roles = [
            Role(
                key=self._key(entry, seen, "pelaksana"),
                name=entry.text("name", required="nama pelaksana"),
                description=entry.text("description"),
            )
            for _, entry in mappings(nodes, "roles", self.problems, _ROLE)
        ]
        if top.has("roles") and not roles:
            self.problems.add(top.node_of("roles"), "roles", "paling sedikit satu pelaksana")
        return roles

    def _fields(self, top: Mapping) -> list[ItemField]:
        nodes = top.sequence("fields", required="daftar isian konten (fields)")
        seen: set[str] = set()
        entries = list(mappings(nodes, "fields", self.problems, _FIELD))
        fields = [self._field(entry, seen) for _, entry in entries]
        if top.has("fields") and not entries:
            self.problems.add(top.node_of("fields"), "fields", "paling sedikit satu isian")
        # The engine counts "Hari H" from one date and names an item by one title.
        for flag, what in (("activity_date", "tanggal kegiatan"), ("title", "judul")):
            flagged = [
                (entry, item_field)
                for (_, entry), item_field in zip(entries, fields, strict=True)
                if _flag(item_field, flag)
            ]
            for entry, _ in flagged[1:]:
                self.problems.add(
                    entry.node_of(flag), entry.sub(flag),
                    f"hanya satu isian yang boleh bertanda {flag}: true ({what}); sudah ada "
                    f"«{flagged[0][1].key}»",
                )
        return fields

    def _field(self, entry: Mapping, seen: set[str]) -> ItemField:
        key = self._key(entry, seen, "isian")
        kind = self._enum(entry, "kind", FieldKind, required=True) or FieldKind.TEXT
        choices: tuple[tuple[str, str], ...] = ()
        choice_block = entry.mapping("choices", None)
        if choice_block is not None:
            choices = tuple(
                (value, choice_block.text(value) or value) for value in choice_block.entries
            )
        if kind is FieldKind.CHOICE and not choices:
            entry.missing("choices", "pilihan untuk isian berjenis choice")
        self._only_for(entry, "choices", kind, {FieldKind.CHOICE})
        media_kinds = tuple(
            media_kind
            for value in entry.texts("media_kinds")
            if (media_kind := self._enum_value(entry, "media_kinds", value, MediaKind))
            is not None
        )
        self._only_for(entry, "media_kinds", kind, {FieldKind.MEDIA})
        if kind is FieldKind.MEDIA and not media_kinds:
            media_kinds = (MediaKind.PHOTO, MediaKind.VIDEO)
        min_count = self._limit(entry, key, "min_count", "jumlah minimal berkas", minimum=0)
        max_count = self._limit(entry, key, "max_count", "jumlah maksimal berkas", minimum=1)
        if min_count is not None and max_count is not None and max_count < min_count:
            self.problems.add(
                entry.node_of("max_count"), entry.sub("max_count"),
                f"jumlah maksimal ({max_count}) lebih kecil dari jumlah minimal ({min_count})",
            )
        self._only_for(entry, "min_count", kind, {FieldKind.MEDIA, FieldKind.DOCUMENT})
        self._only_for(entry, "max_count", kind, {FieldKind.MEDIA, FieldKind.DOCUMENT})
        max_length = self._limit(entry, key, "max_length", "batas panjang (karakter)", minimum=1)
        self._only_for(entry, "max_length", kind, {FieldKind.TEXT, FieldKind.LONGTEXT})
        is_activity_date = entry.boolean("activity_date")
        if is_activity_date and kind not in (FieldKind.DATE, FieldKind.DATETIME):
            self.problems.add(
                entry.node_of("activity_date"), entry.sub("activity_date"),
                "hanya isian berjenis date atau datetime yang dapat menjadi tanggal kegiatan",
            )
        is_title = entry.boolean("title")
        if is_title and kind is not FieldKind.TEXT:
            self.problems.add(
                entry.node_of("title"), entry.sub("title"),
                "hanya isian berjenis text yang dapat menjadi judul",
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
        )

    def _limit(
        self, entry: Mapping, field_key: str, key: str, what: str, *, minimum: int
    ) -> int | None:
        value = entry.integer(key, what, minimum=minimum)
        if value is None and entry.has(key):
            self.invalid_limits.add((field_key, key))
        return value

    def _only_for(self, entry: Mapping, key: str, kind: FieldKind, kinds: set[FieldKind]) -> None:
        """Refuse an option the field's kind ignores: the agency would believe it is enforced."""
        if entry.has(key) and kind not in kinds:
            names = " atau ".join(sorted(k.value for k in kinds))
            self.problems.add(
                entry.node_of(key), entry.sub(key),
                f"hanya berlaku untuk isian berjenis {names}, bukan {kind.value}",
            )

    # --- steps ------------------------------------------------------------------------------

    def _steps(self, top: Mapping, roles: set[str], fields: dict[str, ItemField]) -> list[Step]:
        nodes = top.sequence("steps", required="daftar langkah (steps)")
        entries = list(mappings(nodes, "steps", self.problems, _STEP))
        seen: set[str] = set()
        keys = [self._key(entry, seen, "langkah") for _, entry in entries]
        for (_, entry), key in zip(entries, keys, strict=True):
            if key == END:
                self.problems.add(
                    entry.node_of("key"), entry.sub("key"),
                    f"«{END}» adalah kata khusus untuk akhir prosedur; yang diharapkan: kunci lain",
                )
        if top.has("steps") and not entries:
            self.problems.add(top.node_of("steps"), "steps", "paling sedikit satu langkah")
        if len(entries) != len(nodes) or not _unique_valid(keys):
            self.flow_ready = False
        activity_field = next((f for f in fields.values() if f.is_activity_date), None)
        step_keys = {key for key in keys if key}
        steps = []
        for position, ((_, entry), key) in enumerate(zip(entries, keys, strict=True)):
            following = keys[position + 1] if position + 1 < len(keys) else END
            steps.append(
                self._step(
                    entry, key, position + 1, following, step_keys, roles, fields, activity_field
                )
            )
        return steps

    def _step(
        self,
        entry: Mapping,
        key: str,
        number: int,
        following: str,
        step_keys: set[str],
        roles: set[str],
        fields: dict[str, ItemField],
        activity_field: ItemField | None,
    ) -> Step:
        kind = self._enum(entry, "kind", StepKind, required=True)
        if kind is None:
            self.flow_ready = False
            kind = StepKind.REVIEW
        step_roles = self._references(entry, "roles", roles, "pelaksana", required=True)
        lanes = self._references(entry, "lanes", roles, "pelaksana") or step_roles
        missing_lanes = [r for r in step_roles if r not in lanes and r in roles]
        if missing_lanes:
            self.problems.add(
                entry.node_of("lanes"), entry.sub("lanes"),
                f"harus memuat juga pelaksana langkah ini: {', '.join(missing_lanes)}",
            )
        next_key = self._target(entry, "next", step_keys) or following
        reject = self._target(entry, "reject", step_keys)
        decision = self._decision(entry, kind, reject)
        # A refused key is reported once here and then dropped, not reported again by the flow.
        refused = self._refuse_unused(entry, kind)
        reject = None if "reject" in refused else reject
        editable = (
            () if "editable" in refused else self._field_references(entry, "editable", fields)
        )
        chooses = () if "chooses" in refused else self._choice_references(entry, fields)
        return Step(
            key=key,
            number=number,
            activity=entry.text("activity", required="uraian kegiatan"),
            kind=kind,
            roles=step_roles,
            lanes=lanes,
            requirements=self._requirements(entry, fields),
            time=self._time(entry, activity_field),
            output=entry.text("output"),
            notes=entry.text("notes"),
            next=next_key,
            reject=reject,
            decision=decision,
            condition=self._condition(entry, fields),
            editable=editable,
            chooses=chooses,
            line=entry.node.start_mark.line + 1,
        )

    def _decision(self, entry: Mapping, kind: StepKind, reject: str | None) -> Decision | None:
        block = entry.mapping("decision", _DECISION)
        decision = None
        if block is not None:
            decision = Decision(
                accept_label=block.text("accept", default="Ya"),
                reject_label=block.text("reject", default="Tidak"),
            )
        if kind is StepKind.DECISION:
            decision = decision or Decision()
            if reject is None and not entry.has("reject"):
                entry.missing(
                    "reject",
                    f"langkah keputusan harus menyebut ke mana «{decision.reject_label}» "
                    "mengembalikan konten (kunci langkah sebelumnya)",
                )
        elif block is not None:
            self.problems.add(
                entry.node_of("decision"), entry.sub("decision"),
                f"label keputusan hanya untuk langkah berjenis decision, bukan {kind.value}",
            )
        return decision

    def _refuse_unused(self, entry: Mapping, kind: StepKind) -> set[str]:
        """Refuse keys the engine would ignore at this kind of step (see _STEP_KEYS)."""
        refused = set()
        for key, kinds in _STEP_KEYS.items():
            if entry.has(key) and kind not in kinds:
                refused.add(key)
                names = ", ".join(k.value for k in kinds)
                self.problems.add(
                    entry.node_of(key), entry.sub(key),
                    f"tidak berlaku untuk langkah berjenis {kind.value}; hanya untuk: {names}"
                    f"{_STEP_KEY_WHY.get(key, '')}",
                )
        return refused

    def _references(
        self, entry: Mapping, key: str, known: set[str], what: str, *, required: bool = False
    ) -> tuple[str, ...]:
        values = entry.texts(key)
        if required and not values:
            entry.missing(key, f"paling sedikit satu {what}")
        # An empty list of roles or fields has been reported already; naming every reference
        # to it as unknown would bury that one problem.
        for value in values if known else ():
            if value not in known:
                expected = ", ".join(sorted(known))
                self.problems.add(
                    entry.node_of(key), entry.sub(key),
                    f"{what} «{value}» tidak dikenal; yang diharapkan salah satu dari: "
                    f"{expected}{suggestion(value, known)}",
                )
        return tuple(values)

    def _target(self, entry: Mapping, key: str, step_keys: set[str]) -> str | None:
        value = entry.text(key)
        if not value:
            return None
        if value != END and value not in step_keys:
            self.flow_ready = False
            expected = ", ".join(sorted(step_keys))
            self.problems.add(
                entry.node_of(key), entry.sub(key),
                f"langkah «{value}» tidak ada; yang diharapkan: {END} atau salah satu dari: "
                f"{expected}{suggestion(value, step_keys)}",
            )
            return None
        return value

    def _field_references(
        self, entry: Mapping, key: str, fields: dict[str, ItemField]
    ) -> tuple[str, ...]:
        return self._references(entry, key, set(fields), "isian")

    def _choice_references(self, entry: Mapping, fields: dict[str, ItemField]) -> tuple[str, ...]:
        chosen = self._field_references(entry, "chooses", fields)
        for name in chosen:
            if name in fields and fields[name].kind is not FieldKind.CHOICE:
                self.problems.add(
                    entry.node_of("chooses"), entry.sub("chooses"),
                    f"isian «{name}» bukan berjenis choice, jadi tidak dapat dipilih sebagai rute",
                )
        return chosen

    def _requirements(
        self, entry: Mapping, fields: dict[str, ItemField]
    ) -> tuple[Requirement, ...]:
        requirements = []
        nodes = entry.sequence("requirements")
        for _, item in mappings(nodes, entry.sub("requirements"), self.problems, _REQUIREMENT):
            check = self._enum(item, "check", CheckKind)
            field_key = item.text("field") or None
            if check is not None and field_key is None:
                item.missing("field", f"isian yang diperiksa oleh «{check.value}»")
            if field_key is not None and fields:  # no fields at all: reported already
                if field_key not in fields:
                    expected = ", ".join(sorted(fields))
                    self.problems.add(
                        item.node_of("field"), item.sub("field"),
                        f"isian «{field_key}» tidak dikenal; yang diharapkan salah satu dari: "
                        f"{expected}{suggestion(field_key, fields)}",
                    )
                elif check is not None:
                    self._check_fits_field(item, check, fields[field_key])
            confirm = item.boolean("confirm")
            if confirm and check is not None:
                # The engine checks a machine check itself; a tick box beside it would be
                # ignored, and the agency would believe a person confirmed it.
                self.problems.add(
                    item.node_of("confirm"), item.sub("confirm"),
                    "confirm hanya untuk butir daftar periksa (tanpa check); yang diharapkan: "
                    "hapus confirm atau hapus check",
                )
            requirements.append(
                Requirement(
                    text=item.text("text", required="teks persyaratan seperti tertulis di SOP"),
                    check=check,
                    field=field_key,
                    confirm=confirm,
                )
            )
        return tuple(requirements)

    def _check_fits_field(self, item: Mapping, check: CheckKind, field: ItemField) -> None:
        if field.kind not in _CHECK_FIELD_KINDS[check]:
            kinds = ", ".join(sorted(k.value for k in _CHECK_FIELD_KINDS[check]))
            self.problems.add(
                item.node_of("field"), item.sub("field"),
                f"pemeriksaan «{check.value}» butuh isian berjenis {kinds}; "
                f"«{field.key}» berjenis {field.kind.value}",
            )
        elif (field.key, check.value) in self.invalid_limits:
            pass  # the limit itself was reported as invalid
        elif check is CheckKind.MAX_LENGTH and field.max_length is None:
            self.problems.add(
                item.node_of("check"), item.sub("check"),
                f"isian «{field.key}» tidak punya max_length (bilangan), jadi panjangnya tidak "
                "dapat diperiksa",
            )
        elif check is CheckKind.MIN_COUNT and field.min_count is None:
            self.problems.add(
                item.node_of("check"), item.sub("check"),
                f"isian «{field.key}» tidak punya min_count (bilangan), jadi jumlahnya tidak "
                "dapat diperiksa",
            )

    def _time(self, entry: Mapping, activity_field: ItemField | None) -> TimeStandard | None:
        if not entry.has("time"):
            return None
        node = entry.node_of("time")
        path = entry.sub("time")
        # Problems point at the value that has to change: the standard text, or ``from``.
        standard_at = anchor_at = (node, path)
        if isinstance(node, yaml.ScalarNode):
            standard_text, display, anchor_text = str(node.value), "", ""
        else:
            block = entry.mapping("time", _TIME)
            if block is None:
                return None
            standard_text = block.text("standard", required="standar waktu, mis. «1-3 jam»")
            display = block.text("text")
            anchor_text = block.text("from")
            standard_at = (block.node_of("standard"), block.sub("standard"))
            if anchor_text:
                anchor_at = (block.node_of("from"), block.sub("from"))
            if not standard_text:
                return None
        anchor = None
        if anchor_text:
            try:
                anchor = TimeAnchor(anchor_text)
            except ValueError:
                expected = ", ".join(a.value for a in TimeAnchor)
                self.problems.add(
                    *anchor_at,
                    f"«{anchor_text}» tidak dikenal; yang diharapkan salah satu dari: {expected}",
                )
                return None
        try:
            standard = parse_time_standard(standard_text, text=display, anchor=anchor)
        except ValueError as exc:
            self.problems.add(*standard_at, str(exc))
            return None
        if standard.anchor is TimeAnchor.ACTIVITY:
            self._check_activity_anchor(standard, activity_field, anchor_at)
        return standard

    def _check_activity_anchor(
        self,
        standard: TimeStandard,
        activity_field: ItemField | None,
        at: tuple[yaml.Node, str],
    ) -> None:
        if activity_field is None:
            self.problems.add(
                *at,
                "dihitung dari kegiatan (from: activity), tetapi tidak ada isian bertanda "
                "activity_date: true",
            )
        elif (
            standard.kind in (TimeKind.MINUTES, TimeKind.HOURS)
            and activity_field.kind is not FieldKind.DATETIME
        ):
            self.problems.add(
                *at,
                f"menit/jam sejak kegiatan butuh jam kegiatan: isian «{activity_field.key}» "
                "harus berjenis datetime",
            )

    def _condition(self, entry: Mapping, fields: dict[str, ItemField]) -> Condition | None:
        block = entry.mapping("when", _WHEN)
        if block is None:
            return None
        field_key = block.text("field", required="isian yang menentukan rute")
        values = block.texts("in")
        if not values:
            block.missing("in", "nilai isian yang membuat langkah ini berlaku")
        field = fields.get(field_key)
        if field_key and field is None and fields:
            self.problems.add(
                block.node_of("field"), block.sub("field"),
                f"isian «{field_key}» tidak dikenal; yang diharapkan salah satu dari: "
                f"{', '.join(sorted(fields))}{suggestion(field_key, fields)}",
            )
        elif field is not None and field.kind is not FieldKind.CHOICE:
            self.problems.add(
                block.node_of("field"), block.sub("field"),
                f"rute hanya dapat bergantung pada isian berjenis choice; «{field_key}» berjenis "
                f"{field.kind.value}",
            )
        elif field is not None:
            known = {value for value, _ in field.choices}
            for value in values if known else ():  # no choices: reported at the field
                if value not in known:
                    self.problems.add(
                        block.node_of("in"), block.sub("in"),
                        f"«{value}» bukan pilihan isian «{field_key}»; yang diharapkan: "
                        f"{', '.join(sorted(known))}",
                    )
        return Condition(field=field_key, values=frozenset(values), text=block.text("text"))

    # --- enums ------------------------------------------------------------------------------

    def _enum[E: (FieldKind, StepKind, CheckKind, MediaKind)](
        self, entry: Mapping, key: str, enum: type[E], *, required: bool = False
    ) -> E | None:
        value = entry.text(key)
        if not value:
            if required:
                expected = ", ".join(member.value for member in enum)
                entry.missing(key, f"salah satu dari: {expected}")
            return None
        return self._enum_value(entry, key, value, enum)

    def _enum_value[E: (FieldKind, StepKind, CheckKind, MediaKind)](
        self, entry: Mapping, key: str, value: str, enum: type[E]
    ) -> E | None:
        try:
            return enum(value)
        except ValueError:
            expected = ", ".join(member.value for member in enum)
            self.problems.add(
                entry.node_of(key), entry.sub(key),
                f"«{value}» tidak dikenal; yang diharapkan salah satu dari: {expected}",
            )
            return None
