"""A phone for the browser tests: a fresh context on a 390 × 844 touch screen, watched for
the requests it makes and the CSP violations it reports; axe-core and screenshots.

Screenshots are written to ``$TAYANG_SCREENSHOTS`` when it is set (to look at them).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from .pages import Site, expect_fits_screen, sign_in
from .test_public_a11y import axe_violations, describe

PHONE = {"width": 390, "height": 844}
SHOTS = os.environ.get("TAYANG_SCREENSHOTS", "")


def watch(page: Page) -> Page:
    """Record every request's address and every CSP complaint of the page."""
    requested: list[str] = []
    csp: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda message: csp.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.requested = requested  # type: ignore[attr-defined]
    page.csp = csp  # type: ignore[attr-defined]
    return page


@contextmanager
def phone(browser: Browser, site: Site, username: str | None = None) -> Iterator[Page]:
    """A fresh phone (no cookies), signed in as ``username`` if given."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                  locale="id-ID", timezone_id="Asia/Jakarta")
    try:
        page = watch(context.new_page())
        if username:
            sign_in(page, site, username)
        yield page
    finally:
        context.close()


def shot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def accessible(page: Page, name: str) -> None:
    """No axe-core violation, nothing sideways on the phone, no CSP complaint; a screenshot."""
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator("h1")).to_have_count(1)
    assert not (violations := axe_violations(page)), f"{name}:\n{describe(violations)}"
    expect_fits_screen(page)
    assert not getattr(page, "csp", []), page.csp  # type: ignore[attr-defined]
    shot(page, name)
