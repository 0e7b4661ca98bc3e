"""URLs of a request on an organization's own host name (see :mod:`tayang.public.middleware`).

Only the site itself and its ``robots.txt``: the workspace, sign-in and admin are not served on
an agency's public host.
"""

from django.urls import include, path

from tayang.public.views import robots

urlpatterns = [
    path("robots.txt", robots.robots_txt, name="robots"),
    path("", include("tayang.public.urls")),
]

handler404 = "tayang.public.views.errors.not_found"
