"""Errors of an SOP definition, each naming the file, the line and the field."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DefinitionProblem:
    """One thing wrong with a definition file. ``line`` is 1-based; 0 when unknown."""

    source: str
    line: int
    path: str  # the field, e.g. ``steps[3].reject``
    message: str  # what is wrong and what was expected, in Bahasa Indonesia

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        field = f" {self.path}:" if self.path else ""
        return f"{where}:{field} {self.message}"


class SopDefinitionError(ValueError):
    """A definition was refused whole; ``problems`` lists every reason found."""

    def __init__(self, problems: list[DefinitionProblem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.line, p.path))
        count = len(self.problems)
        header = f"Definisi SOP ditolak: {count} masalah ditemukan."
        super().__init__("\n".join([header, *(f"  - {p}" for p in self.problems)]))
