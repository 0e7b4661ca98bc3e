"""Reading YAML while keeping each value's line, so that every problem can say where it is.

PyYAML's composer gives a node tree with marks; we walk that tree instead of the plain
dictionaries ``safe_load`` returns, which have lost their positions.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import yaml

from tayang.sop.dates import EXPECTED as DATE_EXPECTED
from tayang.sop.dates import DateProblem, parse_date
from tayang.sop.errors import DefinitionProblem
from tayang.sop.yamlbounds import DefinitionLimitError, compose_bounded

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str": "teks",
    "tag:yaml.org,2002:int": "bilangan bulat",
    "tag:yaml.org,2002:float": "bilangan",
    "tag:yaml.org,2002:bool": "ya/tidak (true/false)",
    "tag:yaml.org,2002:null": "kosong",
    "tag:yaml.org,2002:timestamp": "tanggal",
}


def line_of(node: yaml.Node) -> int:
    return node.start_mark.line + 1


@dataclass
class Problems:
    """Collects problems instead of stopping at the first, so one run shows them all."""

    source: str
    items: list[DefinitionProblem] = field(default_factory=list)

    def add(self, node: yaml.Node | None, path: str, message: str) -> None:
        self.items.append(
            DefinitionProblem(self.source, line_of(node) if node else 0, path, message)
        )

    def at_line(self, line: int, path: str, message: str) -> None:
        self.items.append(DefinitionProblem(self.source, line, path, message))


def compose(text: str, problems: Problems) -> yaml.Node | None:
    """The node tree of ``text`` within the limits of :mod:`tayang.sop.yamlbounds`."""
    try:
        return compose_bounded(text)
    except DefinitionLimitError as exc:
        mark = exc.problem_mark
        problems.at_line(mark.line + 1 if mark else 0, "", str(exc.problem))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        column = f" (kolom {mark.column + 1})" if mark else ""
        problems.at_line(line, "", f"bukan YAML yang sah{column}: {_syntax_hint(exc)}")
    except yaml.YAMLError as exc:
        problems.at_line(0, "", f"bukan YAML yang sah: {exc}")
    return None


def _syntax_hint(exc: yaml.MarkedYAMLError) -> str:
    """PyYAML's own wording (English, but exact) plus what an editor usually got wrong."""
    problem = exc.problem or str(exc)
    if "'\\t'" in problem:  # PyYAML shows a tab as '\t'
        return f"{problem}; indentasi harus memakai spasi, bukan tab"
    return f"{problem}; periksa indentasi (spasi) dan tanda titik dua «kunci: nilai»"


def suggestion(value: str, options: Iterable[str]) -> str:
    """A "mungkin maksudnya «x»" hint when ``value`` looks like a typo of one of ``options``."""
    close = difflib.get_close_matches(value, [o for o in options if o], n=1, cutoff=0.7)
    return f"; mungkin maksudnya «{close[0]}»" if close else ""


_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def locate(root: yaml.Node, path: str) -> int:
    """The line of the node at ``path`` (e.g. ``steps[3].reject``), or of its nearest parent.

    Checks made on the finished model (the flow of steps) know a problem's field path but not
    its position; this finds the position again in the node tree.
    """
    node = root
    for name, index in _PATH_PART.findall(path):
        child = _child(node, name, int(index) if index else None)
        if child is None:
            break
        node = child
    return line_of(node)


def _child(node: yaml.Node, name: str, index: int | None) -> yaml.Node | None:
    if index is not None:
        if isinstance(node, yaml.SequenceNode) and index < len(node.value):
            return node.value[index]
        return None
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == name:
                return value_node
    return None


def kind_name(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "pemetaan (kunci: nilai)"
    if isinstance(node, yaml.SequenceNode):
        return "daftar"
    return _SCALAR_TAGS.get(node.tag, "nilai")


def scalar_value(node: yaml.ScalarNode) -> object:
    """The Python value of a scalar, resolved as ``safe_load`` would."""
    constructor = yaml.SafeLoader("")  # resolves int, bool, date and null as safe_load does
    try:
        return constructor.construct_object(node, deep=True)
    except (ValueError, yaml.YAMLError):  # e.g. a date like 2024-13-45
        return node.value
    finally:
        constructor.dispose()


@dataclass
class Mapping:
    """A YAML mapping whose values are fetched by key, each access checked and located."""

    node: yaml.MappingNode
    path: str
    problems: Problems
    allowed: frozenset[str] | None  # None: any key (e.g. the values of a choice list)
    entries: dict[str, tuple[yaml.Node, yaml.Node]] = field(init=False)

    def __post_init__(self) -> None:
        self.entries = {}
        for key_node, value_node in self.node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            if key in self.entries:
                self.problems.add(key_node, self.sub(key), "kunci ini ditulis dua kali")
            elif self.allowed is not None and key not in self.allowed:
                expected = ", ".join(sorted(self.allowed))
                self.problems.add(
                    key_node,
                    self.sub(key),
                    f"kunci tidak dikenal; yang diharapkan: {expected}"
                    f"{suggestion(key, self.allowed)}",
                )
            self.entries[key] = (key_node, value_node)

    def sub(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def has(self, key: str) -> bool:
        return key in self.entries and not _is_null(self.entries[key][1])

    def node_of(self, key: str) -> yaml.Node:
        return self.entries[key][1] if key in self.entries else self.node

    def missing(self, key: str, what: str) -> None:
        self.problems.add(self.node, self.sub(key), f"wajib diisi: {what}")

    def text(self, key: str, *, required: str = "", default: str = "") -> str:
        if not self.has(key):
            if required:
                self.missing(key, required)
            return default
        node = self.entries[key][1]
        if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:bool":
            self.problems.add(node, self.sub(key), f"harus berupa teks, bukan {kind_name(node)}")
            return default
        return str(node.value).strip()

    def integer(self, key: str, what: str, *, minimum: int = 0) -> int | None:
        if not self.has(key):
            return None
        node = self.entries[key][1]
        value = scalar_value(node) if isinstance(node, yaml.ScalarNode) else None
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            self.problems.add(
                node,
                self.sub(key),
                f"{what} harus berupa bilangan bulat ≥ {minimum}, bukan «{_show(node)}»",
            )
            return None
        return value

    def boolean(self, key: str) -> bool:
        if not self.has(key):
            return False
        node = self.entries[key][1]
        value = scalar_value(node) if isinstance(node, yaml.ScalarNode) else None
        if not isinstance(value, bool):
            self.problems.add(node, self.sub(key), f"harus true atau false, bukan «{_show(node)}»")
            return False
        return value

    def date(self, key: str) -> datetime.date | None:
        if not self.has(key):
            return None
        node = self.entries[key][1]
        value = scalar_value(node) if isinstance(node, yaml.ScalarNode) else None
        if value == "":  # a blank date of the signed document, written like its blank number
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        # Written as the signed document writes it: "16 Februari 2016", "16-02-2016".
        parsed = parse_date(value) if isinstance(value, str) else DateProblem(
            f"«{_show(node)}» bukan tanggal; {DATE_EXPECTED}"
        )
        if isinstance(parsed, DateProblem):
            self.problems.add(node, self.sub(key), parsed.message)
            return None
        return parsed

    def mapping(
        self, key: str, allowed: set[str] | None, *, required: str = ""
    ) -> Mapping | None:
        if not self.has(key):
            if required:
                self.missing(key, required)
            return None
        node = self.entries[key][1]
        if not isinstance(node, yaml.MappingNode):
            self.problems.add(
                node,
                self.sub(key),
                f"harus berupa pemetaan (kunci: nilai), bukan {kind_name(node)}",
            )
            return None
        return Mapping(
            node, self.sub(key), self.problems, None if allowed is None else frozenset(allowed)
        )

    def sequence(self, key: str, *, required: str = "") -> list[yaml.Node]:
        if not self.has(key):
            if required:
                self.missing(key, required)
            return []
        node = self.entries[key][1]
        if not isinstance(node, yaml.SequenceNode):
            self.problems.add(node, self.sub(key), f"harus berupa daftar, bukan {kind_name(node)}")
            return []
        return list(node.value)

    def texts(self, key: str) -> tuple[str, ...]:
        """A list of texts; a single text is accepted as a list of one."""
        if not self.has(key):
            return ()
        node = self.entries[key][1]
        if isinstance(node, yaml.ScalarNode):
            return (str(node.value).strip(),)
        values = []
        for index, element in enumerate(self.sequence(key)):
            if isinstance(element, yaml.ScalarNode):
                values.append(str(element.value).strip())
            else:
                self.problems.add(
                    element, f"{self.sub(key)}[{index}]", f"harus teks, bukan {kind_name(element)}"
                )
        return tuple(values)


def mappings(
    nodes: list[yaml.Node], path: str, problems: Problems, allowed: set[str]
) -> Iterator[tuple[int, Mapping]]:
    """The elements of a list that are mappings, reporting the ones that are not."""
    for index, node in enumerate(nodes):
        element_path = f"{path}[{index}]"
        if isinstance(node, yaml.MappingNode):
            yield index, Mapping(node, element_path, problems, frozenset(allowed))
        else:
            problems.add(node, element_path, f"harus berupa pemetaan, bukan {kind_name(node)}")


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def _show(node: yaml.Node) -> str:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else kind_name(node)
