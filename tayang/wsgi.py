"""WSGI entry point for production servers (``granian tayang.wsgi:application``)."""

import os

from django.core.wsgi import get_wsgi_application

from tayang import heap

heap.settle()  # before the first request: big buffers are given back (tayang/heap.py)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tayang.settings")
application = get_wsgi_application()
