"""What every part of a definition shares while it is read: problems and a few common checks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tayang.sop.model import END, CheckKind, FieldKind, MediaKind, StepKind
from tayang.sop.yamlnodes import Mapping, Problems, suggestion

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass
class ReadContext:
    """One reading of one file: the problems found so far and what later checks must know."""

    problems: Problems
    # The flow of steps is checked only when every step has a sound key, kind and targets:
    # otherwise the flow checks would report consequences of problems already reported.
    flow_ready: bool = True
    # Field limits that were given but invalid, so that checks relying on them stay quiet.
    invalid_limits: set[tuple[str, str]] = field(default_factory=set)

    def key(self, entry: Mapping, seen: set[str], what: str) -> str:
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

    def references(
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

    def enum[E: (FieldKind, StepKind, CheckKind, MediaKind)](
        self, entry: Mapping, key: str, enum: type[E], *, required: bool = False
    ) -> E | None:
        value = entry.text(key)
        if not value:
            if required:
                expected = ", ".join(member.value for member in enum)
                entry.missing(key, f"salah satu dari: {expected}")
            return None
        return self.enum_value(entry, key, value, enum)

    def enum_value[E: (FieldKind, StepKind, CheckKind, MediaKind)](
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


def unique_valid(keys: list[str]) -> bool:
    """Whether every key is well formed and used once (else the flow is not checked)."""
    return len(set(keys)) == len(keys) and all(
        KEY_PATTERN.match(key) and key != END for key in keys
    )
