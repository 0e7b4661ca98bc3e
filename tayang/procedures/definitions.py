"""Parsing stored SOP texts once per process: a definition never changes once saved."""

from __future__ import annotations

from functools import lru_cache

from tayang.sop.loader import load_text
from tayang.sop.model import Sop


def parsed(text: str, sha256: str, source: str) -> Sop:
    return _parsed(sha256, text, source)


@lru_cache(maxsize=256)
def _parsed(sha256: str, text: str, source: str) -> Sop:
    # Keyed by content hash first, so identical texts share one parse across organizations.
    return load_text(text, source=source)



_BY_HASH: dict[str, Sop] = {}


def sops_by_version(version_ids: set[int]) -> dict[int, Sop]:
    """The SOP of each version id, reading a definition's text only the first time this
    process meets it: a list of thousands of items needs the few SOPs they follow, not one
    6 KB text per row. Keyed by the text's hash, never by id alone (ids can be reused)."""
    from tayang.procedures.models import ProcedureVersion

    # Unordered: the model's ordering (by procedure) would join the procedures to sort.
    hashes = dict(ProcedureVersion.objects.filter(pk__in=version_ids).order_by()
                  .values_list("pk", "sha256"))
    if unread := {pk for pk, sha in hashes.items() if sha not in _BY_HASH}:
        for text, sha256, source, key in ProcedureVersion.objects.filter(
                pk__in=unread).order_by().values_list("text", "sha256", "source_name",
                                                      "procedure__key"):
            _BY_HASH[sha256] = parsed(text, sha256, source or f"{key}.yaml")
    return {pk: _BY_HASH[sha] for pk, sha in hashes.items()}


def current_sops(procedure_ids: set[int]) -> dict[int, Sop]:
    """The SOP of each procedure's newest version, in two small queries for any number."""
    newest = newest_versions(procedure_ids)
    sops = sops_by_version(set(newest.values()))
    return {procedure_id: sops[version_id] for procedure_id, version_id in newest.items()}


def newest_versions(procedure_ids: set[int]) -> dict[int, int]:
    """The id of each procedure's newest version, by the procedure's id."""
    from tayang.procedures.models import ProcedureVersion

    newest: dict[int, int] = {}
    for procedure_id, version_id in (
        ProcedureVersion.objects.filter(procedure_id__in=procedure_ids)
        .order_by("procedure_id", "-number").values_list("procedure_id", "pk")
    ):
        newest.setdefault(procedure_id, version_id)
    return newest


def sop_for(version_id: int, sha256: str) -> Sop:
    """The SOP of a version whose hash the caller already read (no query once it is known)."""
    known = _BY_HASH.get(sha256)
    return known if known is not None else sops_by_version({version_id})[version_id]
