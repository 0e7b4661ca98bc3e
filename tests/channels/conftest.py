"""Fixtures of the channel tests."""

import httpx
import pytest

from tests.channels.testkit import papan  # noqa: F401  (the fixture, for every test here)


@pytest.fixture
def http():
    """The client a connector gets; files whose tests wait on a silent fake use a shorter one."""
    with httpx.Client(timeout=2) as client:
        yield client


@pytest.fixture
def quick():
    """A client that gives up fast, for the tests where the fake never answers."""
    with httpx.Client(timeout=0.5) as client:
        yield client
