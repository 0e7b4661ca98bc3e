"""Fixtures of the notification tests: a real SMTP server the settings point at."""

import pytest

from tests.channels.testkit import papan  # noqa: F401  (the channel tests' fake platform)
from tests.notify.smtp import Mailbox, SmtpServer


@pytest.fixture
def smtp(settings) -> Mailbox:
    """A real SMTP server on 127.0.0.1; Django's mail settings point at it."""
    server = SmtpServer().start()
    server.use_in(settings)
    yield server.mailbox
    server.stop()
