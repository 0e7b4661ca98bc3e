"""The SOP definitions shipped with Tayang: the five seed SOPs of our first agencies."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from tayang.sop.loader import load_file
from tayang.sop.model import Sop

BUNDLED_DIR = Path(__file__).with_name("bundled")


def bundled_paths() -> list[Path]:
    return sorted(BUNDLED_DIR.glob("*.yaml"))


@cache
def bundled_sops() -> dict[str, Sop]:
    """Every bundled SOP by key, loaded once per process (they never change at run time)."""
    sops = (load_file(path) for path in bundled_paths())
    return {sop.key: sop for sop in sops}


@cache
def bundled_sha256() -> dict[str, str]:
    """The SHA-256 of each bundled SOP's file, by key: what its printed document is made of."""
    keys = list(bundled_sops())  # in the order of bundled_paths(), one SOP per file
    return {key: hashlib.sha256(path.read_bytes()).hexdigest()
            for key, path in zip(keys, bundled_paths(), strict=True)}


def bundled_sop(key: str) -> Sop:
    try:
        return bundled_sops()[key]
    except KeyError:
        known = ", ".join(sorted(bundled_sops()))
        raise KeyError(f"SOP bawaan «{key}» tidak ada; yang tersedia: {known}") from None
