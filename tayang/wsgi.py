"""WSGI entry point for production servers (``granian tayang.wsgi:application``)."""

import os

from django.core.wsgi import get_wsgi_application

from tayang import heap

heap.settle()  # before the first request: big buffers are given back (tayang/heap.py)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tayang.settings")
application = get_wsgi_application()


def _load_urls() -> None:
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (loads every view module now, not at a request)


_load_urls()
heap.freeze()  # what is loaded now stays out of the garbage collector's full passes


def _freeze_when_warm() -> None:
    from django.core.signals import request_finished

    # ... and what the first requests make (templates, per-process tables), once.
    request_finished.connect(heap.freeze_when_warm)


_freeze_when_warm()
