"""An organization's site on its own host name, as :mod:`tayang.public.host_urls` routes it,
without the views: what :func:`tayang.public.addresses.canonical_url` reverses with."""

from django.urls import include, path

urlpatterns = [
    path("", include("tayang.named_urls.public")),
]
