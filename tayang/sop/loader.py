"""Loading an SOP definition file (YAML) into a checked :class:`~tayang.sop.model.Sop`.

A file is refused whole: every problem found is collected and raised together in one
:class:`~tayang.sop.errors.SopDefinitionError`, each naming the file, the line and the field.
The format is documented in ``docs/sop-format.md``; each part of a definition is read by its
own module in :mod:`tayang.sop.reading`.
"""

from __future__ import annotations

import re
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from tayang.sop import flow
from tayang.sop.errors import DefinitionProblem, SopDefinitionError
from tayang.sop.model import Identity, Sop
from tayang.sop.reading import keys
from tayang.sop.reading.context import ReadContext
from tayang.sop.reading.fields import read_fields, read_roles
from tayang.sop.reading.identity import read_identity
from tayang.sop.reading.keys import FORMAT_VERSION
from tayang.sop.reading.parties import read_parties
from tayang.sop.reading.scheduling import read_schedule
from tayang.sop.reading.steps import read_steps
from tayang.sop.yamlbounds import read_definition
from tayang.sop.yamlnodes import Mapping, Problems, compose, kind_name, locate

SOP_KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


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
    sop = _read(ReadContext(problems), root, source) if root is not None else None
    if problems.items or sop is None:
        raise SopDefinitionError(problems.items)
    return sop


def _problem(source: str, line: int, message: str) -> list[DefinitionProblem]:
    problems = Problems(source)
    problems.at_line(line, "", message)
    return problems.items


def _read(ctx: ReadContext, root: yaml.MappingNode, source: str) -> Sop | None:
    """Read the whole tree, then check the flow of steps; None when anything is wrong."""
    problems = ctx.problems
    top = Mapping(root, "", problems, frozenset(keys.TOP))
    version = top.integer("tayang", "versi format", minimum=1)
    if not top.has("tayang"):
        top.missing("tayang", f"versi format, tulis «tayang: {FORMAT_VERSION}»")
    elif version is not None and version != FORMAT_VERSION:
        problems.add(
            top.node_of("tayang"), "tayang",
            f"versi format {version} tidak didukung; yang didukung: {FORMAT_VERSION}",
        )
    key = top.text("key", required="kunci SOP (huruf kecil, angka, tanda hubung)")
    if key and not SOP_KEY_PATTERN.match(key):
        problems.add(
            top.node_of("key"), "key",
            f"«{key}» tidak sah; yang diharapkan: huruf kecil, angka dan tanda hubung, "
            "mis. «dinsos-diy-media-informasi»",
        )
    timezone = top.text("timezone", default="Asia/Jakarta")
    _check_timezone(problems, top, timezone)

    identity = read_identity(top)
    roles = read_roles(ctx, top)
    fields = read_fields(ctx, top)
    parties = read_parties(ctx, top, roles)
    steps = read_steps(ctx, top, {r.key for r in roles}, {f.key: f for f in fields},
                       {p.key for p in parties})
    schedule = read_schedule(top)
    sop = Sop(
        key=key,
        identity=identity or Identity(organization="", name=""),
        roles=tuple(roles),
        parties=tuple(parties),
        fields=tuple(fields),
        steps=tuple(steps),
        timezone=timezone,
        description=top.text("description"),
        source=source,
        schedule=schedule,
    )
    if steps and ctx.flow_ready:
        # Checked even when other parts have problems, so that one run shows them all.
        for problem in flow.check(sop):
            line = locate(root, problem.path) if problem.path else problem.line
            problems.at_line(line, problem.path, problem.message)
    if problems.items or identity is None:
        return None
    return sop


def _check_timezone(problems: Problems, top: Mapping, timezone: str) -> None:
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # "Asia" is a folder: OSError
        problems.add(
            top.node_of("timezone"), "timezone",
            f"zona waktu «{timezone}» tidak dikenal; yang diharapkan: Asia/Jakarta (WIB), "
            "Asia/Makassar (WITA) atau Asia/Jayapura (WIT)",
        )
