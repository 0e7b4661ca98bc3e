"""An in-memory journal for connector tests (the real one saves to the publication row)."""

from __future__ import annotations

from typing import Any


class DictJournal(dict):
    def get(self, key: str, default: Any = None) -> Any:
        return super().get(key, default)

    def record(self, key: str, value: Any) -> None:
        self[key] = value
