"""What every medium is given, and the failures particular to reaching a person."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tayang.channels.connectors.base import ChannelError, ErrorKind

_URL = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class Outgoing:
    """One message as it is sent: made at sending time, never stored (its link may be a
    personal credential)."""

    key: str  # the delivery's idempotency key (the e-mail's Message-ID)
    kind: str
    title: str
    body: str
    link: str
    organization: str
    # One sentence after the link, made at sending time too: how to get a decision link next
    # time, for a person whose PIN is what kept one out of this message.
    note: str = ""

    @property
    def text(self) -> str:
        return "\n\n".join(part for part in (self.title, self.body, self.link, self.note)
                           if part)

    @property
    def body_and_note(self) -> str:
        """The body with the note, on one line (a WhatsApp template variable has no lines)."""
        return " ".join(part for part in (self.body, self.note) if part)


class RecipientGone(ChannelError):
    """The person cannot be reached on this medium any more (blocked the bot, no WhatsApp):
    retrying cannot help until they act."""

    def __init__(self, message: str, *, detail: str = "") -> None:
        super().__init__(message, kind=ErrorKind.REJECTED, detail=detail)


def without_links(text: str) -> str:
    """``text`` with every address masked: what may be stored or logged of a platform's
    answer, which could echo the message (and a decision link is a credential)."""
    return _URL.sub(lambda match: match.group(0).split("/", 3)[2] + "/…", text)
