"""A publication's state is written only by ``channels/transitions.py``, which keeps the
dashboard's publication tallies in the same transaction (issue 13, point 4). A structure test:
every module of the product that speaks of ``Publication`` is read (its syntax tree), and any
write of a ``state`` outside that module fails it — an attribute assigned, an ``update`` or
``create`` given a ``state`` (or a ``**`` of unknown names), ``save``/``bulk_update`` naming
it, a ``Publication(...)`` made with it, or a ``setattr`` of it."""

from __future__ import annotations

import ast
from pathlib import Path

import tayang
from tayang.channels import delivery

ROOT = Path(tayang.__file__).parent
ALLOWED = {
    ROOT / "channels" / "transitions.py",
    # The outbox machinery of every kind of row: its writes of a state go through
    # ``Outbox.write``, which publications set to ``transitions.update`` (tested below).
    ROOT / "outbox" / "rows.py",
}
WRITES = {"update", "update_or_create", "get_or_create", "create"}


def _names_state(node: ast.AST | None) -> bool:
    """A literal list/tuple/set holding "state", or anything not a literal (unknown)."""
    if node is None:
        return False
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return any(isinstance(e, ast.Constant) and e.value == "state" for e in node.elts)
    return not isinstance(node, ast.Constant)


def _receiver(func: ast.expr) -> str:
    """The first name of a call's chain: ``transitions`` of ``transitions.update(...)``."""
    while isinstance(func, ast.Attribute | ast.Call):
        func = func.func if isinstance(func, ast.Call) else func.value
    return func.id if isinstance(func, ast.Name) else ""


def _other_model(func: ast.expr) -> bool:
    first = _receiver(func)
    return first[:1].isupper() and first != "Publication"


def _writes(node: ast.Call) -> bool:
    keywords = {k.arg for k in node.keywords}
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if _receiver(func) == "transitions":
        return False
    # ``**fields`` may hold a state, unless the call names another model (Article…).
    unknown = None in keywords and not _other_model(func)
    if name in WRITES or name == "Publication":
        return "state" in keywords or unknown
    if name == "save":
        return any(k.arg == "update_fields" and _names_state(k.value) for k in node.keywords)
    if name == "bulk_update":
        return (_names_state(node.args[1] if len(node.args) > 1 else None)
                or any(k.arg == "fields" and _names_state(k.value) for k in node.keywords))
    return name == "setattr" and len(node.args) > 1 and _names_state(node.args[1])


def writes_of_state(source: str) -> list[int]:
    """The lines of ``source`` that write a ``state`` (see the module's note)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        if any(isinstance(t, ast.Attribute) and t.attr == "state" for t in targets):
            found.append(node.lineno)
        if isinstance(node, ast.Call) and _writes(node):
            found.append(node.lineno)
    return found


def test_only_transitions_writes_a_publications_state():
    offending = []
    for path in sorted(ROOT.rglob("*.py")):
        if path in ALLOWED or "migrations" in path.parts:
            continue
        source = path.read_text(encoding="utf-8")
        if "Publication" not in source:
            continue
        offending += [f"{path.relative_to(ROOT)}:{line}" for line in writes_of_state(source)]
    assert offending == []


def test_the_check_sees_each_kind_of_write():
    """The check itself: each way of writing the state is caught, reads are not."""
    caught = writes_of_state("\n".join([
        "publication.state = State.FAILED",
        "Publication.objects.filter(pk=1).update(state='failed')",
        "rows.update(**changes)",
        "publication.save(update_fields=['state', 'url'])",
        "Publication.objects.bulk_update(rows, ['state'])",
        "Publication(item=item, state='queued')",
        "setattr(publication, name, value)",
        "Publication.objects.filter(state='queued').exists()",
        "publication.save(update_fields=['url'])",
        "x = publication.state",
    ]))
    assert caught == [1, 2, 3, 4, 5, 6, 7]


def test_the_outbox_writes_publications_through_transitions():
    from tayang.channels import transitions

    assert delivery.PUBLICATIONS.write is transitions.update
