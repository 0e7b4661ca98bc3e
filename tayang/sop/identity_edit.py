"""Writing an edited identity block back into a definition, keeping everything else as written.

An organization that runs a bundled SOP edits its identity (agency, number, dates, signer) in a
form; the result must be a definition file like any other, checked by the loader. Rather than
generate a new file, which would drop the YAML's comments (the transcription notes of a seed)
and its layout, only the values that changed are rewritten, in place, using the positions of
the YAML nodes; keys the block lacks are added after their neighbours in the format's order.
Where the block is written in a way this cannot edit safely (flow style, aliases), the whole
``identity:`` block is written anew and the rest of the file is still kept as it was.

Values come as the person typed them: texts, dates as text ("16 Februari 2016"), the revision
number as text, lists as lists of texts, the signer as a mapping of texts. They are written
as YAML scalars that read back as exactly that text, so the loader judges what was typed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import yaml

from tayang.sop.dates import parse_date
from tayang.sop.reading.keys import IDENTITY_ORDER, OFFICIAL_ORDER

type Value = str | list[str] | dict[str, str]

DATE_KEYS = frozenset({"made_on", "revised_on", "effective_on"})
NUMBER_KEYS = frozenset({"revision"})
LIST_KEYS = frozenset({
    "legal_bases", "qualifications", "related_sops", "equipment", "warnings", "records",
})
MAPPING_KEYS = {"approved_by": OFFICIAL_ORDER}
_NULL = "tag:yaml.org,2002:null"


class IdentityNotEditable(ValueError):
    """The definition has no identity block this module can find (a broken file)."""


@dataclass(frozen=True)
class Edited:
    text: str
    kept_layout: bool  # False: the identity block was written anew (its comments are gone)


def write_identity(text: str, values: Mapping[str, Value]) -> Edited:
    """``text`` with the identity keys in ``values`` set; other keys and the rest kept."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    entry = _entry(root, "identity")
    if entry is None or not isinstance(entry[1], yaml.MappingNode):
        raise IdentityNotEditable("definisi tidak memiliki blok identity yang dapat diubah")
    key_node, block = entry
    if block.start_mark.index < key_node.end_mark.index:  # "identity: *alias"
        raise IdentityNotEditable("blok identity ditulis sebagai alias YAML")
    splicer = _Splicer(text)
    try:
        edits = splicer.mapping(block, values, IDENTITY_ORDER)
    except _Unsupported:
        return Edited(_rewritten_block(text, key_node, block, values), kept_layout=False)
    # New keys at one place (the signer's rank and, after the signer, the purpose) go in the
    # order they were found: inner keys first.
    edits += [
        _Edit(position, position, "".join("\n" + line for line in lines), adds=True)
        for position, lines in splicer.additions.items()
    ]
    # From the end backwards, so that earlier positions stay valid; where a key is added at
    # the very place a value is written ("made_on:" left empty), the key goes in first, so
    # that the value then lands before it.
    for edit in sorted(edits, key=lambda edit: (edit.start, edit.adds), reverse=True):
        text = text[:edit.start] + edit.text + text[edit.end:]
    return Edited(text, kept_layout=True)


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    text: str
    adds: bool = False  # a new key, not a changed value


class _Unsupported(Exception):
    """A layout the splicer does not edit in place."""


class _Splicer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.additions: dict[int, list[str]] = {}  # position -> lines of new keys

    def mapping(
        self, node: yaml.MappingNode, values: Mapping[str, Value], order: tuple[str, ...]
    ) -> list[_Edit]:
        if node.flow_style or not node.value:
            raise _Unsupported
        indent = node.value[0][0].start_mark.column
        entries = {str(k.value): (k, v) for k, v in node.value}
        edits: list[_Edit] = []
        # Where a missing key goes: after the nearest key before it in the format's order.
        anchor_end = self._entry_end(node.value[0][1])
        for key in order:
            if key in entries:
                key_of, value_node = entries[key]
                self._guard(key_of, value_node)
                anchor_end = self._entry_end(value_node)
                if key in values:
                    edits.extend(self._replace(key, key_of, value_node, values[key], indent))
            elif key in values and not _is_empty(values[key]):
                line = _entry_text(key, values[key], indent)
                self.additions.setdefault(anchor_end, []).append(line)
        return edits

    def _replace(
        self, key: str, key_node: yaml.Node, node: yaml.Node, value: Value, indent: int
    ) -> list[_Edit]:
        whole = (key_node.end_mark.index, self._value_end(node))  # from the key's colon on
        if key in MAPPING_KEYS:
            if not isinstance(node, yaml.MappingNode) or node.flow_style or not node.value:
                return [_Edit(*whole, ":" + _block_value(key, value, indent))]
            if not isinstance(value, dict):
                raise AssertionError
            return self.mapping(node, value, MAPPING_KEYS[key])
        if _meaning(key, _node_value(node)) == _meaning(key, value):
            return []  # unchanged: keep the text as the agency wrote it
        if isinstance(value, list) and value:
            if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
                lines = [f"- {_scalar(item)}" for item in value]
                joined = ("\n" + " " * node.start_mark.column).join(lines)
                return [_Edit(node.start_mark.index, self._value_end(node), joined)]
            return [_Edit(*whole, ":" + _block_value(key, value, indent))]
        rendered = _inline(key, value)
        if isinstance(node, yaml.ScalarNode) and node.tag == _NULL and node.value == "":
            return [_Edit(node.start_mark.index, node.end_mark.index, " " + rendered)]  # "key:"
        if isinstance(node, yaml.ScalarNode) and node.style not in ("|", ">"):
            return [_Edit(node.start_mark.index, node.end_mark.index, rendered)]
        return [_Edit(*whole, ": " + rendered)]

    def _guard(self, key_node: yaml.Node, node: yaml.Node) -> None:
        # An alias points at its anchor elsewhere in the file; an anchor here may be used
        # elsewhere. Neither can be rewritten in place without changing the other place.
        if node.start_mark.index < key_node.end_mark.index:
            raise _Unsupported
        if self.text[node.start_mark.index:node.start_mark.index + 1] == "&":
            raise _Unsupported

    def _value_end(self, node: yaml.Node) -> int:
        """Where the value's own text ends (a block's trailing comments are not its own)."""
        last = node
        while (isinstance(last, yaml.MappingNode | yaml.SequenceNode) and last.value
               and not last.flow_style):  # a flow collection ends at its own bracket
            last = last.value[-1][1] if isinstance(last, yaml.MappingNode) else last.value[-1]
        end = last.end_mark.index
        if (isinstance(last, yaml.ScalarNode) and last.style in ("|", ">")) or (
            isinstance(last, yaml.MappingNode | yaml.SequenceNode) and not last.flow_style
        ):
            while end > 0 and self.text[end - 1] in " \t\r\n":
                end -= 1
        return end

    def _entry_end(self, node: yaml.Node) -> int:
        """The end of the last line of a value (after an inline comment): where a new key goes."""
        end = self.text.find("\n", self._value_end(node))
        return len(self.text) if end < 0 else end


def _entry_text(key: str, value: Value, indent: int) -> str:
    if isinstance(value, dict | list) and value:
        return " " * indent + key + ":" + _block_value(key, value, indent)
    return " " * indent + f"{key}: {_inline(key, value)}"


def _block_value(key: str, value: Value, indent: int) -> str:
    """A value written after ``key:`` on the lines below it (or inline when short/empty)."""
    pad = " " * (indent + 2)
    if isinstance(value, dict):
        order = MAPPING_KEYS.get(key, tuple(value))
        lines = [f"{pad}{name}: {_scalar(value[name])}" for name in order if value.get(name)]
        return "".join("\n" + line for line in lines) if lines else " {}"
    if isinstance(value, list):
        return "".join(f"\n{pad}- {_scalar(item)}" for item in value) if value else " []"
    return " " + _inline(key, value)


def _inline(key: str, value: Value) -> str:
    if isinstance(value, list):
        return "[]" if not value else "[" + ", ".join(_scalar(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{}"
    text = value.strip()
    if key in DATE_KEYS | NUMBER_KEYS:
        if not text:
            return "null"
        if key in NUMBER_KEYS and text.isdigit():
            return text
    return _scalar(text)


def _scalar(text: str) -> str:
    """``text`` as a YAML scalar that reads back as exactly that text: plain where it can be,
    double-quoted otherwise (a NIP of digits, "yes", a colon, a leading "#")."""
    text = text.strip()
    if text and "\n" not in text:
        try:
            if yaml.safe_load(f"k: {text}\n") == {"k": text}:
                return text
        except yaml.YAMLError:
            pass
    dumped = yaml.safe_dump(text, default_style='"', allow_unicode=True, width=float("inf"))
    return dumped.strip()


def _node_value(node: yaml.Node) -> Value | None:
    if isinstance(node, yaml.MappingNode):
        return {str(k.value): str(v.value).strip() for k, v in node.value
                if isinstance(v, yaml.ScalarNode) and v.tag != _NULL}
    if isinstance(node, yaml.SequenceNode):
        return [str(item.value).strip() for item in node.value
                if isinstance(item, yaml.ScalarNode)]
    if isinstance(node, yaml.ScalarNode):
        return "" if node.tag == _NULL else str(node.value).strip()
    return None


def _meaning(key: str, value: Value | None) -> object:
    """What the loader would read, so an unchanged value keeps its written form."""
    if isinstance(value, list):
        return tuple(item.strip() for item in value)
    if value is None or isinstance(value, dict):
        return value
    text = " ".join(value.split())
    if key in LIST_KEYS:
        return (text,) if text else ()  # a single text is a list of one
    if key in DATE_KEYS and text:
        return parse_date(text)
    if key in NUMBER_KEYS and text.isdigit():
        return int(text)
    return text


def _is_empty(value: Value) -> bool:
    if isinstance(value, dict):
        return not any(text.strip() for text in value.values())
    if isinstance(value, list):
        return not value
    return not value.strip()


def _entry(root: yaml.Node | None, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    if not isinstance(root, yaml.MappingNode):
        return None
    return next(((k, v) for k, v in root.value if getattr(k, "value", None) == key), None)


def _rewritten_block(
    text: str, key_node: yaml.Node, block: yaml.MappingNode, values: Mapping[str, Value]
) -> str:
    """The whole identity block written anew from ``values`` and the keys it keeps."""
    kept = {
        str(k.value): value for k, v in block.value
        if str(k.value) not in values and (value := _node_value(v)) is not None
    }
    merged = {**kept, **values}
    indent = key_node.start_mark.column + 2
    lines = [
        _entry_text(key, merged[key], indent)
        for key in IDENTITY_ORDER if key in merged and not _is_empty(merged[key])
    ]
    end = _Splicer(text)._value_end(block)
    return text[:key_node.start_mark.index] + "identity:\n" + "\n".join(lines) + text[end:]
