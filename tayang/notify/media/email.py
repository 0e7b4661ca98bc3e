"""E-mail through Django's mail settings (SMTP from ``TAYANG_SMTP_*``, else files in var/mail).

SMTP gives no way to ask whether a message arrived, so the journal marks the point of no
return exactly: a server accepts nothing before the end of the message data (the final
``.``), so the attempt is marked uncertain just before that dot is sent — not before the
connection, the sender, the recipients or the body. A worker killed anywhere before the dot
left nothing at the server and the message is sent again; one killed between the dot and the
server's answer cannot know, and the delivery waits for a person instead of risking a second
copy. Every attempt of one delivery carries the same Message-ID, so a mail client that sees
both copies of a message a person chose to send again shows one.
"""

from __future__ import annotations

import contextlib
import re
import smtplib
from collections.abc import Callable
from email.utils import parseaddr
from functools import cache
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend

from tayang.channels.connectors.base import ChannelError, ErrorKind
from tayang.notify.media.base import Outgoing
from tayang.outbox.journal import UNCERTAIN, Journal

_LEADING_DOT = re.compile(rb"(?m)^\.")


class _BeforeEndOfData:
    """``smtplib.SMTP.data`` with a hook run just before the final dot is sent."""

    before_end_of_data: Callable[[], None] | None = None
    end_of_data_sent = False

    def data(self, msg: bytes) -> tuple[int, bytes]:  # type: ignore[override]
        self.putcmd("data")  # type: ignore[attr-defined]
        code, reply = self.getreply()  # type: ignore[attr-defined]
        if code != 354:
            raise smtplib.SMTPDataError(code, reply)
        # As smtplib does (RFC 5321 4.5.2): a line starting with "." gets a second one.
        body = _LEADING_DOT.sub(b"..", msg)
        if not body.endswith(b"\r\n"):
            body += b"\r\n"
        self.send(body)  # type: ignore[attr-defined]
        if self.before_end_of_data is not None:
            self.before_end_of_data()
        self.end_of_data_sent = True
        self.send(b".\r\n")  # type: ignore[attr-defined]
        return self.getreply()  # type: ignore[attr-defined]


@cache
def _journalled(connection_class: type[smtplib.SMTP]) -> type[smtplib.SMTP]:
    """``connection_class`` (``SMTP`` or ``SMTP_SSL``) with the hooked :meth:`data`."""
    return type(f"Journalled{connection_class.__name__}", (_BeforeEndOfData, connection_class),
                {})


def message_id(key: str) -> str:
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "tayang.local"
    return f"<{key}@{domain}>"


def compose(address: str, outgoing: Outgoing, footer: str) -> EmailMessage:
    return EmailMessage(
        subject=outgoing.title, body=f"{outgoing.text}\n\n-- \n{footer}\n",
        from_email=settings.DEFAULT_FROM_EMAIL, to=[address],
        headers={"Message-ID": message_id(outgoing.key), "Auto-Submitted": "auto-generated"},
    )


def send(address: str, outgoing: Outgoing, journal: Journal, footer: str) -> str:
    """Send one e-mail; its Message-ID. Raises :class:`ChannelError`."""
    email = compose(address, outgoing, footer)
    backend = mailers.default
    if not isinstance(backend, SmtpBackend):
        # Files, memory, console: nothing can be half-sent, but keep the same order.
        journal.record(UNCERTAIN, True)
        backend.send_messages([email])
        return message_id(outgoing.key)
    connection: Any = None
    try:
        backend.open()  # as configured: TLS or SSL, login, timeout
        connection = backend.connection
        # The same connection, given the data() that marks the journal before the final dot.
        connection.__class__ = _journalled(type(connection))
        connection.before_end_of_data = lambda: journal.record(UNCERTAIN, True)
        backend.send_messages([email])
    except smtplib.SMTPResponseException as error:
        raise _refused(error) from error
    except smtplib.SMTPRecipientsRefused as error:
        raise _recipients_refused(error) from error
    except (smtplib.SMTPException, OSError) as error:
        after_dot = bool(connection is not None and connection.end_of_data_sent)
        raise _cut_off(error, after_dot) from error
    finally:
        # The message is sent or refused already; a lost QUIT changes nothing.
        with contextlib.suppress(smtplib.SMTPException, OSError):
            backend.close()
    return message_id(outgoing.key)


def _refused(error: smtplib.SMTPResponseException) -> ChannelError:
    """The server answered no: nothing was accepted (the journal's mark is cleared)."""
    code = error.smtp_code
    text = error.smtp_error.decode(errors="replace") if isinstance(error.smtp_error, bytes) \
        else str(error.smtp_error)
    detail = f"{code} {text}"[:300]
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return ChannelError(
            "Server e-mail menolak nama pengguna atau kata sandi Tayang (TAYANG_SMTP_USER, "
            "TAYANG_SMTP_PASSWORD). Tim teknis perlu memeriksanya.",
            kind=ErrorKind.AUTH, detail=detail,
        )
    if 400 <= code < 500:
        return ChannelError(
            "Server e-mail menolak sementara (sibuk atau membatasi). Tayang akan mencoba lagi.",
            kind=ErrorKind.RATE_LIMITED, retryable=True, detail=detail,
        )
    return ChannelError(
        f"Server e-mail menolak pesan ini (kode {code}): alamat penerima mungkin salah atau "
        "tidak ada. Periksa alamat e-mail di halaman Pemberitahuan.",
        kind=ErrorKind.REJECTED, detail=detail,
    )


def _recipients_refused(error: smtplib.SMTPRecipientsRefused) -> ChannelError:
    codes = {code for code, _ in error.recipients.values()}
    retryable = bool(codes) and all(400 <= code < 500 for code in codes)
    return ChannelError(
        "Server e-mail menolak alamat penerima." + (
            " Tayang akan mencoba lagi." if retryable
            else " Periksa alamat e-mail di halaman Pemberitahuan."),
        kind=ErrorKind.RATE_LIMITED if retryable else ErrorKind.REJECTED,
        retryable=retryable, detail=" ".join(str(code) for code in sorted(codes)),
    )


def _cut_off(error: Exception, after_dot: bool) -> ChannelError:
    """No answer: before the final dot nothing was accepted; after it, nobody knows."""
    if after_dot:
        message = "Sambungan ke server e-mail terputus sebelum server menjawab."
    elif isinstance(error, TimeoutError):
        message = "Server e-mail tidak menjawab tepat waktu."
    else:
        message = "Tidak dapat terhubung ke server e-mail."
    return ChannelError(
        f"{message} Tayang akan mencoba lagi.", kind=ErrorKind.NETWORK, retryable=True,
        maybe_posted=after_dot, detail=f"{type(error).__name__}: {error}"[:300],
    )
