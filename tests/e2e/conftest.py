"""Browser tests: real Chromium, driven by Playwright, against pytest-django's live server.

One browser per module (starting Chromium is the slow part); every sign-in gets a fresh browser
context, so no cookie or session leaks from one role to the next.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread
from playwright.sync_api import Browser, expect, sync_playwright

from tayang.demo import organizations

from .pages import Site

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# The test database is SQLite in memory, whose one connection the live server shares with the
# test. A threaded server would use it from several threads at once when the browser fetches a
# page and its images together ("bad parameter or other API misuse"); one request at a time is
# what that connection can take. Each answer closes its connection, so nothing waits on another.
class SerialWSGIServer(WSGIServer):
    def __init__(self, *args: object, connections_override: object = None,
                 **kwargs: object) -> None:
        # The live server thread has already put the shared connection in place for itself,
        # and this server answers in that very thread.
        super().__init__(*args, **kwargs)


LiveServerThread.server_class = SerialWSGIServer

# A page answers in milliseconds; the slack is for a busy two-core machine, not for sleeping.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium tidak ditemukan di {CHROMIUM}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def demo_site(
    live_server, browser: Browser, monkeypatch: pytest.MonkeyPatch
) -> Callable[[str], Site]:
    """Build one demo organization (accounts, role grants, sample items) and point at it.

    Only the organization a test needs is built: the demo builder walks the module's list of
    organizations, which is narrowed to that one for the test.
    """

    def build(slug: str) -> Site:
        demo = next(org for org in organizations.DEMO_ORGANIZATIONS if org.slug == slug)
        monkeypatch.setattr(organizations, "DEMO_ORGANIZATIONS", (demo,))
        organizations.build()
        return Site(browser, live_server.url, demo)

    return build
