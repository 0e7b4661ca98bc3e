"""The outside parties (``parties:``): units or offices outside the organization's members."""

from __future__ import annotations

from tayang.sop.model import Party, Role
from tayang.sop.reading import keys
from tayang.sop.reading.context import ReadContext
from tayang.sop.yamlnodes import Mapping, mappings


def read_parties(ctx: ReadContext, top: Mapping, roles: list[Role]) -> list[Party]:
    """The declared parties; a key may not be a role's too (one column each)."""
    nodes = top.sequence("parties")
    role_keys = {role.key for role in roles}
    seen: set[str] = set()
    parties = []
    entries = list(mappings(nodes, "parties", ctx.problems, keys.PARTY))
    for _, entry in entries:
        key = ctx.key(entry, seen, "pihak luar")
        if key in role_keys:
            ctx.problems.add(
                entry.node_of("key"), entry.sub("key"),
                f"«{key}» sudah menjadi kunci pelaksana (roles); yang diharapkan: kunci pihak "
                "luar yang berbeda dari setiap pelaksana",
            )
            continue  # the steps naming the role are not told it is a party's
        parties.append(Party(
            key=key,
            name=entry.text("name", required="nama pihak luar (unit atau kantor)"),
            description=entry.text("description"),
        ))
    if top.has("parties") and not entries:
        ctx.problems.add(top.node_of("parties"), "parties",
                         "paling sedikit satu pihak luar, atau hapus parties")
    return parties
