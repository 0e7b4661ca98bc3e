"""A person's notifications and choices, and the organization's sending accounts."""

from django.urls import path

from tayang.notify.views import listing, manage, preferences

app_name = "notify"

urlpatterns = [
    path("pemberitahuan/", listing.notifications, name="list"),
    path("pemberitahuan/<int:pk>/buka/", listing.open_notification, name="open"),
    path("pemberitahuan/baca-semua/", listing.read_all, name="read-all"),
    path("pemberitahuan/kirim-ulang/<int:pk>/", listing.resend, name="resend"),
    path("profil/pemberitahuan/", preferences.page, name="preferences"),
    path("profil/pemberitahuan/telegram/<slug:org>/", preferences.telegram_start,
         name="telegram-link"),
    path("profil/pemberitahuan/telegram/<slug:org>/putus/", preferences.telegram_unlink,
         name="telegram-unlink"),
    path("kerja/<slug:org>/kelola/pemberitahuan/", manage.page, name="manage"),
]
