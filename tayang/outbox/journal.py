"""The journal of an outbox row: facts about its attempts, committed the moment they are known.

Before the network call that may carry a side effect out (a post, an e-mail, a message) the
attempt records :data:`UNCERTAIN`; a clear "no" from the other side clears it, an answer is
written with the result. If the worker dies in between, the mark is still there for the next
attempt, which then looks before it sends again (publishing), or leaves the row for a person
to check when there is no way to look (notifications): nothing is ever sent twice blindly.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from tayang.outbox.rows import Outbox

UNCERTAIN = "_uncertain"


class LeaseLost(Exception):
    """This attempt no longer holds its row (its lease ran out and another worker took it
    over): it must stop before doing anything more, above all before any network call."""


class Journal:
    """A row's journal; every :meth:`record` is written (and committed) at once.

    Each record also renews the lease: a long piece of work is alive as long as it progresses.
    Writes are guarded by the row's idempotency key and by its state (still held, in
    ``state``: the outbox's working state unless said otherwise), so an old attempt never
    writes into a newer request's journal, and an attempt whose row was handed on raises
    :class:`LeaseLost` instead of going ahead.
    """

    def __init__(self, outbox: Outbox, row: Any, *, state: str | None = None) -> None:
        self.outbox = outbox
        self.pk = row.pk
        self.key = row.idempotency_key
        self.state = state or outbox.working
        self.data: dict[str, Any] = dict(row.journal or {})

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def record(self, key: str, value: Any) -> None:
        self.data[key] = value
        held = self.outbox.model._default_manager.filter(
            pk=self.pk, idempotency_key=self.key, state=self.state
        ).update(journal=self.data, lease_until=timezone.now() + self.outbox.lease())
        if not held:
            raise LeaseLost

    @property
    def uncertain(self) -> bool:
        """An earlier attempt may have carried the effect out without us hearing back."""
        return bool(self.data.get(UNCERTAIN))
