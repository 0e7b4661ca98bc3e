"""The limits a definition file is read within, the same for the workspace upload and the CLI.

A definition is text written by a person; a hostile or broken one must still end in a located
message, never a traceback, a 500 or a process that runs out of memory:

* **Size**: one limit, :data:`MAX_DEFINITION_BYTES`, for ``tayang check`` (checked before the
  file is read whole) and for every definition given as text (the workspace upload, the admin).
  The five bundled definitions weigh 5–9 KB; 512 KB is fifty times the largest.
* **Nesting**: PyYAML composes nodes recursively, so ``[[[[…]]]]`` a few hundred levels deep
  ends in a ``RecursionError``. No definition nests more than about eight levels; composing
  stops at :data:`MAX_DEPTH` with the line where it happened.
* **Aliases**: an anchor may be repeated (seed A repeats step 1's requirements), but every
  alias re-walks its node, so aliases of aliases multiply the work. At most :data:`MAX_ALIASES`.
* **Tags**: the format is plain data. A tag it does not define (``!!python/object…``,
  ``!FOO``) is refused by name instead of being read as text, so nobody is led to think it
  did something.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from tayang.sop.errors import DefinitionProblem, SopDefinitionError

MAX_DEFINITION_BYTES = 512 * 1024
MAX_DEPTH = 64
MAX_ALIASES = 500
_CORE = "tag:yaml.org,2002:"
# The explicit tags a definition may carry: the YAML core schema's own, nothing executable.
ALLOWED_TAGS = frozenset(
    {"!"} | {f"{_CORE}{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map",
                                            "timestamp")}
)


class DefinitionLimitError(yaml.MarkedYAMLError):
    """A limit of this module was passed; ``problem`` says which, ``problem_mark`` where."""


class BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe composer, counting depth and aliases and checking tags as it goes."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0
        self.aliases = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise DefinitionLimitError(
                    problem=f"terlalu banyak alias (*nama); paling banyak {MAX_ALIASES}",
                    problem_mark=event.start_mark,
                )
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in ALLOWED_TAGS:
            raise DefinitionLimitError(
                problem=f"tag YAML «{shown_tag(tag)}» tidak dikenal dalam format definisi SOP; "
                        "hapus tag itu (definisi hanya berisi teks, angka, daftar dan pemetaan)",
                problem_mark=event.start_mark,
            )
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise DefinitionLimitError(
                    problem=f"bersarang terlalu dalam (lebih dari {MAX_DEPTH} tingkat)",
                    problem_mark=event.start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def compose_bounded(text: str) -> yaml.Node | None:
    """The node tree of ``text``; raises DefinitionLimitError past a limit, YAMLError if bad."""
    if len(text) * 4 > MAX_DEFINITION_BYTES and len(text.encode()) > MAX_DEFINITION_BYTES:
        raise DefinitionLimitError(problem=too_large(len(text.encode())))
    loader = BoundedLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def read_definition(path: Path) -> bytes:
    """The bytes of the definition at ``path``, refused before reading when it is too large.

    Raises OSError as reading does; a file over the limit is a SopDefinitionError naming it.
    """
    with path.open("rb") as handle:
        data = handle.read(MAX_DEFINITION_BYTES + 1)
    if len(data) > MAX_DEFINITION_BYTES:
        size = path.stat().st_size
        raise SopDefinitionError([DefinitionProblem(str(path), 0, "", too_large(size))])
    return data


def too_large(size: int) -> str:
    return (f"berkas definisi terlalu besar ({size // 1024} KB); paling besar "
            f"{MAX_DEFINITION_BYTES // 1024} KB")


def shown_tag(tag: str) -> str:
    """A tag as it was written: ``!!python/object`` rather than its long form."""
    return f"!!{tag.removeprefix(_CORE)}" if tag.startswith(_CORE) else tag
