"""URLs of a request on an organization's own host name (see :mod:`tayang.public.middleware`).

Only the site itself, its ``robots.txt`` and ``favicon.ico``: the workspace, sign-in and admin
are not served on an agency's public host.
"""

from django.urls import include, path

from tayang.public.views import robots
from tayang.web import icon

urlpatterns = [
    path("robots.txt", robots.robots_txt, name="robots"),
    path("favicon.ico", icon.favicon, name="favicon"),
    path("", include("tayang.public.urls")),
]

handler404 = "tayang.public.views.errors.not_found"
