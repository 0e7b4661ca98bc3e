"""The product's settings without a page cache: what the server does when nothing is cached."""

from tayang.settings import *  # noqa: F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
