"""A real SMTP server for the tests (aiosmtpd), with faults a mail server really has.

It speaks SMTP on 127.0.0.1 like any relay: Tayang's worker connects, says who the message is
from and to, and sends the data; the server keeps each message it accepted. Faults:

* ``refuse(address)`` — the recipient is refused (550), as for an unknown mailbox;
* ``hang_at_rcpt(address)`` — the server stops answering at that recipient, before any data:
  the message was never accepted (the worker-kill test kills the worker here);
* ``hang_after_data(address)`` — the server keeps the whole message and then never answers
  the final dot: the sender cannot know whether it was accepted;
* ``busy(times)`` — the next connections get "421 try again later".
"""

from __future__ import annotations

import asyncio
import email
import logging
import socket
import threading
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import default

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

# aiosmtpd logs every command at INFO; the tests read the mailbox instead.
logging.getLogger("mail.log").setLevel(logging.WARNING)


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def to(self) -> str:
        return self.recipients[0]

    @property
    def text(self) -> str:
        return self.message.get_content()

    @property
    def said(self) -> str:
        """The text above the signature line ("-- "): the message without Tayang's footer,
        with plain new lines (the server keeps SMTP's CRLF)."""
        return self.text.replace("\r\n", "\n").split("\n-- \n")[0].rstrip()

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """The server's handler: what it accepted, and the faults queued for it."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.lock = threading.Lock()
        self.refused: set[str] = set()
        self.rcpt_hangs: set[str] = set()
        self.data_hangs: set[str] = set()
        self.busy_times = 0
        self.hanging = threading.Event()  # set while a fault holds a connection

    # -- faults -------------------------------------------------------------------------------
    def refuse(self, address: str) -> None:
        self.refused.add(address)

    def hang_at_rcpt(self, address: str) -> None:
        self.rcpt_hangs.add(address)

    def hang_after_data(self, address: str) -> None:
        self.data_hangs.add(address)

    def busy(self, times: int = 1) -> None:
        self.busy_times = times

    # -- what it received ---------------------------------------------------------------------
    def messages(self) -> list[Received]:
        with self.lock:
            return list(self.received)

    def to(self, address: str) -> list[Received]:
        return [m for m in self.messages() if address in m.recipients]

    def subjects(self) -> list[tuple[str, str]]:
        return sorted((m.to, m.subject) for m in self.messages())

    def clear(self) -> None:
        with self.lock:
            self.received.clear()

    # -- aiosmtpd hooks -----------------------------------------------------------------------
    async def handle_MAIL(self, server: SMTP, session: Session, envelope: Envelope,
                          address: str, mail_options: list[str]) -> str:
        if self.busy_times > 0:
            self.busy_times -= 1
            return "421 4.3.2 Service not available, try again later"
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope,
                          address: str, rcpt_options: list[str]) -> str:
        if address in self.refused:
            return "550 5.1.1 Mailbox unavailable"
        if address in self.rcpt_hangs:
            self.rcpt_hangs.discard(address)
            await self._hang()
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        message = email.message_from_bytes(envelope.content, policy=default)
        with self.lock:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos),
                                          message))  # type: ignore[arg-type]
        if set(envelope.rcpt_tos) & self.data_hangs:
            self.data_hangs -= set(envelope.rcpt_tos)
            await self._hang()
        return "250 2.0.0 Message accepted for delivery"

    async def _hang(self) -> None:
        self.hanging.set()
        await asyncio.sleep(3600)


class SmtpServer:
    def __init__(self) -> None:
        self.mailbox = Mailbox()
        self.port = free_port()
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port,
                                     ready_timeout=10)

    def start(self) -> SmtpServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop(no_assert=True)

    @property
    def env(self) -> dict[str, str]:
        """The environment a Tayang process needs to send through this server."""
        return {"TAYANG_SMTP_HOST": "127.0.0.1", "TAYANG_SMTP_PORT": str(self.port),
                "TAYANG_SMTP_SECURITY": "none", "TAYANG_SMTP_TIMEOUT": "30"}

    def use_in(self, settings: object, timeout: float = 5) -> None:
        """Point Django's (test) settings at this server."""
        settings.MAILERS = smtp_mailers(self.port, timeout)  # type: ignore[attr-defined]


def smtp_mailers(port: int, timeout: float = 5) -> dict[str, dict[str, object]]:
    """Django's ``MAILERS`` for a plain SMTP server on 127.0.0.1 at ``port`` (no TLS, no login),
    as the settings make it from ``TAYANG_SMTP_SECURITY=none``."""
    return {"default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": timeout},
    }}


def with_timeout(settings: object, seconds: float) -> None:
    """The SMTP mailer of ``settings`` gives up on a silent server after ``seconds``."""
    mailer = settings.MAILERS["default"]  # type: ignore[attr-defined]
    settings.MAILERS = {"default": {  # type: ignore[attr-defined]
        **mailer, "OPTIONS": {**mailer["OPTIONS"], "timeout": seconds}}}
