"""The pages of :mod:`tayang.urls` that background work links to, without the views.

Only the pages a message, a post or a record names: a page linked from a task must be added
here (``reverse`` fails on a name this table lacks, in the tests as in the worker).
"""

from django.urls import include, path

from tayang.named_urls import not_served

notify = ([
    path("profil/pemberitahuan/", not_served, name="preferences"),
    path("kerja/<slug:org>/kelola/pemberitahuan/", not_served, name="manage"),
], "notify")

decisions = ([
    path("putuskan/", not_served, name="open"),
    path("profil/pin/", not_served, name="pin"),
], "decisions")

workspace = ([
    path("", not_served, name="inbox"),
    path("konten/<int:pk>/", not_served, name="item"),
    path("kelola/pihak-luar/", not_served, name="manage-parties"),
], "workspace")

urlpatterns = [
    path("", include(decisions)),
    path("", include(notify)),
    path("kerja/<slug:org>/", include(workspace)),
    path("situs/<slug:org>/", include("tayang.named_urls.public")),
]
