"""Decision links (``/putuskan/``), the person's PIN page (``/profil/pin/``) and the admin's
screen under the workspace's *Kelola*."""

from django.urls import path

from tayang.decisions.views import link, manage, profile

app_name = "decisions"

urlpatterns = [
    path("putuskan/", link.open_link, name="open"),
    path("putuskan/pin/", link.enter_pin, name="pin-check"),
    path("putuskan/konten/", link.decide, name="decide"),
    path("putuskan/berkas/<int:pk>/<str:variant>/", link.asset, name="asset"),
    path("putuskan/selesai/", link.done, name="done"),
    path("profil/pin/", profile.pin_page, name="pin"),
    path("profil/pin/tautan/<int:pk>/cabut/", profile.revoke_one, name="revoke-own"),
    path("profil/pin/tautan/cabut-semua/", profile.revoke_all, name="revoke-own-all"),
    path("kerja/<slug:org>/kelola/tautan-keputusan/", manage.links_page, name="manage"),
    path("kerja/<slug:org>/kelola/tautan-keputusan/buka-kunci/<int:user>/", manage.unlock,
         name="manage-unlock"),
    path("kerja/<slug:org>/kelola/tautan-keputusan/<int:pk>/cabut/", manage.revoke,
         name="manage-revoke"),
]
