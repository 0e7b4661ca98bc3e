"""Fixtures of the channel tests."""

from tests.channels.testkit import papan  # noqa: F401  (the fixture, for every test here)
