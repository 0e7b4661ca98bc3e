"""Fixtures of the evaluation tests."""

from tests.channels.testkit import papan  # noqa: F401  (a channel's fake platform)
